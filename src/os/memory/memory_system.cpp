#include "imagechecker/os/memory_system.h"

#include <algorithm>
#include <cctype>

namespace ic::os {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim_slashes(std::string path) {
    while (!path.empty() && path.back() == '\\') path.pop_back();
    while (!path.empty() && path.front() == '\\') path.erase(path.begin());
    return path;
}

// "HKLM\software\x": the case-folded identity of a key.
std::string key_id(RegistryHive hive, const std::string& path) {
    return lower(to_string(hive) + "\\" + trim_slashes(path));
}

bool is_at_or_below(const std::string& id, const std::string& ancestor) {
    return id == ancestor || (id.size() > ancestor.size() && id.compare(0, ancestor.size(), ancestor) == 0 && id[ancestor.size()] == '\\');
}

constexpr std::uint64_t kGiB = 1024ULL * 1024 * 1024;

}  // namespace

// ---- State ----

struct MemorySystem::State {
    struct Key {
        std::string display_path;                                    // as first written
        std::map<std::string, std::pair<std::string, RegistryValue>> values;  // folded name -> (name, value)
    };

    mutable std::mutex mutex;
    OsFacts os{OsFamily::Windows, "Windows 10 Enterprise", "22H2", "19045", "Enterprise"};
    std::string machine_name = "WS-TEST";
    std::optional<std::string> netbios_name;
    std::string interactive_user = "alice";
    std::string current_user = "WS-TEST\\Administrator";
    bool elevated = true;
    std::map<std::string, std::string> environment{{"systemroot", "C:\\Windows"}, {"windir", "C:\\Windows"}};

    std::map<std::string, Key> keys;  // key_id -> key
    std::map<std::string, ServiceInfo> services;  // folded name -> service
    std::vector<DriveInfo> drives{{'C', DriveType::Fixed, {}}, {'D', DriveType::Fixed, {}}};
    std::map<std::string, VolumeSpace> spaces{{"c:\\", {40 * kGiB, 40 * kGiB, 80 * kGiB}}, {"d:\\", {9 * kGiB, 9 * kGiB, 10 * kGiB}}};
    std::map<std::string, FileStat> files;  // folded path -> stat
    std::map<std::string, std::string> contents;  // folded path -> bytes
    std::map<std::string, DirectoryUsage> usages;  // folded path -> walk result
    std::vector<NetworkAdapter> adapters;
    std::map<std::string, std::vector<ManagementRow>> management;  // folded "namespace|query" -> rows
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> accounts;  // folded account -> (sid, groups)
    std::map<std::string, std::string> account_names;  // folded sid -> account as added
    std::vector<std::string> removed_appx;
    std::size_t broadcasts = 0;
    std::optional<OsError> network_fault;
    std::map<std::string, OsError> management_faults;
    std::optional<OsError> packages_fault;

    std::map<std::string, OsError> registry_faults;  // key_id -> error for that subtree
    std::optional<OsError> services_fault;
    std::optional<OsError> drives_fault;
    std::map<std::string, OsError> space_faults;
    std::map<std::string, OsError> file_faults;
    std::map<std::string, OsError> host_faults;
    std::size_t writes = 0;

    // A Linux system's tree: case-sensitive absolute paths -> entries (folders implied by their children).
    struct TreeNode {
        TreeEntryKind kind = TreeEntryKind::File;
        std::string text;
        std::string target;
    };
    std::map<std::string, TreeNode> tree;
    std::map<std::string, OsError> tree_faults;           // path -> error for that path and below
    std::map<std::string, std::string> package_owners;    // path -> package
    std::optional<std::string> package_database_error;

    std::optional<OsError> tree_fault(const std::string& path) const {
        for (const auto& [prefix, error] : tree_faults)
            if (path == prefix || (path.compare(0, prefix.size(), prefix) == 0 && path.size() > prefix.size() && path[prefix.size()] == '/'))
                return error;
        return std::nullopt;
    }
    void ensure_tree_parents(const std::string& path) {
        for (auto slash = path.find('/', 1); slash != std::string::npos; slash = path.find('/', slash + 1)) {
            auto& node = tree[path.substr(0, slash)];
            node.kind = TreeEntryKind::Directory;
        }
    }

