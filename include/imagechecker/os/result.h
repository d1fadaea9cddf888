#pragma once
/// \file
/// The value-or-error type every OS probe returns, so that a failed API call reaches the check as data
/// (which API, which code, what the OS said) instead of an exception or a silent default.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace ic::os {

/// Why an OS question could not be answered: the API that failed, its native error code
/// (Win32 error, errno, or 0 when there is none) and the system's own message for it.
struct OsError {
    std::string api;
    std::int64_t code = 0;
    std::string message;

    /// One line for evidence and logs, e.g. "RegOpenKeyExW failed with error 5 (Access is denied.)".
    [[nodiscard]] std::string describe() const;
};

/// Thrown by Result::value() on an error; the runner turns it into an ERROR result with describe().
class OsFailure : public std::runtime_error {
public:
    explicit OsFailure(OsError error) : std::runtime_error(error.describe()), error_(std::move(error)) {}
    [[nodiscard]] const OsError& error() const noexcept { return error_; }

private:
    OsError error_;
};

/// Either the answer to an OS question or the OsError that prevented it.
template <typename T>
class Result {
public:
    Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design, like std::optional
    Result(OsError error) : data_(std::move(error)) {}  // NOLINT

    [[nodiscard]] bool ok() const noexcept { return std::holds_alternative<T>(data_); }
    explicit operator bool() const noexcept { return ok(); }

    [[nodiscard]] const T& value() const& {
        if (!ok()) throw OsFailure(error());
        return std::get<T>(data_);
    }
    [[nodiscard]] T&& value() && {
        if (!ok()) throw OsFailure(error());
        return std::get<T>(std::move(data_));
    }
    [[nodiscard]] const OsError& error() const { return std::get<OsError>(data_); }

private:
    std::variant<T, OsError> data_;
};

/// The answer to an OS request that returns nothing but can fail.
template <>
class Result<void> {
public:
    Result() = default;
    Result(OsError error) : error_(std::move(error)), failed_(true) {}  // NOLINT

    [[nodiscard]] bool ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return ok(); }
    void value() const {
        if (failed_) throw OsFailure(error_);
    }
    [[nodiscard]] const OsError& error() const { return error_; }

private:
    OsError error_;
    bool failed_ = false;
};

}  // namespace ic::os
