#include "linux_system_facts.h"

#include <cctype>

#include "linux_parsers.h"

namespace ic::checks {

// ---- The distribution ----

bool Distro::is_workspaces_family() const {
    return id == "amzn" || id == "ubuntu" || id == "rocky" || id == "rhel";  // CentOS and AlmaLinux are RHEL-like, not offered
}

std::string Distro::not_workspaces_note() const {
    if (is_workspaces_family()) return {};
    return name + " is not a distribution WorkSpaces runs (Amazon Linux 2, Ubuntu 22.04, Rocky Linux 8, RHEL 8)";
}

Distro distro_from_os_release(const std::string& os_release_text) {
    const auto values = parse_os_release(os_release_text);
    auto value = [&](const char* key) {
        auto it = values.find(key);
        return it == values.end() ? std::string{} : it->second;
    };
    Distro d;
    d.id = value("ID");
    d.version_id = value("VERSION_ID");
    d.name = value("PRETTY_NAME");
    if (d.name.empty()) d.name = value("NAME");
    if (d.name.empty()) d.name = d.id.empty() ? "an unnamed Linux" : d.id;
    if (d.id == "amzn") d.family = Distro::Family::AmazonLinux;
    else if (d.id == "ubuntu") d.family = Distro::Family::Ubuntu;
    else if (d.id == "rocky" || d.id == "rhel" || d.id == "centos" || d.id == "almalinux") d.family = Distro::Family::RhelLike;
    else if (d.id == "debian") d.family = Distro::Family::Debian;
    return d;
}

Distro read_distro(os::TreeProbe& tree) {
    for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
        const TextRead read = read_tree_text(tree, path);
        if (read.text) return distro_from_os_release(*read.text);
        if (!read.error.empty()) {
            Distro d;
            d.name = "an unidentified Linux";
            d.error = read.error;
            return d;
        }
    }
    Distro d;
    d.name = "an unidentified Linux";
    d.error = "neither /etc/os-release nor /usr/lib/os-release exists";
    return d;
}

// ---- Paths ----

std::string join_path(const std::string& dir, const std::string& name) {
    if (dir.empty() || dir.back() == '/') return dir + name;
    return dir + "/" + name;
}

std::string normalise_path(const std::string& path) {
    std::vector<std::string> parts;
    std::string part;
    for (char c : path + "/") {
        if (c != '/') {
            part += c;
            continue;
        }
        if (part == "..") {
            if (!parts.empty()) parts.pop_back();
        } else if (!part.empty() && part != ".") {
            parts.push_back(part);
        }
        part.clear();
    }
    std::string out;
    for (const auto& p : parts) out += "/" + p;
    return out.empty() ? "/" : out;
}

std::string link_destination(const std::string& link_path, const std::string& target) {
    if (!target.empty() && target.front() == '/') return normalise_path(target);
    const auto slash = link_path.find_last_of('/');
    return normalise_path((slash == std::string::npos ? std::string("/") : link_path.substr(0, slash + 1)) + target);
}

bool is_under_home(const std::string& absolute_path) {
    const std::string p = normalise_path(absolute_path);
    return p == "/home" || p.compare(0, 6, "/home/") == 0;
}

bool glob_match(const std::string& pattern, const std::string& name) {
    // Iterative matcher with backtracking on the last '*'.
    std::size_t p = 0, n = 0, star = std::string::npos, mark = 0;
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = n;
        } else if (star != std::string::npos) {
            p = star + 1;
            n = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

// ---- Reading ----

TextRead read_tree_text(os::TreeProbe& tree, const std::string& path) {
    TextRead read;
    auto r = tree.read_text(path);
    if (!r) {
        read.error = r.error().describe();
        return read;
    }
    if (r.value()) read.text = r.value()->text;
    return read;
}

ListRead list_tree(os::TreeProbe& tree, const std::string& path) {
    ListRead read;
    auto r = tree.list(path);
    if (!r) {
        read.error = r.error().describe();
        return read;
    }
    if (r.value()) {
        read.exists = true;
        read.entries = *r.value();
    }
    return read;
}

// ---- Versions ----

int compare_versions(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    while (i < a.size() || j < b.size()) {
        while (i < a.size() && !alnum(a[i]) && a[i] != '~') ++i;
        while (j < b.size() && !alnum(b[j]) && b[j] != '~') ++j;
        const bool tilde_a = i < a.size() && a[i] == '~';
        const bool tilde_b = j < b.size() && b[j] == '~';
        if (tilde_a || tilde_b) {
            if (!tilde_a) return 1;
            if (!tilde_b) return -1;
            ++i;
            ++j;
            continue;
        }
        if (i >= a.size() || j >= b.size()) break;
        const bool digits = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
        auto run = [&](const std::string& s, std::size_t& k) {
            const std::size_t start = k;
            while (k < s.size() && (digits ? std::isdigit(static_cast<unsigned char>(s[k])) != 0 : std::isalpha(static_cast<unsigned char>(s[k])) != 0)) ++k;
            return s.substr(start, k - start);
        };
        std::string ra = run(a, i);
        std::string rb = run(b, j);
        if (rb.empty()) return digits ? 1 : -1;  // a digit run is newer than a letter run
        if (digits) {
            ra.erase(0, std::min(ra.find_first_not_of('0'), ra.size()));
            rb.erase(0, std::min(rb.find_first_not_of('0'), rb.size()));
            if (ra.size() != rb.size()) return ra.size() < rb.size() ? -1 : 1;
        }
        if (const int c = ra.compare(rb); c != 0) return c < 0 ? -1 : 1;
    }
    if (i >= a.size() && j >= b.size()) return 0;
    return i >= a.size() ? -1 : 1;
}

std::optional<std::string> running_kernel(os::TreeProbe& tree) {
    const TextRead read = read_tree_text(tree, "/proc/sys/kernel/osrelease");
    if (!read.text) return std::nullopt;
    std::string release = *read.text;
    while (!release.empty() && std::isspace(static_cast<unsigned char>(release.back()))) release.pop_back();
    if (release.empty()) return std::nullopt;
    return release;
}

}  // namespace ic::checks