    std::optional<OsError> registry_fault(const std::string& id) const {
        for (const auto& [ancestor, error] : registry_faults)
            if (is_at_or_below(id, ancestor)) return error;
        return std::nullopt;
    }
    void ensure_key(RegistryHive hive, const std::string& path) {
        // Parents exist whenever a child does, as in a real registry.
        std::string partial;
        for (const auto& part : split(trim_slashes(path))) {
            partial += (partial.empty() ? "" : "\\") + part;
            auto& key = keys[key_id(hive, partial)];
            if (key.display_path.empty()) key.display_path = partial;
        }
    }
    static std::vector<std::string> split(const std::string& path) {
        std::vector<std::string> parts;
        std::string part;
        for (char c : path) {
            if (c == '\\') {
                if (!part.empty()) parts.push_back(part);
                part.clear();
            } else {
                part += c;
            }
        }
        if (!part.empty()) parts.push_back(part);
        return parts;
    }
};

namespace {

using State = MemorySystem::State;

// ---- Probes ----

class MemoryRegistry : public RegistryProbe {
public:
    explicit MemoryRegistry(State& s) : s_(s) {}
    Result<bool> key_exists(RegistryHive hive, const std::string& path) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = key_id(hive, path);
        if (auto fault = s_.registry_fault(id)) return *fault;
        return s_.keys.count(id) > 0;
    }
    Result<std::optional<RegistryValue>> read_value(RegistryHive hive, const std::string& path, const std::string& name) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = key_id(hive, path);
        if (auto fault = s_.registry_fault(id)) return *fault;
        auto key = s_.keys.find(id);
        if (key == s_.keys.end()) return std::optional<RegistryValue>{};
        auto value = key->second.values.find(lower(name));
        if (value == key->second.values.end()) return std::optional<RegistryValue>{};
        return std::optional<RegistryValue>{value->second.second};
    }
    Result<std::vector<std::string>> subkeys(RegistryHive hive, const std::string& path) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = key_id(hive, path);
        if (auto fault = s_.registry_fault(id)) return *fault;
        std::vector<std::string> names;
        for (const auto& [child_id, key] : s_.keys) {
            if (child_id.size() <= id.size() + 1 || !is_at_or_below(child_id, id)) continue;
            if (child_id.find('\\', id.size() + 1) != std::string::npos) continue;  // grandchildren
            names.push_back(key.display_path.substr(key.display_path.rfind('\\') == std::string::npos ? 0 : key.display_path.rfind('\\') + 1));
        }
        return names;
    }
    Result<void> write_value(RegistryHive hive, const std::string& path, const std::string& name, const RegistryValue& value) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.registry_fault(key_id(hive, path))) return *fault;
        s_.ensure_key(hive, path);
        s_.keys[key_id(hive, path)].values[lower(name)] = {name, value};
        ++s_.writes;
        return {};
    }
    Result<void> delete_value(RegistryHive hive, const std::string& path, const std::string& name) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = key_id(hive, path);
        if (auto fault = s_.registry_fault(id)) return *fault;
        auto key = s_.keys.find(id);
        if (key != s_.keys.end()) key->second.values.erase(lower(name));
        ++s_.writes;
        return {};
    }

private:
    State& s_;
};

