#pragma once
// Writes a test::LinuxTree into a real folder: files, links, empty folders, dpkg file lists for the
// packages that own files, and an RPM database folder on RPM systems. Shared by the staged-tree tests
// and ic_stage_linux_tree (screenshots, demos).
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "linux_workspace.h"

namespace ic::test {

inline void write_tree(const LinuxTree& tree, const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    auto at = [&](const std::string& system_path) { return root / system_path.substr(1); };
    auto write = [&](const std::string& system_path, const std::string& text) {
        fs::create_directories(at(system_path).parent_path());
        std::ofstream(at(system_path), std::ios::binary) << text;
    };
    for (const auto& f : tree.folders) fs::create_directories(at(f));
    for (const auto& [path, text] : tree.files) write(path, text);
    for (const auto& [path, target] : tree.links) {
        fs::create_directories(at(path).parent_path());
        fs::create_symlink(target, at(path));
    }
    std::map<std::string, std::string> lists;
    for (const auto& [path, package] : tree.owners) lists[package] += path + "\n";
    for (const auto& [package, text] : lists) write("/var/lib/dpkg/info/" + package + ".list", "/.\n/etc\n" + text);
    if (tree.rpm) fs::create_directories(at("/var/lib/rpm"));
}

}  // namespace ic::test
