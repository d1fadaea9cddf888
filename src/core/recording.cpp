#include "imagechecker/os/recording.h"

#include <deque>
#include <fstream>
#include <map>
#include <mutex>

#include "imagechecker/input_file.h"
#include "imagechecker/version.h"
#include "os_json.h"
#include "time_format.h"

namespace ic::os {

using nlohmann::json;

namespace {

constexpr const char* kFormatName = "imagechecker-recording";
constexpr int kFormatVersion = 1;
constexpr const char* kRedacted = "(password not recorded)";

std::string describe_question(const std::string& ask, const json& args) {
    std::string text = ask + "(";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0) text += ", ";
        text += args[i].dump();
    }
    return text + ")";
}

}  // namespace

// ---- Journal ----

/// The questions and answers of one run, in order; thread-safe because checks run on worker threads.
class Journal {
public:
    void append(const std::string& ask, json args, json answer) {
        std::lock_guard<std::mutex> lock(mutex_);
        exchanges_.push_back({{"ask", ask}, {"args", std::move(args)}, {"answer", std::move(answer)}});
    }

    [[nodiscard]] json exchanges() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return exchanges_;
    }

    /// Indexes recorded exchanges for replay; throws RecordingError on a malformed entry.
    void index(const json& exchanges, const std::string& origin) {
        std::size_t position = 0;
        for (const auto& exchange : exchanges) {
            if (!exchange.is_object() || !exchange.contains("ask") || !exchange["ask"].is_string() ||
                !exchange.contains("args") || !exchange["args"].is_array() || !exchange.contains("answer") ||
                !exchange["answer"].is_object() ||
                !(exchange["answer"].contains("ok") || exchange["answer"].contains("error"))) {
                throw RecordingError(origin + ": exchange #" + std::to_string(position + 1) +
                                     " is malformed (needs \"ask\", \"args\" array and \"answer\" with \"ok\" or \"error\")");
            }
            answers_[key(exchange["ask"].get<std::string>(), exchange["args"])].answers.push_back(exchange["answer"]);
            ++position;
        }
    }

    /// The next recorded answer to a question; the last one repeats once all were given.
    json answer(const std::string& ask, const json& args) {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = answers_.find(key(ask, args));
        if (it == answers_.end()) {
            throw ReplayMissingAnswer("the recording has no answer for " + describe_question(ask, args) +
                                      " (it was made by a version or a selection of checks that did not ask it)");
        }
        Queue& queue = it->second;
        const json& answer = queue.answers[std::min(queue.next, queue.answers.size() - 1)];
        if (queue.next < queue.answers.size()) ++queue.next;
        return answer;
    }

private:
    struct Queue {
        std::vector<json> answers;
        std::size_t next = 0;
    };
    static std::string key(const std::string& ask, const json& args) { return ask + args.dump(); }

    mutable std::mutex mutex_;
    json exchanges_ = json::array();
    std::map<std::string, Queue> answers_;
};