class MemoryServices : public ServiceProbe {
public:
    explicit MemoryServices(State& s) : s_(s) {}
    Result<std::vector<ServiceInfo>> list() override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.services_fault) return *s_.services_fault;
        std::vector<ServiceInfo> all;
        for (const auto& entry : s_.services) all.push_back(entry.second);
        return all;
    }
    Result<std::optional<ServiceInfo>> find(const std::string& name) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.services_fault) return *s_.services_fault;
        auto it = s_.services.find(lower(name));
        if (it == s_.services.end()) return std::optional<ServiceInfo>{};
        // As on Windows: asked by name, a service whose configuration cannot be read is an error.
        if (it->second.config_error) return *it->second.config_error;
        return std::optional<ServiceInfo>{it->second};
    }
    Result<void> set_start_type(const std::string& name, ServiceStartType start_type) override {
        return change(name, [&](ServiceInfo& s) { s.start_type = start_type; });
    }
    Result<void> stop(const std::string& name) override {
        return change(name, [](ServiceInfo& s) { s.state = ServiceState::Stopped; });
    }
    Result<void> start(const std::string& name) override {
        return change(name, [](ServiceInfo& s) { s.state = ServiceState::Running; });
    }
    Result<void> set_account(const std::string& name, const std::string& account, const std::string& /*password*/) override {
        return change(name, [&](ServiceInfo& s) { s.account = account; });
    }

private:
    template <typename Edit>
    Result<void> change(const std::string& name, Edit&& edit) {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.services_fault) return *s_.services_fault;
        auto it = s_.services.find(lower(name));
        if (it == s_.services.end()) return OsError{"OpenServiceW", 1060, "The specified service does not exist as an installed service."};
        edit(it->second);
        ++s_.writes;
        return {};
    }

    State& s_;
};

class MemoryVolumes : public VolumeProbe {
public:
    explicit MemoryVolumes(State& s) : s_(s) {}
    Result<std::vector<DriveInfo>> drives() override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.drives_fault) return *s_.drives_fault;
        auto drives = s_.drives;
        std::sort(drives.begin(), drives.end(), [](const DriveInfo& a, const DriveInfo& b) { return a.letter < b.letter; });
        return drives;
    }
    Result<VolumeSpace> space(const std::string& root) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = lower(root);
        if (auto fault = s_.space_faults.find(id); fault != s_.space_faults.end()) return fault->second;
        auto it = s_.spaces.find(id);
        if (it == s_.spaces.end()) return OsError{"GetDiskFreeSpaceExW", 3, "The system cannot find the path specified."};
        return it->second;
    }

private:
    State& s_;
};

class MemoryFiles : public FileProbe {
public:
    explicit MemoryFiles(State& s) : s_(s) {}
    Result<std::optional<FileStat>> stat(const std::string& path) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = lower(path);
        if (auto fault = s_.file_faults.find(id); fault != s_.file_faults.end()) return fault->second;
        auto it = s_.files.find(id);
        if (it == s_.files.end()) return std::optional<FileStat>{};
        return std::optional<FileStat>{it->second};
    }
    Result<std::optional<DirectoryUsage>> directory_usage(const std::string& path, std::size_t top, std::size_t /*threshold*/,
                                                          const StopRequested& stop) override {
        // The staged answer stands for a whole walk; a walk asked to stop before it starts gives none.
        if (stop && stop()) return OsError{"FindNextFileW", kWalkStoppedCode, "the walk was stopped: the check was cancelled"};
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = lower(path);
        if (auto fault = s_.file_faults.find(id); fault != s_.file_faults.end()) return fault->second;
        auto it = s_.usages.find(id);
        if (it == s_.usages.end() && !path.empty() && path.front() == '/') return tree_usage(path);
        if (it == s_.usages.end()) {
            if (s_.files.count(id) == 0) return std::optional<DirectoryUsage>{};
            return std::optional<DirectoryUsage>{DirectoryUsage{}};  // an empty folder
        }
        DirectoryUsage usage = it->second;
        if (usage.largest_folders.size() > top) usage.largest_folders.resize(top);
        return std::optional<DirectoryUsage>{usage};
    }
    Result<std::optional<std::string>> read_file(const std::string& path, std::size_t max_bytes) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto id = lower(path);
        if (auto fault = s_.file_faults.find(id); fault != s_.file_faults.end()) return fault->second;
        auto it = s_.files.find(id);
        if (it == s_.files.end()) return std::optional<std::string>{};
        if (it->second.is_directory) return OsError{"CreateFileW", 5, "Access is denied."};  // as Windows answers for a folder
        if (it->second.size > max_bytes)
            return OsError{"ReadFile", 223, "the file is larger than the " + std::to_string(max_bytes) + " bytes that are read"};
        auto content = s_.contents.find(id);
        return std::optional<std::string>{content != s_.contents.end() ? content->second : std::string(it->second.size, '\0')};
    }

