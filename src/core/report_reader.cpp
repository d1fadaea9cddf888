// The report reader: the other half of build_report (report.cpp), schema in docs/report-schema.md.
// A missing or mistyped field is not fatal: it is left empty and named in ReadRun::missing.
#include <algorithm>

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "imagechecker/report.h"
#include "imagechecker/run_reader.h"

namespace ic {

namespace {

using nlohmann::json;

class ReportParser {
public:
    ReadRun parse(std::string_view text) {
        json doc = json::parse(text.begin(), text.end(), nullptr, false);
        if (doc.is_discarded()) throw RunFileError("this is neither an ImageChecker log nor valid JSON");
        if (!doc.is_object()) throw RunFileError("this JSON is not an ImageChecker report (it is not an object)");
        if (doc.contains("exchanges") || (doc.contains("format") && doc["format"] == "imagechecker-recording"))
            throw RunFileError("this is a recording, not a log or report: replay it with imagechecker-cli run --replay FILE (or collect --replay FILE)");
        if (doc.contains("format") && doc["format"] == "imagechecker-fixes")
            throw RunFileError("this is an undo journal, not a log or report: review the log beside it (or undo it with imagechecker-cli undo)");
        if (!doc.contains("schema_version") || !doc["schema_version"].is_number_integer() || !doc.contains("checks"))
            throw RunFileError("this JSON is not an ImageChecker report (no schema_version and checks)");
        run_.kind = ReadRun::Kind::Report;
        const auto version = doc["schema_version"].get<long long>();
        if (version > kReportSchemaVersion)
            run_.missing.push_back(fmt::format("the report has schema version {}, newer than this tool's {}: fields it does not know are not shown",
                                               version, kReportSchemaVersion));

        if (const json* tool = object(doc, "tool")) run_.tool_version = text_of(*tool, "version", "tool.version");
        else run_.missing.push_back("the report does not say which tool version wrote it");

        if (const json* m = object(doc, "machine")) machine(*m);
        else run_.missing.push_back("the report has no machine section");
        if (const json* source = object(doc, "source")) run_.source = text_of(*source, "kind", "source.kind");
        run_.started = text_of(doc, "started_at", "started_at");
        run_.log_file = optional_text(doc, "log_file");
        if (doc.contains("cancelled") && doc["cancelled"].is_boolean()) run_.cancelled = doc["cancelled"].get<bool>();
        if (const json* overall = object(doc, "overall")) {
            run_.verdict = text_of(*overall, "message", "overall.message");
            if (const json* counts = object(*overall, "counts")) {
                std::string totals;
                for (const char* s : {"PASSED", "WARNING", "FAILED", "SKIPPED", "ERROR"}) {
                    const auto it = counts->find(s);
                    if (it != counts->end() && it->is_number_integer())
                        totals += fmt::format("{}{} {}", totals.empty() ? "" : ", ", s, it->get<long long>());
                }
                run_.totals = totals;
            }
        } else {
            run_.missing.push_back("the report has no overall verdict");
        }
        run_.finished = !run_.verdict.empty();

        const json& checks = doc["checks"];
        if (!checks.is_array()) {
            run_.missing.push_back("the report's checks are not a list");
        } else {
            for (std::size_t i = 0; i < checks.size(); ++i) check(checks[i], i);
        }
        return std::move(run_);
    }

private:
    static const json* object(const json& parent, const char* key) {
        const auto it = parent.find(key);
        return it != parent.end() && it->is_object() ? &*it : nullptr;
    }

    std::string optional_text(const json& parent, const char* key) {
        const auto it = parent.find(key);
        return it != parent.end() && it->is_string() ? it->get<std::string>() : std::string();
    }

