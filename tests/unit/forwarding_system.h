#pragma once
/// \file
/// A System for tests that answers every question from another System. A test derives from it and
/// overrides the one call it is about (usually a registry write: the moment a fix makes its change, to
/// fail it, read the journal then, or end the process there).

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "imagechecker/os/system.h"

namespace ic::test {

class ForwardingSystem : public os::System, public os::RegistryProbe {
public:
    explicit ForwardingSystem(std::shared_ptr<os::System> inner) : inner_(std::move(inner)) {}

    os::RegistryProbe& registry() override { return *this; }
    os::ServiceProbe& services() override { return inner_->services(); }
    os::VolumeProbe& volumes() override { return inner_->volumes(); }
    os::FileProbe& files() override { return inner_->files(); }
    os::HostProbe& host() override { return inner_->host(); }
    os::NetworkProbe& network() override { return inner_->network(); }
    os::ManagementProbe& management() override { return inner_->management(); }
    os::PackageProbe& packages() override { return inner_->packages(); }
    os::TreeProbe& tree() override { return inner_->tree(); }
    [[nodiscard]] std::string source() const override { return inner_->source(); }

    os::Result<bool> key_exists(os::RegistryHive hive, const std::string& path) override { return inner_->registry().key_exists(hive, path); }
    os::Result<std::optional<os::RegistryValue>> read_value(os::RegistryHive hive, const std::string& path, const std::string& name) override {
        return inner_->registry().read_value(hive, path, name);
    }
    os::Result<std::vector<std::string>> subkeys(os::RegistryHive hive, const std::string& path) override {
        return inner_->registry().subkeys(hive, path);
    }
    os::Result<void> write_value(os::RegistryHive hive, const std::string& path, const std::string& name, const os::RegistryValue& value) override {
        return inner_->registry().write_value(hive, path, name, value);
    }
    os::Result<void> delete_value(os::RegistryHive hive, const std::string& path, const std::string& name) override {
        return inner_->registry().delete_value(hive, path, name);
    }

protected:
    [[nodiscard]] os::System& inner() { return *inner_; }

private:
    std::shared_ptr<os::System> inner_;
};

}  // namespace ic::test