private:
    // A Linux path without a staged walk result: the staged tree's files below it (links not followed).
    Result<std::optional<DirectoryUsage>> tree_usage(const std::string& path) const {
        if (auto fault = s_.tree_fault(path)) return *fault;
        auto node = s_.tree.find(path);
        if (node == s_.tree.end()) return std::optional<DirectoryUsage>{};
        DirectoryUsage usage;
        if (node->second.kind == TreeEntryKind::File) {
            usage.total_bytes = node->second.text.size();
            usage.files = 1;
            return std::optional<DirectoryUsage>{usage};
        }
        const std::string prefix = path + "/";
        std::map<std::string, FolderSize> top;  // the immediate subfolders and what is below them
        for (auto it = s_.tree.lower_bound(prefix); it != s_.tree.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
            const auto slash = it->first.find('/', prefix.size());
            const std::string child = it->first.substr(0, slash);
            if (it->second.kind == TreeEntryKind::Directory) {
                ++usage.folders;
                if (slash == std::string::npos) top[child].path = child;
            } else if (it->second.kind == TreeEntryKind::Symlink) {
                ++usage.reparse_points_skipped;
            } else {
                ++usage.files;
                usage.total_bytes += it->second.text.size();
                if (slash != std::string::npos) {
                    top[child].path = child;
                    top[child].bytes += it->second.text.size();
                    ++top[child].files;
                }
            }
        }
        for (auto& [name, folder] : top) usage.largest_folders.push_back(folder);
        std::stable_sort(usage.largest_folders.begin(), usage.largest_folders.end(),
                         [](const FolderSize& a, const FolderSize& b) { return a.bytes > b.bytes; });
        return std::optional<DirectoryUsage>{usage};
    }
    State& s_;
};

class MemoryHost : public HostProbe {
public:
    explicit MemoryHost(State& s) : s_(s) {}
    Result<OsFacts> os() override { return answer("os", s_.os); }
    Result<std::string> machine_name() override { return answer("machine_name", s_.machine_name); }
    Result<std::string> netbios_name() override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.host_faults.find("netbios_name"); fault != s_.host_faults.end()) return fault->second;
        if (s_.netbios_name) return *s_.netbios_name;
        std::string name;
        for (char c : s_.machine_name.substr(0, s_.machine_name.find('.')).substr(0, 15))
            name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return name;
    }
    Result<std::string> interactive_user() override { return answer("interactive_user", s_.interactive_user); }
    Result<std::string> current_user() override { return answer("current_user", s_.current_user); }
    Result<bool> elevated() override { return answer("elevated", s_.elevated); }
    Result<std::optional<std::string>> account_sid(const std::string& account) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.host_faults.find("account_sid"); fault != s_.host_faults.end()) return fault->second;
        auto it = s_.accounts.find(lower(account));
        if (it == s_.accounts.end()) return std::optional<std::string>{};
        return std::optional<std::string>{it->second.first};
    }
    Result<std::optional<std::string>> account_name(const std::string& sid) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.host_faults.find("account_name"); fault != s_.host_faults.end()) return fault->second;
        auto it = s_.account_names.find(lower(sid));
        if (it == s_.account_names.end()) return std::optional<std::string>{};
        return std::optional<std::string>{it->second};
    }
    Result<std::vector<std::string>> account_groups(const std::string& account) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.host_faults.find("account_groups"); fault != s_.host_faults.end()) return fault->second;
        auto it = s_.accounts.find(lower(account));
        if (it == s_.accounts.end()) return OsError{"NetUserGetLocalGroups", 2221, "The user name could not be found."};
        return it->second.second;
    }
    Result<void> broadcast_environment_change() override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.host_faults.find("broadcast_environment_change"); fault != s_.host_faults.end()) return fault->second;
        ++s_.broadcasts;
        return {};
    }
    Result<std::string> expand(const std::string& text) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        std::string out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto close = text[i] == '%' ? text.find('%', i + 1) : std::string::npos;
            if (close == std::string::npos) {
                out += text[i];
                continue;
            }
            auto var = s_.environment.find(lower(text.substr(i + 1, close - i - 1)));
            out += var == s_.environment.end() ? text.substr(i, close - i + 1) : var->second;  // unknown stays as is
            i = close;
        }
        return out;
    }