    /// A string field; names it in `missing` when it is absent or not a string (null is an answer: "").
    std::string text_of(const json& parent, const char* key, const std::string& name) {
        const auto it = parent.find(key);
        if (it != parent.end() && it->is_string()) return it->get<std::string>();
        if (it != parent.end() && it->is_null()) return {};
        missing_fields_.push_back(name);
        if (missing_fields_.size() <= 10) run_.missing.push_back("the report has no " + name);
        else if (missing_fields_.size() == 11) run_.missing.push_back("and more fields are missing");
        return {};
    }

    void machine(const json& m) {
        run_.machine_name = text_of(m, "name", "machine.name");
        if (const json* os = object(m, "os")) {
            run_.os_product = optional_text(*os, "product_name");
            run_.os_version = optional_text(*os, "version");
            run_.os_build = optional_text(*os, "build");
            run_.os_edition = optional_text(*os, "edition");
        }
        run_.user_checked = text_of(m, "user_checked", "machine.user_checked");
        run_.user_source = optional_text(m, "user_source");
        run_.run_as = optional_text(m, "run_as");
        const auto elevated = m.find("elevated");
        if (elevated != m.end() && elevated->is_boolean()) run_.elevated = elevated->get<bool>() ? "yes" : "no";
        const json* errors = object(m, "errors");
        if (run_.elevated.empty()) {
            const std::string why = errors ? optional_text(*errors, "elevated") : std::string();
            run_.elevated = why.empty() ? std::string("unknown") : "unknown (" + why + ")";
        }
        if (errors) {
            for (const auto& [key, value] : errors->items())
                if (value.is_string() && key != "elevated") run_.other_facts.emplace_back("Could not read " + key, value.get<std::string>());
        }
        static const char* const known[] = {"name", "os", "user_checked", "user_source", "run_as", "elevated", "errors"};
        for (const auto& [key, value] : m.items()) {
            if (std::find(std::begin(known), std::end(known), key) != std::end(known)) continue;
            if (value.is_string()) run_.other_facts.emplace_back(key, value.get<std::string>());
            else if (value.is_boolean() || value.is_number()) run_.other_facts.emplace_back(key, value.dump());
        }
    }

    void check(const json& c, std::size_t index) {
        if (!c.is_object()) {
            run_.missing.push_back(fmt::format("check {} of the report is not an object", index + 1));
            return;
        }
        ReadCheck out;
        out.id = optional_text(c, "id");
        if (out.id.empty()) {
            run_.missing.push_back(fmt::format("check {} of the report has no id", index + 1));
            out.id = fmt::format("#{}", index + 1);
        }
        out.title = optional_text(c, "title");
        out.status = status_from_string(optional_text(c, "status"));
        if (!out.status) run_.missing.push_back("check " + out.id + " has no readable status");
        out.summary = optional_text(c, "summary");
        if (const auto ev = c.find("evidence"); ev != c.end() && ev->is_array()) {
            for (const auto& e : *ev) {
                if (!e.is_object()) continue;
                out.evidence.push_back({optional_text(e, "item"), optional_text(e, "observed"), optional_text(e, "expected")});
            }
        }
        out.resolution = optional_text(c, "remediation");
        out.rationale = optional_text(c, "rationale");
        out.aws_error_code = optional_text(c, "aws_error_code");
        if (const json* fix = object(c, "fix")) {
            const auto available = fix->find("available");
            if (available != fix->end() && available->is_boolean() && available->get<bool>()) {
                const auto automatic = fix->find("automatic");
                out.fix_kind = automatic != fix->end() && automatic->is_boolean() && automatic->get<bool>() ? "automatic" : "on-request";
                out.fix_description = optional_text(*fix, "description");
            }
        }
        if (const auto d = c.find("duration_ms"); d != c.end() && d->is_number_integer()) out.duration_ms = d->get<long long>();
        run_.checks.push_back(std::move(out));
    }

    ReadRun run_;
    std::vector<std::string> missing_fields_;
};

}  // namespace

ReadRun parse_report(std::string_view text) { return ReportParser().parse(text); }

}  // namespace ic
