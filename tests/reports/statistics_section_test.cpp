// The `statistics:` section of a workflow file (docs/reports.md,
// docs/workflow-format.md): loaded and checked by the definition loader with
// FILE:LINE:COL errors, and followed by the reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/support/wageflow_process.h"
#include "engine/definition/definition.h"

namespace wageflow {
namespace {

namespace fs = std::filesystem;
const fs::path kWorkflows = fs::path(WAGEFLOW_SOURCE_DIR) / "workflows";

std::string fasttrack_text() {
  return e2e::read_file(kWorkflows / "wage-arbitration-fasttrack.yaml");
}

// The fast-track workflow with its statistics section replaced by `section`.
std::string with_statistics(const std::string& section) {
  std::string text = fasttrack_text();
  const auto at = text.find("\nstatistics:\n");
  EXPECT_NE(at, std::string::npos);
  return text.substr(0, at + 1) + section;
}

std::vector<Diagnostic> load(const std::string& text, std::shared_ptr<const Definition>* out) {
  LoadOptions options;
  options.calendars_dir = (kWorkflows / "calendars").string();
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(text, "flow.yaml", options, &diagnostics);
  if (loaded && out) *out = loaded.value();
  return diagnostics;
}

int line_of(const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  return static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
}

TEST(StatisticsSection, ShippedWorkflowsSayWhichFieldIsWhichFigure) {
  for (const char* file : {"wage-arbitration-fasttrack", "wage-arbitration", "legal-aid"}) {
    SCOPED_TRACE(file);
    std::shared_ptr<const Definition> definition;
    const auto diagnostics =
        load(e2e::read_file(kWorkflows / (std::string(file) + ".yaml")), &definition);
    ASSERT_TRUE(definition) << (diagnostics.empty() ? "" : diagnostics[0].to_string());
    const StatisticsDef& stats = definition->statistics;
    EXPECT_TRUE(stats.present);
    ASSERT_TRUE(stats.claimed && stats.recovered && stats.region);
    EXPECT_EQ(definition->fields[*stats.claimed].name, "claim_amount");
    EXPECT_EQ(definition->fields[*stats.recovered].name,
              std::string(file) == "legal-aid" ? "amount_recovered" : "recovered_amount");
    for (const auto& [state, outcome] : stats.outcomes) {
      EXPECT_TRUE(definition->states[state].final) << definition->states[state].name;
    }
    // Only legal-aid.yaml says it is a legal-aid workflow, and with what.
    if (std::string(file) != "legal-aid") {
      EXPECT_FALSE(stats.legal_aid);
      continue;
    }
    ASSERT_TRUE(stats.legal_aid);
    const auto& aid = *stats.legal_aid;
    ASSERT_TRUE(aid.application && aid.granted && aid.refused && aid.referral);
    EXPECT_EQ(definition->events[*aid.application], "apply");
    EXPECT_EQ(definition->events[*aid.granted], "grant");
    EXPECT_EQ(definition->events[*aid.refused], "refuse");
    EXPECT_EQ(definition->states[*aid.referral].name, "in_arbitration");
  }
}

struct BadSection {
  const char* what;
  const char* section;
  const char* at;  // the text the error points at (its line)
  const char* message;
};

TEST(StatisticsSection, RefusesWhatAReportCannotReadWithLineAndColumn) {
  for (const BadSection& c : {
           BadSection{"personal data", "statistics:\n  fields:\n    region: worker_name\n",
                      "worker_name", "is personal data (pii: true)"},
           BadSection{"unknown field", "statistics:\n  fields:\n    claimed: claim_amont\n",
                      "claim_amont", "unknown field 'claim_amont'"},
           BadSection{"wrong type", "statistics:\n  fields:\n    workers: claim_amount\n",
                      "claim_amount", "is money, expected int"},
           BadSection{"unknown figure", "statistics:\n  fields:\n    wages: claim_amount\n",
                      "wages", "wages"},
           BadSection{"not final", "statistics:\n  outcomes:\n    hearing: awarded\n",
                      "hearing:", "is not final"},
           BadSection{"unknown outcome", "statistics:\n  outcomes:\n    settled: won\n", "won",
                      "unknown outcome 'won'"},
           BadSection{"unknown key", "statistics:\n  figures: {}\n", "figures", "figures"},
           BadSection{"unknown legal-aid event",
                      "statistics:\n  legal_aid:\n    application: acept\n", "acept",
                      "unknown event 'acept'"},
           BadSection{"extension event",
                      "statistics:\n  legal_aid:\n    granted: extend_award_limit\n",
                      "extend_award_limit", "is not fired by any transition"},
           BadSection{"one event for two figures",
                      "statistics:\n  legal_aid:\n    granted: accept\n    refused: accept\n",
                      "refused: accept", "is already counted as granted"},
           BadSection{"unknown referral state",
                      "statistics:\n  legal_aid:\n    referral: arbitration\n", "arbitration",
                      "unknown state 'arbitration'"},
           BadSection{"unknown legal-aid key", "statistics:\n  legal_aid:\n    applied: accept\n",
                      "applied", "applied"},
       }) {
    SCOPED_TRACE(c.what);
    const std::string text = with_statistics(c.section);
    std::shared_ptr<const Definition> definition;
    const auto diagnostics = load(text, &definition);
    EXPECT_FALSE(definition);
    ASSERT_FALSE(diagnostics.empty());
    const Diagnostic& d = diagnostics.front();
    EXPECT_EQ(d.severity, Diagnostic::Severity::kError) << d.to_string();
    EXPECT_EQ(d.line,
              line_of(text, std::string("\n") + "statistics:") + line_of(c.section, c.at) - 1 + 1)
        << d.to_string();
    EXPECT_GT(d.column, 1) << d.to_string();
    EXPECT_NE(d.message.find(c.message), std::string::npos) << d.to_string();
  }
}

// One slip elsewhere is one error: the statistics section does not also
// report the figure whose row, field or state the slip broke.
TEST(StatisticsSection, DoesNotRepeatAnErrorMadeElsewhere) {
  const struct {
    const char* workflow;
    const char* from;
    const char* to;
    const char* message;
  } cases[] = {
      {"legal-aid.yaml", "    to: granted\n", "    to: grantd\n", "unknown state 'grantd'"},
      {"legal-aid.yaml", "    roles: [reviewer, director]\n    guard: >-",
       "    roles: [reviewer, directr]\n    guard: >-", "unknown role 'directr'"},
      {"legal-aid.yaml", "withdrawn:      {final: true", "withdrawn:      {final: ture", "final"},
      {"wage-arbitration-fasttrack.yaml", "  workers_involved:\n    type: int\n",
       "  workers_involved:\n    type: integer\n", "integer"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.to);
    std::string text = e2e::read_file(kWorkflows / c.workflow);
    const auto at = text.find(c.from);
    ASSERT_NE(at, std::string::npos) << c.from;
    text.replace(at, std::string(c.from).size(), c.to);
    const auto diagnostics = load(text, nullptr);
    std::string listing;
    int errors = 0;
    for (const Diagnostic& d : diagnostics) {
      listing += d.to_string() + "\n";
      errors += d.severity == Diagnostic::Severity::kError;
    }
    EXPECT_EQ(errors, 1) << listing;
    EXPECT_NE(listing.find(c.message), std::string::npos) << listing;
  }
}

TEST(StatisticsSection, TheReportFollowsTheWorkflowsMapping) {
  e2e::Sandbox sandbox;
  const fs::path workflows = sandbox.dir() / "workflows";
  fs::create_directories(workflows);
  fs::copy(kWorkflows / "calendars", workflows / "calendars", fs::copy_options::recursive);
  // Settlements counted as "other", the award amount as the amount recovered.
  std::ofstream(workflows / "wage-arbitration-fasttrack.yaml") << with_statistics(
      "statistics:\n  fields:\n    claimed: claim_amount\n    recovered: award_amount\n"
      "  outcomes:\n    settled: other\n    awarded: awarded\n");
  sandbox.set_workflows(workflows.string());
  const std::string opened = "2025-08-01T09:00:00+08:00";
  auto open = sandbox.run({"case", "open", "wage-arbitration-fasttrack", "--actor", "王", "--role",
                           "intake_clerk", "--set", "worker_name=李四", "--set", "employer=某公司",
                           "--set", "region=长春市", "--set", "claim_amount=5000"},
                          opened);
  ASSERT_EQ(open.exit_code, 0) << open.describe();
  const std::string id = open.last_line();
  for (auto [event, role, set] :
       {std::tuple{"accept", "intake_clerk", ""}, std::tuple{"start_mediation", "mediator", ""},
        std::tuple{"settle", "mediator", "recovered_amount=1200"}}) {
    std::vector<std::string> command = {"case", "fire", id, event, "--actor", "王", "--role", role};
    if (*set) command.insert(command.end(), {"--set", set});
    auto fired = sandbox.run(command, opened);
    ASSERT_EQ(fired.exit_code, 0) << fired.describe();
  }
  auto run = sandbox.run({"report", "--period", "2025Q3", "--format", "json"}, "2026-01-20");
  ASSERT_EQ(run.exit_code, 0) << run.describe();
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["closed"], 1);
  EXPECT_EQ(json["closed_by"]["mediated"], 0);
  EXPECT_EQ(json["closed_by"]["other"], 1);
  EXPECT_EQ(json["amount_recovered"]["yuan"], "0.00");    // no award amount was set
  EXPECT_EQ(json["by_region"].contains("(未填)"), true);  // region is not mapped
  EXPECT_EQ(json["amount_claimed"]["yuan"], "5000.00");
}

}  // namespace
}  // namespace wageflow