private:
    template <typename T>
    Result<T> answer(const std::string& what, const T& value) {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.host_faults.find(what); fault != s_.host_faults.end()) return fault->second;
        return value;
    }
    State& s_;
};

class MemoryNetwork : public NetworkProbe {
public:
    explicit MemoryNetwork(State& s) : s_(s) {}
    Result<std::vector<NetworkAdapter>> adapters() override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.network_fault) return *s_.network_fault;
        return s_.adapters;
    }

private:
    State& s_;
};

std::string management_key(const std::string& wmi_namespace, const std::string& wql) { return lower(wmi_namespace + "|" + wql); }

class MemoryManagement : public ManagementProbe {
public:
    explicit MemoryManagement(State& s) : s_(s) {}
    Result<std::vector<ManagementRow>> query(const std::string& wmi_namespace, const std::string& wql,
                                             const std::vector<std::string>& /*properties*/) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        const auto key = management_key(wmi_namespace, wql);
        if (auto fault = s_.management_faults.find(key); fault != s_.management_faults.end()) return fault->second;
        auto it = s_.management.find(key);
        if (it == s_.management.end()) return std::vector<ManagementRow>{};
        return it->second;
    }

private:
    State& s_;
};

constexpr const char* kAppxStore = "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Appx\\AppxAllUserStore";

class MemoryPackages : public PackageProbe {
public:
    explicit MemoryPackages(State& s) : s_(s) {}
    Result<void> remove_appx(const std::string& package_full_name) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.packages_fault) return *s_.packages_fault;
        const auto store = key_id(RegistryHive::LocalMachine, kAppxStore);
        const auto leaf = "\\" + lower(package_full_name);
        for (auto it = s_.keys.begin(); it != s_.keys.end();) {
            const bool under_store = is_at_or_below(it->first, store);
            const auto pos = under_store ? it->first.find(leaf) : std::string::npos;
            // The package's key, wherever it sits in the store, and everything below it.
            const bool match = pos != std::string::npos &&
                               (pos + leaf.size() == it->first.size() || it->first[pos + leaf.size()] == '\\');
            it = match ? s_.keys.erase(it) : std::next(it);
        }
        s_.removed_appx.push_back(package_full_name);
        ++s_.writes;
        return {};
    }

private:
    State& s_;
};

class MemoryTree : public TreeProbe {
public:
    explicit MemoryTree(State& s) : s_(s) {}
    Result<std::optional<TreeEntry>> entry(const std::string& path) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.tree_fault(path)) return *fault;
        const std::string resolved = resolve(path, false);
        auto it = s_.tree.find(resolved);
        if (it == s_.tree.end()) return std::optional<TreeEntry>{};
        return std::optional<TreeEntry>{make(resolved, it->second)};
    }
    Result<std::optional<std::vector<TreeEntry>>> list(const std::string& path) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.tree_fault(path)) return *fault;
        const std::string dir = follow(path);
        auto it = s_.tree.find(dir);
        if (dir != "/" && (it == s_.tree.end() || it->second.kind != TreeEntryKind::Directory)) return std::optional<std::vector<TreeEntry>>{};
        const std::string prefix = dir == "/" ? "/" : dir + "/";
        std::vector<TreeEntry> entries;
        for (auto child = s_.tree.lower_bound(prefix); child != s_.tree.end() && child->first.compare(0, prefix.size(), prefix) == 0; ++child) {
            if (child->first.find('/', prefix.size()) != std::string::npos) continue;  // deeper
            entries.push_back(make(child->first, child->second));
        }
        return std::optional<std::vector<TreeEntry>>{std::move(entries)};
    }
    Result<std::optional<TreeText>> read_text(const std::string& path) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (auto fault = s_.tree_fault(path)) return *fault;
        auto it = s_.tree.find(follow(path));
        if (it == s_.tree.end()) return std::optional<TreeText>{};
        if (it->second.kind == TreeEntryKind::Directory) return OsError{"read", 21, path + " is a folder, not a file"};
        return std::optional<TreeText>{TreeText{it->second.text, false}};
    }
    Result<std::optional<std::string>> package_owning(const std::string& path) override {
        std::lock_guard<std::mutex> lock(s_.mutex);
        if (s_.package_database_error) return OsError{"package database", 0, *s_.package_database_error};
        auto it = s_.package_owners.find(path);
        if (it == s_.package_owners.end()) return std::optional<std::string>{};
        return std::optional<std::string>{it->second};
    }
    std::string root() const override { return "/"; }

