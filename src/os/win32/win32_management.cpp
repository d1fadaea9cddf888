#include <windows.h>
#include <oleauto.h>
#include <wbemidl.h>

#include <chrono>
#include <cstdio>
#include <mutex>

#include "win32_system.h"
#include "win32_util.h"

namespace ic::os::win32 {

namespace {

// ---- Errors ----

// WMI's own codes are not in the system message table (wmiutils.dll holds them, and Wine's has
// none), so the ones a query meets in practice are named here.
const char* wbem_error_name(HRESULT result) {
    switch (static_cast<std::uint32_t>(result)) {
        case 0x80041001U: return "WBEM_E_FAILED: call failed";
        case 0x80041002U: return "WBEM_E_NOT_FOUND: no such object or property";
        case 0x80041003U: return "WBEM_E_ACCESS_DENIED: access denied";
        case 0x80041006U: return "WBEM_E_OUT_OF_MEMORY: out of memory";
        case 0x80041008U: return "WBEM_E_INVALID_PARAMETER: invalid parameter";
        case 0x8004100EU: return "WBEM_E_INVALID_NAMESPACE: no such namespace";
        case 0x80041010U: return "WBEM_E_INVALID_CLASS: no such class";
        case 0x80041011U: return "WBEM_E_PROVIDER_NOT_FOUND: provider not found";
        case 0x80041013U: return "WBEM_E_PROVIDER_LOAD_FAILURE: the provider could not be loaded";
        case 0x80041017U: return "WBEM_E_INVALID_QUERY: invalid query";
        case 0x80041032U: return "WBEM_E_CALL_CANCELLED: call cancelled";
        case 0x80041033U: return "WBEM_E_SHUTTING_DOWN: WMI is shutting down";
        default: return nullptr;
    }
}

/// An OsError for a failed COM call: the HRESULT as a signed 32-bit code, as Windows tools print it
/// negative in decimal, and in hex in the message, where people search for it.
OsError com_error(const char* api, HRESULT result, const std::string& context = {}) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "0x%08lX", static_cast<unsigned long>(static_cast<std::uint32_t>(result)));
    std::string text;
    if (const char* name = wbem_error_name(result)) {
        text = name;
    } else {
        text = system_message(static_cast<DWORD>(result));
    }
    std::string message = text + " (HRESULT " + hex + ")";
    if (!context.empty()) message = context + ": " + message;
    return OsError{api, static_cast<std::int64_t>(static_cast<std::int32_t>(result)), message};
}

// ---- COM lifetime ----

/// COM for the current thread, for as long as the query runs. A thread that already has COM keeps it:
/// S_FALSE (same apartment) is balanced with CoUninitialize like S_OK, and RPC_E_CHANGED_MODE (a
/// single-threaded apartment, such as a UI thread) is used as it is and left alone.
class ComScope {
public:
    ComScope() : result_(CoInitializeEx(nullptr, COINIT_MULTITHREADED)) {}
    ComScope(const ComScope&) = delete;
    ComScope& operator=(const ComScope&) = delete;
    ~ComScope() {
        if (SUCCEEDED(result_)) CoUninitialize();
    }
    [[nodiscard]] bool usable() const { return SUCCEEDED(result_) || result_ == RPC_E_CHANGED_MODE; }
    [[nodiscard]] HRESULT result() const { return result_; }

private:
    HRESULT result_;
};

// Process-wide COM security can be set once, before the first call that marshals, and a host program
// may already have done so (RPC_E_TOO_LATE). Whatever the outcome, each proxy also gets its blanket
// below, which is what WMI actually needs; so the result is deliberately not checked.
void initialise_security_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        CoInitializeSecurity(nullptr, -1, nullptr, nullptr, RPC_C_AUTHN_LEVEL_DEFAULT, RPC_C_IMP_LEVEL_IMPERSONATE,
                             nullptr, EOAC_NONE, nullptr);
    });
}

struct ComReleaser {
    void operator()(IUnknown* object) const noexcept {
        if (object != nullptr) object->Release();
    }
};
template <typename T>
using ComPtr = std::unique_ptr<T, ComReleaser>;

struct BstrFreer {
    void operator()(BSTR text) const noexcept { SysFreeString(text); }
};
using UniqueBstr = std::unique_ptr<OLECHAR, BstrFreer>;

UniqueBstr bstr(const std::wstring& text) { return UniqueBstr(SysAllocStringLen(text.data(), static_cast<UINT>(text.size()))); }

