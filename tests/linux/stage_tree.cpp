// ic_stage_linux_tree DIR FAMILY [CHECK-ID|sudo-rule|user-app ...]: writes the ready Linux WorkSpace of the
// tests (AmazonLinux2, Ubuntu2204 or Rocky8) into DIR, with the named checks' problems staged, for
// screenshots and demos: imagechecker --root DIR, imagechecker-cli run --root DIR.
#include <filesystem>
#include <iostream>

#include "linux_workspace.h"
#include "tree_on_disk.h"

int main(int argc, char** argv) {
    using namespace ic::test;
    if (argc < 3) {
        std::cerr << "usage: ic_stage_linux_tree DIR AmazonLinux2|Ubuntu2204|Rocky8 [CHECK-ID|sudo-rule|user-app ...]\n";
        return 3;
    }
    const std::string name = argv[2];
    LinuxFamily family = LinuxFamily::AmazonLinux2;
    if (name == "Ubuntu2204") family = LinuxFamily::Ubuntu2204;
    else if (name == "Rocky8") family = LinuxFamily::Rocky8;
    else if (name != "AmazonLinux2") {
        std::cerr << "ic_stage_linux_tree: unknown family " << name << "\n";
        return 3;
    }
    LinuxTree tree = ready_linux_workspace(family);
    const auto problems = linux_problems(family);
    for (int i = 3; i < argc; ++i) {
        const std::string what = argv[i];
        bool known = false;
        for (const auto& p : problems)
            if (p.check_id == what) {
                p.stage(tree);
                known = true;
            }
        if (what == "sudo-rule") {
            tree.file("/etc/sudoers.d/developers", "%developers ALL=(ALL) ALL\n");
            known = true;
        } else if (what == "user-app") {
            tree.file("/home/alice/.local/bin/httpie", "#!/usr/bin/python3\n");
            known = true;
        }
        if (!known) {
            std::cerr << "ic_stage_linux_tree: no staged problem named " << what << "\n";
            return 3;
        }
    }
    std::error_code ec;
    std::filesystem::create_directories(argv[1], ec);
    write_tree(tree, argv[1]);
    std::cout << "staged " << name << " in " << argv[1] << "\n";
    return 0;
}