private:
    static TreeEntry make(const std::string& path, const State::TreeNode& node) {
        TreeEntry e;
        e.name = path.substr(path.find_last_of('/') + 1);
        e.kind = node.kind;
        e.size = node.kind == TreeEntryKind::File ? node.text.size() : 0;
        e.link_target = node.target;
        return e;
    }
    // Resolves every link on the way (the last component only when `follow_last`), as the Linux probe
    // does inside a root: absolute targets start again at "/", relative ones at the link's folder.
    std::string resolve(const std::string& path, bool follow_last) const {
        std::vector<std::string> pending;
        std::vector<std::string> done;
        auto push_parts = [&](const std::string& p) {
            std::vector<std::string> parts;
            std::string part;
            for (char c : p + "/") {
                if (c == '/') {
                    if (!part.empty()) parts.push_back(part);
                    part.clear();
                } else {
                    part += c;
                }
            }
            for (auto it = parts.rbegin(); it != parts.rend(); ++it) pending.push_back(*it);
        };
        auto joined = [&] {
            std::string p;
            for (const auto& d : done) p += "/" + d;
            return p.empty() ? std::string("/") : p;
        };
        push_parts(path);
        int links = 0;
        while (!pending.empty()) {
            const std::string part = pending.back();
            pending.pop_back();
            if (part == ".") continue;
            if (part == "..") {
                if (!done.empty()) done.pop_back();
                continue;
            }
            done.push_back(part);
            if (pending.empty() && !follow_last) break;
            auto it = s_.tree.find(joined());
            if (it == s_.tree.end() || it->second.kind != TreeEntryKind::Symlink || ++links > 40) continue;
            const std::string target = it->second.target;
            done.pop_back();
            if (!target.empty() && target.front() == '/') done.clear();
            push_parts(target);
        }
        return joined();
    }
    std::string follow(const std::string& path) const { return resolve(path, true); }
    State& s_;
};

}  // namespace

// ---- MemorySystem ----

struct MemorySystem::Probes {
    MemoryRegistry registry;
    MemoryServices services;
    MemoryVolumes volumes;
    MemoryFiles files;
    MemoryHost host;
    MemoryNetwork network;
    MemoryManagement management;
    MemoryPackages packages;
    MemoryTree tree;
};

MemorySystem::MemorySystem() : state_(std::make_shared<State>()) {
    State& s = *state_;
    probes_.reset(new Probes{MemoryRegistry{s}, MemoryServices{s}, MemoryVolumes{s}, MemoryFiles{s}, MemoryHost{s}, MemoryNetwork{s},
                             MemoryManagement{s}, MemoryPackages{s}, MemoryTree{s}});
}
MemorySystem::~MemorySystem() = default;

