#include "imagechecker/workspace_user.h"

#include <algorithm>
#include <cctype>

namespace ic {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

bool is_builtin_or_service_account(const std::string& account) {
    const std::string name = lower(account);
    if (name.empty()) return false;
    if (name.back() == '$') return true;  // MACHINE$ (the computer's own account) and gMSA/MSA accounts
    const auto slash = name.find('\\');
    const std::string domain = slash == std::string::npos ? std::string() : name.substr(0, slash);
    const std::string bare = slash == std::string::npos ? name : name.substr(slash + 1);
    for (const char* authority : {"nt authority", "nt service", "iis apppool", "window manager", "font driver host", "nt virtual machine"})
        if (domain == authority) return true;
    for (const char* builtin : {"system", "localsystem", "local service", "localservice", "network service", "networkservice"})
        if (bare == builtin) return true;
    return false;
}

std::string requested_user_problem(const std::string& requested) {
    if (is_builtin_or_service_account(requested))
        return requested + " is a built-in or service account, not a WorkSpace user; give --user the person the WorkSpace belongs to";
    return {};
}

UserChoice console_user_rule(os::System& system, const os::OsFacts* /*os*/, const std::string& requested) {
    if (!requested.empty()) {
        if (auto problem = requested_user_problem(requested); !problem.empty()) return {{}, "--user", problem};
        return {requested, "named with --user", {}};
    }
    try {
        auto console = system.host().interactive_user();
        if (!console) return {{}, {}, "the user signed in at the console could not be read: " + console.error().describe()};
        if (console.value().empty()) return {{}, {}, "nobody is signed in at the console; name the WorkSpace user with --user"};
        if (is_builtin_or_service_account(console.value()))
            return {{}, {}, console.value() + " is signed in at the console, which is a built-in account; name the WorkSpace user with --user"};
        return {console.value(), "the user signed in at the console", {}};
    } catch (const std::exception& e) {  // a replay with no answer
        return {{}, {}, std::string("the user signed in at the console could not be read: ") + e.what()};
    }
}

}  // namespace ic
