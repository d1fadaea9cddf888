// docs/checks.md must describe exactly the checks the code registers, with the same metadata.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "imagechecker/check_registry.h"

namespace ic {
namespace {

struct Row {
    std::string title, platforms, fix, aws_code;
};

std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells;
    std::string cell;
    for (std::size_t i = 1; i < line.size(); ++i) {
        if (line[i] == '|') {
            const auto b = cell.find_first_not_of(' ');
            const auto e = cell.find_last_not_of(' ');
            cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
            cell.clear();
        } else {
            cell += line[i];
        }
    }
    return cells;
}

std::map<std::string, Row> catalogue_rows() {
    std::ifstream in(IC_DOCS_DIR "/checks.md");
    EXPECT_TRUE(in) << "cannot open " IC_DOCS_DIR "/checks.md";
    std::map<std::string, Row> rows;
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("| `", 0) != 0) continue;
        const auto cells = cells_of(line);
        if (cells.size() != 8) {
            ADD_FAILURE() << "catalogue row does not have 8 columns: " << line;
            continue;
        }
        const std::string id = cells[0].substr(1, cells[0].size() - 2);  // strip backticks
        rows[id] = Row{cells[1], cells[2], cells[6], cells[7]};
    }
    return rows;
}

TEST(CheckCatalogue, DocumentsEveryRegisteredCheckWithItsMetadata) {
    const auto rows = catalogue_rows();
    for (const auto& info : builtin_checks().catalogue()) {
        SCOPED_TRACE(info.id);
        auto it = rows.find(info.id);
        ASSERT_NE(it, rows.end()) << "docs/checks.md has no row for " << info.id;
        EXPECT_EQ(it->second.title, info.title);
        EXPECT_EQ(it->second.platforms, platforms_to_string(info.platforms));
        EXPECT_EQ(it->second.fix, to_string(info.fix));
        EXPECT_EQ(it->second.aws_code, info.aws_error_code.empty() ? "—" : info.aws_error_code);
    }
}

TEST(CheckCatalogue, DocumentsNoCheckThatDoesNotExist) {
    for (const auto& [id, row] : catalogue_rows()) EXPECT_NE(builtin_checks().find(id), nullptr) << id << " is documented but not registered";
}

}  // namespace
}  // namespace ic
