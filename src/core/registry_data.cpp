#include "imagechecker/os/registry_data.h"

namespace ic::os {

namespace {

std::u16string units_of(const std::uint8_t* data, std::size_t size) {
    std::u16string text(size / 2, u'\0');
    for (std::size_t i = 0; i < text.size(); ++i)
        text[i] = static_cast<char16_t>(data[2 * i] | (static_cast<unsigned>(data[2 * i + 1]) << 8U));
    return text;
}

void append_units(std::vector<std::uint8_t>& bytes, const std::u16string& text) {
    for (const char16_t unit : text) {
        bytes.push_back(static_cast<std::uint8_t>(unit & 0xFFU));
        bytes.push_back(static_cast<std::uint8_t>(unit >> 8U));
    }
    bytes.push_back(0);
    bytes.push_back(0);
}

}  // namespace

std::u16string registry_string_units(const std::uint8_t* data, std::size_t size) {
    std::u16string text = units_of(data, size);
    const auto nul = text.find(u'\0');
    if (nul != std::u16string::npos) text.resize(nul);
    return text;
}

std::vector<std::u16string> registry_multi_string_units(const std::uint8_t* data, std::size_t size) {
    const std::u16string text = units_of(data, size);
    std::vector<std::u16string> lines;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(u'\0', start);
        if (end == std::u16string::npos) end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

std::vector<std::uint8_t> registry_multi_string_bytes(const std::vector<std::u16string>& lines) {
    std::vector<std::uint8_t> bytes;
    for (const auto& line : lines) append_units(bytes, line);
    append_units(bytes, std::u16string());
    if (lines.empty()) append_units(bytes, std::u16string());
    return bytes;
}

std::uint64_t registry_number(const std::uint8_t* data, std::size_t size, std::size_t width) {
    std::uint64_t number = 0;
    for (std::size_t i = 0; i < width && i < size && i < 8; ++i) number |= static_cast<std::uint64_t>(data[i]) << (8U * i);
    return number;
}

}  // namespace ic::os
