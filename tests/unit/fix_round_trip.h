#pragma once
// Helpers for testing a check's fix the way the fix engine uses it: plan, apply each change through
// ic::perform, run the check again, then undo the undoable changes newest first.
#include <string>

#include <gtest/gtest.h>

#include "imagechecker/check.h"
#include "imagechecker/fix.h"
#include "imagechecker/os/memory_system.h"

namespace ic::test {

/// The context a run would give a check (used for plan_fix).
inline CheckContext context_for(os::MemorySystem& system, const std::string& user = "alice") {
    return CheckContext{system, user, system.host().os().value(), CancelToken{}};
}

/// Makes every change of `plan`, in order.
inline void apply_plan(os::System& system, const FixPlan& plan) {
    for (const auto& change : plan.changes) {
        const auto done = perform(system, change.action);
        EXPECT_TRUE(done.ok()) << change.what << ": " << (done.ok() ? "" : done.error().describe());
    }
}

/// Puts back what `plan` changed, newest change first, skipping changes that cannot be undone.
inline void undo_plan(os::System& system, const FixPlan& plan) {
    for (auto it = plan.changes.rbegin(); it != plan.changes.rend(); ++it) {
        if (!it->undoable) continue;
        const auto inverse = inverse_of(it->action);
        ASSERT_TRUE(inverse.has_value()) << it->what;
        const auto done = perform(system, *inverse);
        EXPECT_TRUE(done.ok()) << "undo of " << it->what << ": " << (done.ok() ? "" : done.error().describe());
    }
}

/// The service as the machine reports it now (fails the test when it is not there).
inline os::ServiceInfo service_now(os::MemorySystem& system, const std::string& name) {
    auto found = system.services().find(name);
    EXPECT_TRUE(found.ok());
    if (!found.ok() || !found.value()) {
        ADD_FAILURE() << "service " << name << " is not there";
        return {};
    }
    return *found.value();
}

}  // namespace ic::test