RegistryProbe& MemorySystem::registry() { return probes_->registry; }
ServiceProbe& MemorySystem::services() { return probes_->services; }
VolumeProbe& MemorySystem::volumes() { return probes_->volumes; }
FileProbe& MemorySystem::files() { return probes_->files; }
HostProbe& MemorySystem::host() { return probes_->host; }
NetworkProbe& MemorySystem::network() { return probes_->network; }
ManagementProbe& MemorySystem::management() { return probes_->management; }
PackageProbe& MemorySystem::packages() { return probes_->packages; }
TreeProbe& MemorySystem::tree() { return probes_->tree; }

template <typename Edit>
MemorySystem& MemorySystem::stage(Edit&& edit) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    edit(*state_);
    return *this;
}

MemorySystem& MemorySystem::set_os(OsFacts facts) { return stage([&](State& s) { s.os = std::move(facts); }); }
MemorySystem& MemorySystem::set_machine_name(std::string name) { return stage([&](State& s) { s.machine_name = std::move(name); }); }
MemorySystem& MemorySystem::set_netbios_name(std::string name) { return stage([&](State& s) { s.netbios_name = std::move(name); }); }
MemorySystem& MemorySystem::set_interactive_user(std::string user) { return stage([&](State& s) { s.interactive_user = std::move(user); }); }
MemorySystem& MemorySystem::set_current_user(std::string user) { return stage([&](State& s) { s.current_user = std::move(user); }); }
MemorySystem& MemorySystem::set_elevated(bool elevated) { return stage([&](State& s) { s.elevated = elevated; }); }
MemorySystem& MemorySystem::set_environment(std::string name, std::string value) {
    return stage([&](State& s) { s.environment[lower(name)] = std::move(value); });
}

MemorySystem& MemorySystem::add_key(RegistryHive hive, const std::string& path) { return stage([&](State& s) { s.ensure_key(hive, path); }); }
MemorySystem& MemorySystem::set_value(RegistryHive hive, const std::string& path, const std::string& name, RegistryValue value) {
    return stage([&](State& s) { s.ensure_key(hive, path); s.keys[key_id(hive, path)].values[lower(name)] = {name, std::move(value)}; });
}
MemorySystem& MemorySystem::remove_key(RegistryHive hive, const std::string& path) {
    return stage([&](State& s) { const auto id = key_id(hive, path);
             for (auto it = s.keys.begin(); it != s.keys.end();) {
                 it = is_at_or_below(it->first, id) ? s.keys.erase(it) : std::next(it);
             }; });
}

MemorySystem& MemorySystem::add_service(ServiceInfo service) { return stage([&](State& s) { s.services[lower(service.name)] = std::move(service); }); }
MemorySystem& MemorySystem::remove_service(const std::string& name) { return stage([&](State& s) { s.services.erase(lower(name)); }); }

MemorySystem& MemorySystem::clear_drives() { return stage([&](State& s) { s.drives.clear(); }); }
MemorySystem& MemorySystem::add_drive(char letter, DriveType type, std::string target) {
    return stage([&](State& s) { auto& drives = s.drives;
             drives.erase(std::remove_if(drives.begin(), drives.end(), [&](const DriveInfo& d) { return d.letter == letter; }),
                          drives.end());
             drives.push_back({letter, type, std::move(target)}); });
}
MemorySystem& MemorySystem::set_space(const std::string& root, VolumeSpace space) { return stage([&](State& s) { s.spaces[lower(root)] = space; }); }

