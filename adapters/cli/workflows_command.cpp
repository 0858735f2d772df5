// workflows [--json]: every workflow of the folder and of the database, its
// versions and how many open cases each holds (docs/workflow-versions.md).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/cli/text_width.h"
#include "adapters/cli/versions_commands.h"
#include "storage/audit_chain.h"

namespace wageflow::cli {
namespace {

namespace fs = std::filesystem;

struct VersionRow {
  int version = 0;
  std::string sha256;
  bool in_folder = false;
  std::optional<PublishedDefinition> published;
  std::int64_t open_cases = 0;
  bool new_cases = false;  // the version `case open` uses now

  std::string source() const {
    if (published && in_folder) return "published, folder";
    if (published) return "published";
    if (in_folder) return "folder";
    return "pinned";  // only cases hold it: an earlier folder text
  }
};

using Versions = std::map<std::string, std::vector<VersionRow>>;  // by workflow

VersionRow& row_for(Versions& all, const std::string& workflow, int version,
                    const std::string& sha256) {
  auto& rows = all[workflow];
  for (auto& row : rows) {
    if (row.sha256 == sha256) return row;
  }
  rows.push_back(VersionRow{version, sha256, false, std::nullopt, 0, false});
  return rows.back();
}

// The workflow files of the folder that load, by their `workflow:` id.
void add_folder_files(const Context& context, Versions& all) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(context.options.workflows, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  LoadOptions options;
  options.calendars_dir = (fs::path(context.options.workflows) / "calendars").string();
  for (const auto& file : files) {
    std::vector<Diagnostic> diagnostics;
    auto loaded = load_definition_file(file.string(), options, &diagnostics);
    if (!loaded) {
      context.log.warn("{} left out: {}", file.string(), loaded.error());
      continue;
    }
    const Definition& d = **loaded;
    row_for(all, d.id, d.version, sha256_hex(d.source_text)).in_folder = true;
  }
}

Versions collect(const Context& context, Store& store) {
  Versions all;
  add_folder_files(context, all);
  for (const PublishedDefinition& p : store.published_definitions("")) {
    row_for(all, p.workflow, p.version, p.sha256).published = p;
  }
  for (const DefinitionCaseCount& count : store.open_case_counts()) {
    row_for(all, count.workflow, count.version, count.sha256).open_cases = count.open_cases;
  }
  for (auto& [workflow, rows] : all) {
    std::sort(rows.begin(), rows.end(), [](const VersionRow& a, const VersionRow& b) {
      return a.version != b.version ? a.version < b.version : a.sha256 < b.sha256;
    });
    VersionRow* latest = nullptr;
    for (auto& row : rows) {
      if (row.published) latest = &row;  // ordered by version: the last is the highest
    }
    if (!latest) {
      for (auto& row : rows) {
        if (row.in_folder) latest = &row;
      }
    }
    if (latest) latest->new_cases = true;
  }
  return all;
}

void print_json(const Context& context, const Versions& all) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& [workflow, rows] : all) {
    nlohmann::ordered_json versions = nlohmann::ordered_json::array();
    for (const VersionRow& row : rows) {
      nlohmann::ordered_json v;
      v["version"] = row.version;
      v["sha256"] = row.sha256;
      v["source"] = row.source();
      v["published"] = row.published.has_value();
      v["folder"] = row.in_folder;
      v["published_by"] = row.published ? nlohmann::ordered_json(row.published->published_by)
                                        : nlohmann::ordered_json();
      v["published_at"] =
          row.published ? nlohmann::ordered_json(format_utc(Instant{row.published->published_at}))
                        : nlohmann::ordered_json();
      v["active_cases"] = row.open_cases;
      v["new_cases"] = row.new_cases;
      versions.push_back(std::move(v));
    }
    list.push_back({{"workflow", workflow}, {"versions", std::move(versions)}});
  }
  context.out << nlohmann::ordered_json{{"workflows", std::move(list)}}.dump(
                     2, ' ', false, nlohmann::json::error_handler_t::replace)
              << '\n';
}

void print_table(const Context& context, const Versions& all) {
  int workflow_width = display_width("WORKFLOW") + 2;
  int by_width = display_width("PUBLISHED BY") + 2;
  for (const auto& [workflow, rows] : all) {
    workflow_width = std::max(workflow_width, display_width(workflow) + 2);
    for (const VersionRow& row : rows) {
      if (row.published)
        by_width = std::max(by_width, display_width(row.published->published_by) + 2);
    }
  }
  auto line = [&](const std::string& workflow, const std::string& version, const std::string& sha,
                  const std::string& source, const std::string& by, const std::string& at,
                  const std::string& open, const std::string& latest) {
    std::string text = pad_to(workflow, workflow_width) + pad_to(version, 9) + pad_to(sha, 14) +
                       pad_to(source, 19) + pad_to(by, by_width) + pad_to(at, 22);
    text += latest.empty() ? open : pad_to(open, 14) + latest;
    context.out << text << '\n';
  };
  line("WORKFLOW", "VERSION", "SHA256", "SOURCE", "PUBLISHED BY", "PUBLISHED AT", "ACTIVE CASES",
       "NEW CASES");
  for (const auto& [workflow, rows] : all) {
    for (const VersionRow& row : rows) {
      line(workflow, std::to_string(row.version), row.sha256.substr(0, 12), row.source(),
           row.published ? row.published->published_by : "-",
           row.published ? format_utc(Instant{row.published->published_at}) : "-",
           std::to_string(row.open_cases), row.new_cases ? "yes" : "");
    }
  }
}

}  // namespace

int list_workflow_versions(const Context& context, const WorkflowsOptions& options) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  const Versions all = collect(context, *session.store);
  if (options.json) {
    print_json(context, all);
  } else {
    print_table(context, all);
  }
  return kExitDone;
}

}  // namespace wageflow::cli
