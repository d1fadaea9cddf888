#include "bundle.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>

#include <zip.h>

namespace fs = std::filesystem;

namespace ic::cli {

namespace {

std::string zip_error_text(zip_error_t* error) {
    std::string text = zip_error_strerror(error);
    zip_error_fini(error);
    return text;
}

struct SourceFree {
    void operator()(zip_source_t* s) const { zip_source_free(s); }
};
using SourcePtr = std::unique_ptr<zip_source_t, SourceFree>;

}  // namespace

void write_zip(const std::string& path, const std::vector<ZipEntry>& entries) {
    zip_error_t error;
    zip_error_init(&error);
    SourcePtr buffer(zip_source_buffer_create(nullptr, 0, 0, &error));
    if (!buffer) throw std::runtime_error("cannot start the zip: " + zip_error_text(&error));
    zip_source_keep(buffer.get());  // the archive releases it on close; we still read the bytes after
    zip_t* archive = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &error);
    if (archive == nullptr) throw std::runtime_error("cannot start the zip: " + zip_error_text(&error));
    for (const auto& entry : entries) {
        zip_source_t* data = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
        if (data == nullptr || zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
            const std::string why = zip_strerror(archive);
            if (data != nullptr) zip_source_free(data);
            zip_discard(archive);
            throw std::runtime_error("cannot add " + entry.name + " to the zip: " + why);
        }
    }
    if (zip_close(archive) < 0) {
        const std::string why = zip_strerror(archive);
        zip_discard(archive);
        throw std::runtime_error("cannot finish the zip: " + why);
    }
    // The finished archive is in the buffer source: copy it out and write it in one go.
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_source_stat(buffer.get(), &stat) < 0 || (stat.valid & ZIP_STAT_SIZE) == 0 || zip_source_open(buffer.get()) < 0)
        throw std::runtime_error("cannot read back the finished zip");
    std::string bytes(static_cast<std::size_t>(stat.size), '\0');
    const zip_int64_t got = zip_source_read(buffer.get(), bytes.data(), bytes.size());
    zip_source_close(buffer.get());
    if (got < 0 || static_cast<zip_uint64_t>(got) != stat.size) throw std::runtime_error("cannot read back the finished zip");

    const fs::path target = fs::u8path(path);
    const fs::path temporary = fs::u8path(path + ".part");
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(temporary, ec);
            throw std::runtime_error("cannot write " + path + " (full disk, no permission, or a missing folder)");
        }
    }
    std::error_code ec;
    fs::rename(temporary, target, ec);
    if (ec) {
        fs::remove(temporary, ec);
        throw std::runtime_error("cannot write " + path + ": " + ec.message());
    }
}

std::vector<ZipEntry> read_zip(const std::string& path, std::size_t max_bytes) {
    std::ifstream in(fs::u8path(path), std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) throw std::runtime_error(path + ": " + zip_error_text(&error));
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive == nullptr) {
        zip_source_free(source);
        throw std::runtime_error(path + " is not a valid zip: " + zip_error_text(&error));
    }
    std::vector<ZipEntry> entries;
    std::size_t total = 0;
    const zip_int64_t count = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) < 0) continue;
        total += static_cast<std::size_t>(stat.size);
        if (total > max_bytes) {
            zip_close(archive);
            throw std::runtime_error(path + " holds more than expected");
        }
        zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
        if (file == nullptr) continue;
        ZipEntry entry{stat.name, std::string(static_cast<std::size_t>(stat.size), '\0')};
        const zip_int64_t got = zip_fread(file, entry.content.data(), entry.content.size());
        zip_fclose(file);
        if (got < 0 || static_cast<zip_uint64_t>(got) != stat.size) {
            zip_close(archive);
            throw std::runtime_error(path + ": entry " + entry.name + " could not be read");
        }
        entries.push_back(std::move(entry));
    }
    zip_close(archive);
    return entries;
}

}  // namespace ic::cli