MemorySystem& MemorySystem::add_file(const std::string& path, std::uint64_t size) {
    return stage([&](State& s) { s.files[lower(path)] = FileStat{false, size}; });
}
MemorySystem& MemorySystem::add_file_content(const std::string& path, std::string content) {
    return stage([&](State& s) {
        s.files[lower(path)] = FileStat{false, content.size()};
        s.contents[lower(path)] = std::move(content);
    });
}
MemorySystem& MemorySystem::set_directory_usage(const std::string& path, DirectoryUsage usage) {
    return stage([&](State& s) {
        s.files[lower(path)] = FileStat{true, 0};
        s.usages[lower(path)] = std::move(usage);
    });
}
MemorySystem& MemorySystem::add_adapter(NetworkAdapter adapter) { return stage([&](State& s) { s.adapters.push_back(std::move(adapter)); }); }
MemorySystem& MemorySystem::set_management_rows(const std::string& wmi_namespace, const std::string& wql, std::vector<ManagementRow> rows) {
    return stage([&](State& s) { s.management[management_key(wmi_namespace, wql)] = std::move(rows); });
}
MemorySystem& MemorySystem::add_account(const std::string& account, std::string sid, std::vector<std::string> groups) {
    return stage([&](State& s) {
        s.account_names[lower(sid)] = account;
        s.accounts[lower(account)] = {std::move(sid), std::move(groups)};
    });
}
MemorySystem& MemorySystem::fail_network(OsError error) { return stage([&](State& s) { s.network_fault = std::move(error); }); }
MemorySystem& MemorySystem::fail_management(const std::string& wmi_namespace, const std::string& wql, OsError error) {
    return stage([&](State& s) { s.management_faults[management_key(wmi_namespace, wql)] = std::move(error); });
}
MemorySystem& MemorySystem::fail_packages(OsError error) { return stage([&](State& s) { s.packages_fault = std::move(error); }); }

std::vector<std::string> MemorySystem::removed_appx() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->removed_appx;
}
std::size_t MemorySystem::environment_broadcasts() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->broadcasts;
}

MemorySystem& MemorySystem::add_directory(const std::string& path) { return stage([&](State& s) { s.files[lower(path)] = FileStat{true, 0}; }); }

MemorySystem& MemorySystem::fail_registry(RegistryHive hive, const std::string& path, OsError error) {
    return stage([&](State& s) { s.registry_faults[key_id(hive, path)] = std::move(error); });
}
MemorySystem& MemorySystem::fail_services(OsError error) { return stage([&](State& s) { s.services_fault = std::move(error); }); }
MemorySystem& MemorySystem::fail_drives(OsError error) { return stage([&](State& s) { s.drives_fault = std::move(error); }); }
MemorySystem& MemorySystem::fail_space(const std::string& root, OsError error) {
    return stage([&](State& s) { s.space_faults[lower(root)] = std::move(error); });
}
MemorySystem& MemorySystem::fail_file(const std::string& path, OsError error) {
    return stage([&](State& s) { s.file_faults[lower(path)] = std::move(error); });
}
MemorySystem& MemorySystem::fail_host(const std::string& what, OsError error) {
    return stage([&](State& s) { s.host_faults[what] = std::move(error); });
}

MemorySystem& MemorySystem::add_text_file(const std::string& path, std::string text) {
    return stage([&](State& s) { s.ensure_tree_parents(path); s.tree[path] = {TreeEntryKind::File, std::move(text), {}}; });
}
MemorySystem& MemorySystem::add_tree_directory(const std::string& path) {
    return stage([&](State& s) { s.ensure_tree_parents(path); s.tree[path] = {TreeEntryKind::Directory, {}, {}}; });
}
MemorySystem& MemorySystem::add_symlink(const std::string& path, std::string target) {
    return stage([&](State& s) { s.ensure_tree_parents(path); s.tree[path] = {TreeEntryKind::Symlink, {}, std::move(target)}; });
}
MemorySystem& MemorySystem::remove_tree(const std::string& path) {
    return stage([&](State& s) {
        for (auto it = s.tree.begin(); it != s.tree.end();) {
            const bool below = it->first == path || (it->first.compare(0, path.size() + 1, path + "/") == 0);
            it = below ? s.tree.erase(it) : std::next(it);
        }
    });
}
MemorySystem& MemorySystem::set_package_owner(const std::string& path, std::string package) {
    return stage([&](State& s) { s.package_owners[path] = std::move(package); });
}
MemorySystem& MemorySystem::fail_package_database(std::string message) {
    return stage([&](State& s) { s.package_database_error = std::move(message); });
}
MemorySystem& MemorySystem::fail_tree(const std::string& path, OsError error) {
    return stage([&](State& s) { s.tree_faults[path] = std::move(error); });
}

std::size_t MemorySystem::writes() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->writes;
}

}  // namespace ic::os