/// A VARIANT cleared when it goes out of scope.
struct ScopedVariant {
    VARIANT value;
    ScopedVariant() { VariantInit(&value); }
    ScopedVariant(const ScopedVariant&) = delete;
    ScopedVariant& operator=(const ScopedVariant&) = delete;
    ~ScopedVariant() { VariantClear(&value); }
};

// Impersonation lets WMI providers act as this process's user; without it some classes answer
// "access denied" or nothing. RPC_C_AUTHN_DEFAULT picks Kerberos or NTLM as the system does.
HRESULT set_blanket(IUnknown* proxy) {
    return CoSetProxyBlanket(proxy, RPC_C_AUTHN_DEFAULT, RPC_C_AUTHZ_NONE, nullptr, RPC_C_AUTHN_LEVEL_CALL,
                             RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE);
}

// ---- Values as text ----

Result<std::string> variant_text(const VARIANT& value);

// "a; b; c" for the one-dimensional arrays WMI returns (IP addresses, capabilities, ...).
Result<std::string> array_text(const VARIANT& value) {
    SAFEARRAY* array = (value.vt & VT_BYREF) != 0 ? *value.pparray : value.parray;
    const VARTYPE element_type = static_cast<VARTYPE>(value.vt & VT_TYPEMASK);
    if (array == nullptr) return std::string();
    if (SafeArrayGetDim(array) != 1) return com_error("SafeArrayGetDim", DISP_E_BADINDEX, "a multi-dimensional array");
    LONG lower = 0;
    LONG upper = -1;
    SafeArrayGetLBound(array, 1, &lower);
    SafeArrayGetUBound(array, 1, &upper);
    std::string text;
    for (LONG index = lower; index <= upper; ++index) {
        ScopedVariant element;
        // SafeArrayGetElement copies into the storage it is given: the whole VARIANT for an array of
        // VARIANTs, otherwise the union inside one, whose type is then set to match.
        void* storage = element_type == VT_VARIANT ? static_cast<void*>(&element.value) : static_cast<void*>(&element.value.llVal);
        const HRESULT got = SafeArrayGetElement(array, &index, storage);
        if (FAILED(got)) return com_error("SafeArrayGetElement", got);
        if (element_type != VT_VARIANT) element.value.vt = element_type;
        Result<std::string> part = variant_text(element.value);
        if (!part) return part.error();
        if (index != lower) text += "; ";
        text += part.value();
    }
    return text;
}

Result<std::string> variant_text(const VARIANT& value) {
    if ((value.vt & VT_ARRAY) != 0) return array_text(value);
    switch (value.vt) {
        case VT_EMPTY:
        case VT_NULL: return std::string();
        case VT_BSTR: return to_utf8(value.bstrVal, SysStringLen(value.bstrVal));
        case VT_BOOL: return std::string(value.boolVal != VARIANT_FALSE ? "true" : "false");
        case VT_I1: return std::to_string(static_cast<int>(value.cVal));
        case VT_UI1: return std::to_string(static_cast<unsigned>(value.bVal));
        case VT_I2: return std::to_string(value.iVal);
        case VT_UI2: return std::to_string(value.uiVal);
        case VT_I4: return std::to_string(value.lVal);
        case VT_UI4: return std::to_string(value.ulVal);
        case VT_INT: return std::to_string(value.intVal);
        case VT_UINT: return std::to_string(value.uintVal);
        // WMI passes 64-bit integers as BSTR (CIM_SINT64 / CIM_UINT64), but other providers do not.
        case VT_I8: return std::to_string(value.llVal);
        case VT_UI8: return std::to_string(value.ullVal);
        default: break;
    }
    // Reals, dates and currency: the system's own conversion, with the invariant locale so that a
    // decimal point is always a point. (The source is only read, whatever the declaration says.)
    ScopedVariant converted;
    const HRESULT changed = VariantChangeTypeEx(&converted.value, const_cast<VARIANT*>(&value), LOCALE_INVARIANT, 0, VT_BSTR);
    if (FAILED(changed)) {
        return com_error("VariantChangeTypeEx", changed, "a value of VARIANT type " + std::to_string(value.vt));
    }
    return to_utf8(converted.value.bstrVal, SysStringLen(converted.value.bstrVal));
}

// ---- Reading the answer ----

// Each wait for the next object is bounded, and so is the whole query: a hung provider must not hang
// the check that asked.
constexpr LONG kNextTimeoutMs = 5000;
constexpr std::chrono::seconds kQueryTimeout{60};

