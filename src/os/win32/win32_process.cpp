#include <chrono>

#include "win32_util.h"

namespace ic::os::win32 {

namespace {

// The tail of a program's output is where its error is; this much of it is kept.
constexpr std::size_t kKeptOutputBytes = 4096;
constexpr DWORD kPollMs = 50;

struct ProcThreadAttributeListDeleter {
    void operator()(LPPROC_THREAD_ATTRIBUTE_LIST list) const noexcept {
        DeleteProcThreadAttributeList(list);
        HeapFree(GetProcessHeap(), 0, list);
    }
};
using UniqueAttributeList = std::unique_ptr<std::remove_pointer_t<LPPROC_THREAD_ATTRIBUTE_LIST>, ProcThreadAttributeListDeleter>;

// An attribute list that lets the child inherit exactly `handles`, so that inheritable handles other
// threads create at the same moment (checks run in parallel) do not leak into it. Null when the
// system cannot make one; the child then inherits as usual.
UniqueAttributeList inherit_only(HANDLE* handles, std::size_t count) {
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    auto* list = static_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(HeapAlloc(GetProcessHeap(), 0, size));
    if (list == nullptr) return nullptr;
    if (!InitializeProcThreadAttributeList(list, 1, 0, &size)) {
        HeapFree(GetProcessHeap(), 0, list);
        return nullptr;
    }
    UniqueAttributeList owner(list);
    if (!UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles, count * sizeof(HANDLE), nullptr,
                                   nullptr)) {
        return nullptr;
    }
    return owner;
}

// A job that ends every process in it when its last handle closes, so nothing the program started
// outlives a timeout. Null when jobs are unavailable (nested jobs before Windows 8).
UniqueHandle kill_on_close_job() {
    UniqueHandle job(CreateJobObjectW(nullptr, nullptr));
    if (!job) return nullptr;
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    if (!SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits, sizeof limits)) return nullptr;
    return job;
}

// Reads whatever the pipe holds without blocking; keeps the last kKeptOutputBytes.
void drain(HANDLE pipe, std::string& output) {
    char chunk[4096];
    for (;;) {
        DWORD available = 0;
        if (!PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr) || available == 0) return;
        DWORD read = 0;
        if (!ReadFile(pipe, chunk, available < sizeof chunk ? available : static_cast<DWORD>(sizeof chunk), &read,
                      nullptr) ||
            read == 0) {
            return;
        }
        output.append(chunk, read);
        if (output.size() > 2 * kKeptOutputBytes) output.erase(0, output.size() - kKeptOutputBytes);
    }
}

// Console programs write in the OEM code page unless told otherwise; UTF-8 is taken when it is valid.
std::string output_as_utf8(std::string bytes) {
    if (bytes.size() > kKeptOutputBytes) bytes.erase(0, bytes.size() - kKeptOutputBytes);
    while (!bytes.empty() && (bytes.back() == '\r' || bytes.back() == '\n' || bytes.back() == ' ')) bytes.pop_back();
    if (bytes.empty()) return bytes;
    const int length = static_cast<int>(bytes.size());
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, bytes.data(), length, nullptr, 0) > 0) return bytes;
    const int wide_length = MultiByteToWideChar(CP_OEMCP, 0, bytes.data(), length, nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(wide_length), L'\0');
    MultiByteToWideChar(CP_OEMCP, 0, bytes.data(), length, wide.data(), wide_length);
    return to_utf8(wide);
}

}  // namespace

Result<ProcessOutcome> run_hidden_process(const std::wstring& application, std::wstring command_line, DWORD timeout_ms) {
    SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    HANDLE raw_read = nullptr;
    HANDLE raw_write = nullptr;
    if (!CreatePipe(&raw_read, &raw_write, &inheritable, 0)) return last_os_error("CreatePipe");
    const UniqueHandle read_end(raw_read);
    UniqueHandle write_end(raw_write);
    SetHandleInformation(raw_read, HANDLE_FLAG_INHERIT, 0);  // only the writing end is the child's
    // Standard input is NUL: a program that asks a question gets end-of-file instead of waiting.
    const UniqueHandle input(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inheritable,
                                         OPEN_EXISTING, 0, nullptr));
    if (input.get() == INVALID_HANDLE_VALUE) return last_os_error("CreateFileW");

    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES | STARTF_USESHOWWINDOW;
    startup.StartupInfo.wShowWindow = SW_HIDE;
    startup.StartupInfo.hStdInput = input.get();
    startup.StartupInfo.hStdOutput = raw_write;
    startup.StartupInfo.hStdError = raw_write;
    HANDLE inherited[] = {input.get(), raw_write};
    const UniqueAttributeList attributes = inherit_only(inherited, 2);
    DWORD creation = CREATE_NO_WINDOW | CREATE_SUSPENDED | CREATE_UNICODE_ENVIRONMENT;
    if (attributes) {
        startup.lpAttributeList = attributes.get();
        creation |= EXTENDED_STARTUPINFO_PRESENT;
    } else {
        startup.StartupInfo.cb = sizeof startup.StartupInfo;
    }

    PROCESS_INFORMATION started{};
    if (!CreateProcessW(application.c_str(), command_line.data(), nullptr, nullptr, TRUE, creation, nullptr, nullptr,
                        &startup.StartupInfo, &started)) {
        return last_os_error("CreateProcessW");
    }
    const UniqueHandle process(started.hProcess);
    const UniqueHandle thread(started.hThread);
    // Started suspended so that it is in the job before it can start anything of its own.
    const UniqueHandle job = kill_on_close_job();
    if (job) AssignProcessToJobObject(job.get(), process.get());
    ResumeThread(thread.get());
    write_end.reset();  // the child holds its own copy; ours would keep the pipe open

    ProcessOutcome outcome;
    std::string output;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
        drain(read_end.get(), output);
        if (WaitForSingleObject(process.get(), kPollMs) == WAIT_OBJECT_0) break;
        if (std::chrono::steady_clock::now() >= deadline) {
            outcome.timed_out = true;
            if (job) TerminateJobObject(job.get(), ERROR_TIMEOUT);
            TerminateProcess(process.get(), ERROR_TIMEOUT);
            WaitForSingleObject(process.get(), 5000);
            break;
        }
    }
    drain(read_end.get(), output);
    if (!GetExitCodeProcess(process.get(), &outcome.exit_code)) return last_os_error("GetExitCodeProcess");
    outcome.output = output_as_utf8(std::move(output));
    return outcome;
}

}  // namespace ic::os::win32