namespace {

template <typename Call>
auto record(Journal& journal, const char* ask, json args, Call&& call) {
    auto result = call();
    journal.append(ask, std::move(args), encode_result(result));
    return result;
}

template <typename T>
Result<T> replay(Journal& journal, const char* ask, const json& args) {
    const json answer = journal.answer(ask, args);
    try {
        return decode_result<T>(answer);
    } catch (const std::exception& e) {
        throw ReplayMissingAnswer("the recording's answer to " + describe_question(ask, args) + " is malformed: " + e.what());
    }
}

// ---- Recording probes ----

class RecordingRegistry : public RegistryProbe {
public:
    RecordingRegistry(RegistryProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<bool> key_exists(RegistryHive hive, const std::string& path) override {
        return record(journal_, "registry.key_exists", {to_string(hive), path}, [&] { return inner_.key_exists(hive, path); });
    }
    Result<std::optional<RegistryValue>> read_value(RegistryHive hive, const std::string& path, const std::string& name) override {
        return record(journal_, "registry.read_value", {to_string(hive), path, name},
                      [&] { return inner_.read_value(hive, path, name); });
    }
    Result<std::vector<std::string>> subkeys(RegistryHive hive, const std::string& path) override {
        return record(journal_, "registry.subkeys", {to_string(hive), path}, [&] { return inner_.subkeys(hive, path); });
    }
    Result<void> write_value(RegistryHive hive, const std::string& path, const std::string& name, const RegistryValue& value) override {
        return record(journal_, "registry.write_value", {to_string(hive), path, name, value},
                      [&] { return inner_.write_value(hive, path, name, value); });
    }
    Result<void> delete_value(RegistryHive hive, const std::string& path, const std::string& name) override {
        return record(journal_, "registry.delete_value", {to_string(hive), path, name},
                      [&] { return inner_.delete_value(hive, path, name); });
    }

private:
    RegistryProbe& inner_;
    Journal& journal_;
};

class RecordingServices : public ServiceProbe {
public:
    RecordingServices(ServiceProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<std::vector<ServiceInfo>> list() override {
        return record(journal_, "services.list", json::array(), [&] { return inner_.list(); });
    }
    Result<std::optional<ServiceInfo>> find(const std::string& name) override {
        return record(journal_, "services.find", {name}, [&] { return inner_.find(name); });
    }
    Result<void> set_start_type(const std::string& name, ServiceStartType start_type) override {
        return record(journal_, "services.set_start_type", {name, to_string(start_type)},
                      [&] { return inner_.set_start_type(name, start_type); });
    }
    Result<void> stop(const std::string& name) override {
        return record(journal_, "services.stop", {name}, [&] { return inner_.stop(name); });
    }
    Result<void> start(const std::string& name) override {
        return record(journal_, "services.start", {name}, [&] { return inner_.start(name); });
    }
    Result<void> set_account(const std::string& name, const std::string& account, const std::string& password) override {
        // A password never reaches a recording.
        return record(journal_, "services.set_account", {name, account, kRedacted},
                      [&] { return inner_.set_account(name, account, password); });
    }

private:
    ServiceProbe& inner_;
    Journal& journal_;
};

class RecordingVolumes : public VolumeProbe {
public:
    RecordingVolumes(VolumeProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<std::vector<DriveInfo>> drives() override {
        return record(journal_, "volumes.drives", json::array(), [&] { return inner_.drives(); });
    }
    Result<VolumeSpace> space(const std::string& root) override {
        return record(journal_, "volumes.space", {root}, [&] { return inner_.space(root); });
    }

private:
    VolumeProbe& inner_;
    Journal& journal_;
};

class RecordingFiles : public FileProbe {
public:
    RecordingFiles(FileProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<std::optional<FileStat>> stat(const std::string& path) override {
        return record(journal_, "files.stat", {path}, [&] { return inner_.stat(path); });
    }
    Result<std::optional<DirectoryUsage>> directory_usage(const std::string& path, std::size_t top, std::size_t long_path_threshold,
                                                          const StopRequested& stop) override {
        return record(journal_, "files.directory_usage", {path, top, long_path_threshold},
                      [&] { return inner_.directory_usage(path, top, long_path_threshold, stop); });
    }
    Result<std::optional<std::string>> read_file(const std::string& path, std::size_t max_bytes) override {
        return record(journal_, "files.read_file", {path, max_bytes}, [&] { return inner_.read_file(path, max_bytes); });
    }

private:
    FileProbe& inner_;
    Journal& journal_;
};

class RecordingHost : public HostProbe {
public:
    RecordingHost(HostProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<OsFacts> os() override { return record(journal_, "host.os", json::array(), [&] { return inner_.os(); }); }
    Result<std::string> machine_name() override {
        return record(journal_, "host.machine_name", json::array(), [&] { return inner_.machine_name(); });
    }
    Result<std::string> netbios_name() override {
        return record(journal_, "host.netbios_name", json::array(), [&] { return inner_.netbios_name(); });
    }
    Result<std::string> interactive_user() override {
        return record(journal_, "host.interactive_user", json::array(), [&] { return inner_.interactive_user(); });
    }
    Result<std::string> current_user() override {
        return record(journal_, "host.current_user", json::array(), [&] { return inner_.current_user(); });
    }
    Result<bool> elevated() override {
        return record(journal_, "host.elevated", json::array(), [&] { return inner_.elevated(); });
    }
    Result<std::string> expand(const std::string& text) override {
        return record(journal_, "host.expand", {text}, [&] { return inner_.expand(text); });
    }
    Result<std::optional<std::string>> account_sid(const std::string& account) override {
        return record(journal_, "host.account_sid", {account}, [&] { return inner_.account_sid(account); });
    }
    Result<std::optional<std::string>> account_name(const std::string& sid) override {
        return record(journal_, "host.account_name", {sid}, [&] { return inner_.account_name(sid); });
    }
    Result<std::vector<std::string>> account_groups(const std::string& account) override {
        return record(journal_, "host.account_groups", {account}, [&] { return inner_.account_groups(account); });
    }
    Result<void> broadcast_environment_change() override {
        return record(journal_, "host.broadcast_environment_change", json::array(), [&] { return inner_.broadcast_environment_change(); });
    }

private:
    HostProbe& inner_;
    Journal& journal_;
};

class RecordingNetwork : public NetworkProbe {
public:
    RecordingNetwork(NetworkProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<std::vector<NetworkAdapter>> adapters() override {
        return record(journal_, "network.adapters", json::array(), [&] { return inner_.adapters(); });
    }

private:
    NetworkProbe& inner_;
    Journal& journal_;
};

class RecordingManagement : public ManagementProbe {
public:
    RecordingManagement(ManagementProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<std::vector<ManagementRow>> query(const std::string& wmi_namespace, const std::string& wql,
                                             const std::vector<std::string>& properties) override {
        return record(journal_, "management.query", {wmi_namespace, wql, properties},
                      [&] { return inner_.query(wmi_namespace, wql, properties); });
    }

private:
    ManagementProbe& inner_;
    Journal& journal_;
};

class RecordingPackages : public PackageProbe {
public:
    RecordingPackages(PackageProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<void> remove_appx(const std::string& package_full_name) override {
        return record(journal_, "packages.remove_appx", {package_full_name}, [&] { return inner_.remove_appx(package_full_name); });
    }

private:
    PackageProbe& inner_;
    Journal& journal_;
};

class RecordingTree : public TreeProbe {
public:
    RecordingTree(TreeProbe& inner, Journal& journal) : inner_(inner), journal_(journal) {}
    Result<std::optional<TreeEntry>> entry(const std::string& path) override {
        return record(journal_, "tree.entry", {path}, [&] { return inner_.entry(path); });
    }
    Result<std::optional<std::vector<TreeEntry>>> list(const std::string& path) override {
        return record(journal_, "tree.list", {path}, [&] { return inner_.list(path); });
    }
    Result<std::optional<TreeText>> read_text(const std::string& path) override {
        return record(journal_, "tree.read_text", {path}, [&] { return inner_.read_text(path); });
    }
    Result<std::optional<std::string>> package_owning(const std::string& path) override {
        return record(journal_, "tree.package_owning", {path}, [&] { return inner_.package_owning(path); });
    }
    std::string root() const override { return inner_.root(); }

private:
    TreeProbe& inner_;
    Journal& journal_;
};

// ---- Replay probes ----

class ReplayRegistry : public RegistryProbe {
public:
    explicit ReplayRegistry(Journal& journal) : journal_(journal) {}
    Result<bool> key_exists(RegistryHive hive, const std::string& path) override {
        return replay<bool>(journal_, "registry.key_exists", {to_string(hive), path});
    }
    Result<std::optional<RegistryValue>> read_value(RegistryHive hive, const std::string& path, const std::string& name) override {
        return replay<std::optional<RegistryValue>>(journal_, "registry.read_value", {to_string(hive), path, name});
    }
    Result<std::vector<std::string>> subkeys(RegistryHive hive, const std::string& path) override {
        return replay<std::vector<std::string>>(journal_, "registry.subkeys", {to_string(hive), path});
    }
    Result<void> write_value(RegistryHive hive, const std::string& path, const std::string& name, const RegistryValue& value) override {
        return replay<void>(journal_, "registry.write_value", {to_string(hive), path, name, value});
    }
    Result<void> delete_value(RegistryHive hive, const std::string& path, const std::string& name) override {
        return replay<void>(journal_, "registry.delete_value", {to_string(hive), path, name});
    }

private:
    Journal& journal_;
};

class ReplayServices : public ServiceProbe {
public:
    explicit ReplayServices(Journal& journal) : journal_(journal) {}
    Result<std::vector<ServiceInfo>> list() override { return replay<std::vector<ServiceInfo>>(journal_, "services.list", json::array()); }
    Result<std::optional<ServiceInfo>> find(const std::string& name) override {
        return replay<std::optional<ServiceInfo>>(journal_, "services.find", {name});
    }
    Result<void> set_start_type(const std::string& name, ServiceStartType start_type) override {
        return replay<void>(journal_, "services.set_start_type", {name, to_string(start_type)});
    }
    Result<void> stop(const std::string& name) override { return replay<void>(journal_, "services.stop", {name}); }
    Result<void> start(const std::string& name) override { return replay<void>(journal_, "services.start", {name}); }
    Result<void> set_account(const std::string& name, const std::string& account, const std::string& /*password*/) override {
        return replay<void>(journal_, "services.set_account", {name, account, kRedacted});
    }

private:
    Journal& journal_;
};

class ReplayVolumes : public VolumeProbe {
public:
    explicit ReplayVolumes(Journal& journal) : journal_(journal) {}
    Result<std::vector<DriveInfo>> drives() override { return replay<std::vector<DriveInfo>>(journal_, "volumes.drives", json::array()); }
    Result<VolumeSpace> space(const std::string& root) override { return replay<VolumeSpace>(journal_, "volumes.space", {root}); }

private:
    Journal& journal_;
};

class ReplayFiles : public FileProbe {
public:
    explicit ReplayFiles(Journal& journal) : journal_(journal) {}
    Result<std::optional<FileStat>> stat(const std::string& path) override {
        return replay<std::optional<FileStat>>(journal_, "files.stat", {path});
    }
    Result<std::optional<DirectoryUsage>> directory_usage(const std::string& path, std::size_t top, std::size_t long_path_threshold,
                                                          const StopRequested& stop) override {
        if (stop && stop()) return OsError{"FindNextFileW", kWalkStoppedCode, "the walk was stopped: the check was cancelled"};
        return replay<std::optional<DirectoryUsage>>(journal_, "files.directory_usage", {path, top, long_path_threshold});
    }
    Result<std::optional<std::string>> read_file(const std::string& path, std::size_t max_bytes) override {
        return replay<std::optional<std::string>>(journal_, "files.read_file", {path, max_bytes});
    }

private:
    Journal& journal_;
};

class ReplayHost : public HostProbe {
public:
    explicit ReplayHost(Journal& journal) : journal_(journal) {}
    Result<OsFacts> os() override { return replay<OsFacts>(journal_, "host.os", json::array()); }
    Result<std::string> machine_name() override { return replay<std::string>(journal_, "host.machine_name", json::array()); }
    Result<std::string> netbios_name() override {
        // Recordings made before the NetBIOS name was asked lack it; the check then derives it itself.
        try {
            return replay<std::string>(journal_, "host.netbios_name", json::array());
        } catch (const ReplayMissingAnswer& missing) {
            return OsError{"GetComputerNameW", 0, missing.what()};
        }
    }
    Result<std::string> interactive_user() override { return replay<std::string>(journal_, "host.interactive_user", json::array()); }
    Result<std::string> current_user() override { return replay<std::string>(journal_, "host.current_user", json::array()); }
    Result<bool> elevated() override { return replay<bool>(journal_, "host.elevated", json::array()); }
    Result<std::string> expand(const std::string& text) override { return replay<std::string>(journal_, "host.expand", {text}); }
    Result<std::optional<std::string>> account_sid(const std::string& account) override {
        return replay<std::optional<std::string>>(journal_, "host.account_sid", {account});
    }
    Result<std::optional<std::string>> account_name(const std::string& sid) override {
        return replay<std::optional<std::string>>(journal_, "host.account_name", {sid});
    }
    Result<std::vector<std::string>> account_groups(const std::string& account) override {
        return replay<std::vector<std::string>>(journal_, "host.account_groups", {account});
    }
    Result<void> broadcast_environment_change() override {
        return replay<void>(journal_, "host.broadcast_environment_change", json::array());
    }

private:
    Journal& journal_;
};

class ReplayNetwork : public NetworkProbe {
public:
    explicit ReplayNetwork(Journal& journal) : journal_(journal) {}
    Result<std::vector<NetworkAdapter>> adapters() override {
        return replay<std::vector<NetworkAdapter>>(journal_, "network.adapters", json::array());
    }

private:
    Journal& journal_;
};

class ReplayManagement : public ManagementProbe {
public:
    explicit ReplayManagement(Journal& journal) : journal_(journal) {}
    Result<std::vector<ManagementRow>> query(const std::string& wmi_namespace, const std::string& wql,
                                             const std::vector<std::string>& properties) override {
        return replay<std::vector<ManagementRow>>(journal_, "management.query", {wmi_namespace, wql, properties});
    }

private:
    Journal& journal_;
};

class ReplayPackages : public PackageProbe {
public:
    explicit ReplayPackages(Journal& journal) : journal_(journal) {}
    Result<void> remove_appx(const std::string& package_full_name) override {
        return replay<void>(journal_, "packages.remove_appx", {package_full_name});
    }

private:
    Journal& journal_;
};

class ReplayTree : public TreeProbe {
public:
    ReplayTree(Journal& journal, std::string root) : journal_(journal), root_(std::move(root)) {}
    Result<std::optional<TreeEntry>> entry(const std::string& path) override {
        return replay<std::optional<TreeEntry>>(journal_, "tree.entry", {path});
    }
    Result<std::optional<std::vector<TreeEntry>>> list(const std::string& path) override {
        return replay<std::optional<std::vector<TreeEntry>>>(journal_, "tree.list", {path});
    }
    Result<std::optional<TreeText>> read_text(const std::string& path) override {
        return replay<std::optional<TreeText>>(journal_, "tree.read_text", {path});
    }
    Result<std::optional<std::string>> package_owning(const std::string& path) override {
        return replay<std::optional<std::string>>(journal_, "tree.package_owning", {path});
    }
    std::string root() const override { return root_; }

private:
    Journal& journal_;
    std::string root_;
};

}  // namespace

// ---- RecordingSystem ----

struct RecordingSystem::Probes {
    RecordingRegistry registry;
    RecordingServices services;
    RecordingVolumes volumes;
    RecordingFiles files;
    RecordingHost host;
    RecordingNetwork network;
    RecordingManagement management;
    RecordingPackages packages;
    RecordingTree tree;
};

RecordingSystem::RecordingSystem(std::shared_ptr<System> inner)
    : inner_(std::move(inner)), journal_(std::make_shared<Journal>()) {
    Journal& journal = *journal_;
    probes_.reset(new Probes{{inner_->registry(), journal},
                             {inner_->services(), journal},
                             {inner_->volumes(), journal},
                             {inner_->files(), journal},
                             {inner_->host(), journal},
                             {inner_->network(), journal},
                             {inner_->management(), journal},
                             {inner_->packages(), journal},
                             {inner_->tree(), journal}});
}
RecordingSystem::~RecordingSystem() = default;

RegistryProbe& RecordingSystem::registry() { return probes_->registry; }
ServiceProbe& RecordingSystem::services() { return probes_->services; }
VolumeProbe& RecordingSystem::volumes() { return probes_->volumes; }
FileProbe& RecordingSystem::files() { return probes_->files; }
HostProbe& RecordingSystem::host() { return probes_->host; }
NetworkProbe& RecordingSystem::network() { return probes_->network; }
ManagementProbe& RecordingSystem::management() { return probes_->management; }
PackageProbe& RecordingSystem::packages() { return probes_->packages; }
TreeProbe& RecordingSystem::tree() { return probes_->tree; }

json RecordingSystem::to_json() const {
    json document = {{"format", kFormatName},
                     {"version", kFormatVersion},
                     {"tool_version", kToolVersion},
                     {"recorded_at", format_iso8601(std::chrono::system_clock::now())},
                     {"tree_root", inner_->tree().root()},
                     {"exchanges", journal_->exchanges()}};
    return document;
}

void RecordingSystem::save(const std::string& path) const {
    const std::string text = to_json().dump(2) + "\n";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw RecordingError("cannot write the recording to " + path);
    out << text;
    out.flush();
    if (!out) throw RecordingError("writing the recording to " + path + " failed");
}

// ---- ReplaySystem ----

struct ReplaySystem::Probes {
    ReplayRegistry registry;
    ReplayServices services;
    ReplayVolumes volumes;
    ReplayFiles files;
    ReplayHost host;
    ReplayNetwork network;
    ReplayManagement management;
    ReplayPackages packages;
    ReplayTree tree;
};

std::shared_ptr<ReplaySystem> ReplaySystem::load(const std::string& path) {
    std::string text;
    try {
        text = read_input_file(path, kMaxRecordingBytes, "recording");
    } catch (const InputFileError& e) {
        throw RecordingError(e.what());
    }
    return parse(text, path);
}

std::shared_ptr<ReplaySystem> ReplaySystem::parse(const std::string& text, const std::string& origin) {
    json document;
    try {
        document = parse_json_bounded(text);
    } catch (const json::parse_error& e) {
        throw RecordingError(origin + " is not a valid recording: its JSON is corrupt at byte " + std::to_string(e.byte) +
                             " (" + e.what() + ")");
    } catch (const InputFileError& e) {
        throw RecordingError(origin + " is not a valid recording: " + e.what());
    }
    return from_json(document, origin);
}

std::shared_ptr<ReplaySystem> ReplaySystem::from_json(const json& document, const std::string& origin) {
    if (string_field(document, "format") != kFormatName) {
        throw RecordingError(origin + " is not an ImageChecker recording (\"format\" is not \"" + kFormatName + "\")");
    }
    const auto version = document.find("version");
    if (version == document.end() || !version->is_number_integer() || *version != kFormatVersion) {
        throw RecordingError(origin + " has recording format version " + (version == document.end() ? "(none)" : version->dump()) +
                             "; this build reads version " + std::to_string(kFormatVersion));
    }
    if (!document.contains("exchanges") || !document["exchanges"].is_array()) {
        throw RecordingError(origin + " has no \"exchanges\" array");
    }
    std::shared_ptr<ReplaySystem> system(new ReplaySystem());
    system->origin_ = origin;
    system->recorded_at_ = string_field(document, "recorded_at").value_or("");
    system->recorded_by_ = string_field(document, "tool_version").value_or("");
    system->journal_ = std::make_shared<Journal>();
    system->journal_->index(document["exchanges"], origin);
    Journal& journal = *system->journal_;
    system->probes_.reset(new Probes{ReplayRegistry{journal}, ReplayServices{journal}, ReplayVolumes{journal}, ReplayFiles{journal},
                                     ReplayHost{journal}, ReplayNetwork{journal}, ReplayManagement{journal}, ReplayPackages{journal},
                                     ReplayTree{journal, document.value("tree_root", std::string{})}});
    return system;
}

ReplaySystem::~ReplaySystem() = default;

RegistryProbe& ReplaySystem::registry() { return probes_->registry; }
ServiceProbe& ReplaySystem::services() { return probes_->services; }
VolumeProbe& ReplaySystem::volumes() { return probes_->volumes; }
FileProbe& ReplaySystem::files() { return probes_->files; }
HostProbe& ReplaySystem::host() { return probes_->host; }
NetworkProbe& ReplaySystem::network() { return probes_->network; }
ManagementProbe& ReplaySystem::management() { return probes_->management; }
PackageProbe& ReplaySystem::packages() { return probes_->packages; }
TreeProbe& ReplaySystem::tree() { return probes_->tree; }

}  // namespace ic::os