Result<ManagementRow> read_row(IWbemClassObject& object, const std::vector<std::wstring>& names,
                               const std::vector<std::string>& properties) {
    ManagementRow row;
    row.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        ScopedVariant value;
        const HRESULT got = object.Get(names[i].c_str(), 0, &value.value, nullptr, nullptr);
        // A property the class does not have is WBEM_E_NOT_FOUND: an error, not an empty value, so a
        // misspelt name cannot pass for "not set".
        if (FAILED(got)) return com_error("IWbemClassObject::Get", got, "property '" + properties[i] + "'");
        Result<std::string> text = variant_text(value.value);
        if (!text) return text.error();
        row.emplace_back(properties[i], std::move(text).value());
    }
    return row;
}

Result<std::vector<ManagementRow>> read_rows(IEnumWbemClassObject& rows, const std::vector<std::string>& properties) {
    std::vector<std::wstring> names;
    names.reserve(properties.size());
    for (const std::string& property : properties) names.push_back(to_wide(property));

    std::vector<ManagementRow> answer;
    const auto deadline = std::chrono::steady_clock::now() + kQueryTimeout;
    for (;;) {
        IWbemClassObject* raw = nullptr;
        ULONG returned = 0;
        const HRESULT next = rows.Next(kNextTimeoutMs, 1, &raw, &returned);
        const ComPtr<IWbemClassObject> object(raw);
        // With WBEM_FLAG_RETURN_IMMEDIATELY, errors in the query itself (an unknown class, bad WQL)
        // arrive here rather than from ExecQuery.
        if (FAILED(next)) return com_error("IEnumWbemClassObject::Next", next);
        if (returned == 1 && object) {
            Result<ManagementRow> row = read_row(*object, names, properties);
            if (!row) return row.error();
            answer.push_back(std::move(row).value());
            continue;
        }
        if (next == WBEM_S_FALSE) return answer;  // the end
        if (std::chrono::steady_clock::now() >= deadline) {
            return com_error("IEnumWbemClassObject::Next", WBEM_S_TIMEDOUT,
                             "no answer within " + std::to_string(kQueryTimeout.count()) + " seconds");
        }
        // WBEM_S_TIMEDOUT: nothing yet, ask again.
    }
}

}  // namespace

// ---- Queries ----

Result<std::vector<ManagementRow>> Win32ManagementProbe::query(const std::string& wmi_namespace, const std::string& wql,
                                                               const std::vector<std::string>& properties) {
    const ComScope com;
    if (!com.usable()) return com_error("CoInitializeEx", com.result());
    initialise_security_once();

    IWbemLocator* raw_locator = nullptr;
    HRESULT result = CoCreateInstance(CLSID_WbemLocator, nullptr, CLSCTX_INPROC_SERVER, IID_IWbemLocator,
                                      reinterpret_cast<void**>(&raw_locator));
    const ComPtr<IWbemLocator> locator(raw_locator);
    if (FAILED(result)) return com_error("CoCreateInstance", result, "WbemLocator");

    // WBEM_FLAG_CONNECT_USE_MAX_WAIT bounds the connection at two minutes instead of forever.
    IWbemServices* raw_services = nullptr;
    const UniqueBstr name = bstr(to_wide(wmi_namespace));
    result = locator->ConnectServer(name.get(), nullptr, nullptr, nullptr, WBEM_FLAG_CONNECT_USE_MAX_WAIT, nullptr,
                                    nullptr, &raw_services);
    const ComPtr<IWbemServices> services(raw_services);
    if (FAILED(result)) return com_error("IWbemLocator::ConnectServer", result, wmi_namespace);
    result = set_blanket(services.get());
    if (FAILED(result)) return com_error("CoSetProxyBlanket", result);

    IEnumWbemClassObject* raw_rows = nullptr;
    const UniqueBstr language = bstr(L"WQL");
    const UniqueBstr text = bstr(to_wide(wql));
    result = services->ExecQuery(language.get(), text.get(), WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY,
                                 nullptr, &raw_rows);
    const ComPtr<IEnumWbemClassObject> rows(raw_rows);
    if (FAILED(result)) return com_error("IWbemServices::ExecQuery", result, wql);
    // The enumerator is a proxy of its own; E_NOINTERFACE means it is in-process and needs no blanket.
    result = set_blanket(rows.get());
    if (FAILED(result) && result != E_NOINTERFACE) return com_error("CoSetProxyBlanket", result);
    return read_rows(*rows, properties);
}

}  // namespace ic::os::win32