namespace wageflow {
namespace {

// A legal-aid workflow of another centre, its application event named
// `file_application`: with `legal_aid:` it is counted in the legal-aid figures
// and nowhere else; without it (the conventions look for `apply` and
// `grant`) it would be counted as arbitration cases.
TEST(StatisticsSection, ALegalAidWorkflowSaysSoWhateverItsEventsAreCalled) {
  std::string text = e2e::read_file(kWorkflows / "legal-aid.yaml");
  for (auto [from, to] : {std::pair{"workflow: legal-aid", "workflow: union-aid"},
                          std::pair{"- event: apply\n", "- event: file_application\n"},
                          std::pair{"application: apply\n", "application: file_application\n"}}) {
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, std::string(from).size(), to);
  }
  ASSERT_EQ(text.find("event: apply"), std::string::npos);
  const std::string without_key = [&] {
    std::string t = text;
    const auto at = t.find("  legal_aid:\n");
    t.erase(at, t.find("  fields:\n", at) - at);
    return t;
  }();

  for (const bool says_so : {true, false}) {
    SCOPED_TRACE(says_so ? "with legal_aid:" : "without legal_aid:");
    e2e::Sandbox sandbox;
    const fs::path workflows = sandbox.dir() / "workflows";
    fs::create_directories(workflows);
    fs::copy(kWorkflows / "calendars", workflows / "calendars", fs::copy_options::recursive);
    std::ofstream(workflows / "union-aid.yaml") << (says_so ? text : without_key);
    sandbox.set_workflows(workflows.string());
    const std::string day = "2025-08-01T09:00:00+08:00";
    auto open = sandbox.run({"case", "open", "union-aid", "--actor", "王", "--role", "consultant",
                             "--set", "channel=来访"},
                            day);
    ASSERT_EQ(open.exit_code, 0) << open.describe();
    const std::string id = open.last_line();
    auto applied = sandbox.run({"case",    "fire",
                                id,        "file_application",
                                "--actor", "王",
                                "--role",  "consultant",
                                "--set",   "applicant_name=孙丽",
                                "--set",   "employer=某公司",
                                "--set",   "region=长春市",
                                "--set",   "claim_type=劳动报酬",
                                "--set",   "applicant_is_migrant_worker=true",
                                "--set",   "claim_amount=12000"},
                               day);
    ASSERT_EQ(applied.exit_code, 0) << applied.describe();
    auto granted =
        sandbox.run({"case", "fire", id, "grant", "--actor", "陈", "--role", "reviewer"}, day);
    ASSERT_EQ(granted.exit_code, 0) << granted.describe();

    auto run = sandbox.run({"report", "--period", "2025Q3", "--format", "json"}, "2026-01-20");
    ASSERT_EQ(run.exit_code, 0) << run.describe();
    const auto json = nlohmann::json::parse(run.out);
    const auto& aid = json.at("legal_aid");
    EXPECT_EQ(aid.at("consultations"), says_so ? 1 : 0);
    EXPECT_EQ(aid.at("applications"), says_so ? 1 : 0);
    EXPECT_EQ(aid.at("granted"), says_so ? 1 : 0);
    EXPECT_EQ(json.at("received"), says_so ? 0 : 1);
  }
}

}  // namespace
}  // namespace wageflow
