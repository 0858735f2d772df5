// workflows/workflow.schema.json describes exactly what the loader accepts:
// every shipped workflow is valid against it, every key the loader takes
// (engine/definition/format_keys.h) is in it and nothing else, and the
// schema and the loader refuse the same mistakes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/definition/format_keys.h"
#include "tests/tooling/support/json_schema.h"

namespace wageflow {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::JsonSchema;

const fs::path kWorkflows = fs::path(WAGEFLOW_SOURCE_DIR) / "workflows";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const JsonSchema& workflow_schema() {
  static const JsonSchema schema(json::parse(read_file(kWorkflows / "workflow.schema.json")));
  return schema;
}

std::vector<fs::path> shipped_workflows() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(kWorkflows)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

std::vector<std::string> schema_errors(const std::string& yaml) {
  return workflow_schema().validate(testing::yaml_to_json(YAML::Load(yaml)));
}

// The loader's errors for `yaml` (with the shipped calendars).
std::vector<std::string> loader_errors(const std::string& yaml) {
  LoadOptions options;
  options.calendars_dir = (kWorkflows / "calendars").string();
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(yaml, "test.yaml", options, &diagnostics);
  std::vector<std::string> errors;
  for (const auto& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) errors.push_back(d.to_string());
  }
  if (!loaded.ok() && errors.empty()) errors.push_back(loaded.error());
  return errors;
}

// The schema of a section: the root for "workflow", else $defs/<name>.
const json& section_schema(std::string_view name) {
  const json& root = workflow_schema().document();
  if (name == "workflow") return root;
  const std::string key(name);
  if (!root["$defs"].contains(key)) {
    throw std::runtime_error("the schema has no $defs/" + key);
  }
  return root["$defs"][key];
}

std::set<std::string> as_set(format_keys::Keys keys) {
  return std::set<std::string>(keys.begin(), keys.end());
}

std::set<std::string> property_names(const json& schema) {
  std::set<std::string> names;
  const json properties = schema.value("properties", json::object());
  for (const auto& [name, sub] : properties.items()) names.insert(name);
  return names;
}

std::set<std::string> required_names(const json& schema) {
  std::set<std::string> names;
  for (const auto& name : schema.value("required", json::array())) names.insert(name);
  return names;
}

std::string shown(const std::set<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ", ") + n;
  return "{" + text + "}";
}

TEST(WorkflowSchema, UsesOnlyKeywordsTheValidatorChecks) {
  EXPECT_NO_THROW(workflow_schema());
  EXPECT_THROW(JsonSchema(json::parse(R"({"type": "object", "patternProperties": {}})")),
               std::invalid_argument);
  EXPECT_THROW(JsonSchema(json::parse(R"({"$ref": "#/$defs/missing"})")), std::invalid_argument);
}

TEST(WorkflowSchema, EveryShippedWorkflowIsValid) {
  const auto files = shipped_workflows();
  ASSERT_GE(files.size(), 3u);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const std::vector<std::string> errors = schema_errors(read_file(file));
    EXPECT_TRUE(errors.empty()) << joined(errors);
  }
}

TEST(WorkflowSchema, EveryShippedWorkflowStartsWithTheSchemaModeline) {
  for (const auto& file : shipped_workflows()) {
    const std::string text = read_file(file);
    const std::string first_line = text.substr(0, text.find('\n'));
    EXPECT_EQ(first_line, "# yaml-language-server: $schema=./workflow.schema.json") << file;
  }
}

TEST(WorkflowSchema, HasExactlyTheKeysTheLoaderAcceptsInEverySection) {
  for (const format_keys::Section& section : format_keys::kSections) {
    SCOPED_TRACE(std::string(section.name));
    const json& schema = section_schema(section.name);
    EXPECT_EQ(property_names(schema), as_set(section.keys))
        << "schema " << shown(property_names(schema)) << " vs loader "
        << shown(as_set(section.keys));
    EXPECT_EQ(required_names(schema), as_set(section.required));
    EXPECT_EQ(schema.value("additionalProperties", json(true)), json(false))
        << "unknown keys must be refused, as the loader does";
    const bool exactly_one =
        schema.value("minProperties", 0) == 1 && schema.value("maxProperties", 0) == 1;
    EXPECT_EQ(exactly_one, section.exactly_one);
  }
}

TEST(WorkflowSchema, FieldTypesAreTheEngineFieldTypes) {
  std::set<std::string> engine_types;
  for (FieldType type : {FieldType::kString, FieldType::kText, FieldType::kInt, FieldType::kMoney,
                         FieldType::kDate, FieldType::kBool, FieldType::kEnum}) {
    engine_types.insert(field_type_name(type));
  }
  std::set<std::string> schema_types;
  for (const auto& t : section_schema("field")["properties"]["type"]["enum"]) {
    schema_types.insert(t);
  }
  EXPECT_EQ(schema_types, engine_types);
}

TEST(WorkflowSchema, FieldChecksAreTheEngineChecks) {
  std::set<std::string> engine_checks(kFieldCheckNames.begin(), kFieldCheckNames.end());
  std::set<std::string> schema_checks;
  for (const auto& c : section_schema("field")["properties"]["check"]["enum"]) {
    schema_checks.insert(c);
  }
  EXPECT_EQ(schema_checks, engine_checks);
}

// A small valid workflow; each case below changes one line of it.
constexpr const char* kBase = R"(workflow: sample-flow
version: 1
title: {zh: 样例, en: Sample}
calendar: cn-mainland
roles: [clerk, director]
constants:
  limit: 2120
fields:
  worker_name: {type: string, required: true, pii: true, label: {zh: 姓名}}
  region: {type: enum, values: [长春市, 吉林市]}
  amount: {type: money}
states:
  intake: {initial: true, label: {zh: 登记}}
  review: {label: 审查}
  done: {final: true}
transitions:
  - event: accept
    from: intake
    to: review
    roles: [clerk]
    requires: [worker_name]
  - event: finish
    from: review
    to: done
    guard: amount <= 12 * limit
    set:
      region: "'长春市'"
timers:
  decision:
    duration: 5 working_days
    start: {enter: intake}
    stop: {leave: intake}
    warn: 1 working_days
    expire: {escalate: director}
    extend: {event: extend_decision, by: 5 working_days, times: 1, roles: [director]}
    binding: true
lifecycle:
  suspend: [director]
)";

struct Change {
  const char* what;
  const char* from;  // a line (or part) of kBase
  const char* to;
};

std::string changed(const Change& change) {
  std::string text = kBase;
  const auto at = text.find(change.from);
  if (at == std::string::npos) throw std::runtime_error(std::string("no ") + change.from);
  text.replace(at, std::string(change.from).size(), change.to);
  return text;
}

TEST(WorkflowSchema, TheBaseSampleIsValidForBoth) {
  EXPECT_TRUE(schema_errors(kBase).empty()) << joined(schema_errors(kBase));
  EXPECT_TRUE(loader_errors(kBase).empty()) << joined(loader_errors(kBase));
}

// What the loader refuses, the schema refuses too (so an editor flags it).
TEST(WorkflowSchema, RefusesWhatTheLoaderRefuses) {
  const Change changes[] = {
      {"unknown top-level key", "version: 1\n", "version: 1\ntitel: x\n"},
      {"unknown field key", "type: money}", "type: money, requierd: true}"},
      {"unknown state key", "review: {label: 审查}", "review: {label: 审查, inital: true}"},
      {"unknown transition key", "    guard: amount", "    gaurd: amount"},
      {"unknown timer key", "    warn: 1 working_days", "    warning: 1 working_days"},
      {"unknown extend key", "times: 1,", "time: 1,"},
      {"unknown lifecycle key", "  suspend: [director]", "  suspnd: [director]"},
      {"unknown constant long-form key", "limit: 2120", "limit: {type: int, valu: 3}"},
      {"missing required top-level key", "calendar: cn-mainland\n", ""},
      {"missing transition to", "    to: done\n", ""},
      {"missing timer start", "    start: {enter: intake}\n", ""},
      {"start with two kinds", "start: {enter: intake}", "start: {enter: intake, event: accept}"},
      {"expire with none", "expire: {escalate: director}", "expire: {}"},
      {"version not a number", "version: 1", "version: one"},
      {"version zero", "version: 1", "version: 0"},
      {"workflow id with capitals", "workflow: sample-flow", "workflow: Sample"},
      {"event name with capitals", "event: accept", "event: Accept"},
      {"bad duration", "duration: 5 working_days", "duration: 5 weekdays"},
      {"duration too long", "duration: 5 working_days", "duration: 100001 days"},
      {"required not a boolean", "required: true", "required: yes"},
      {"comment other than required", "    roles: [clerk]\n",
       "    roles: [clerk]\n    comment: "
       "optional\n"},
      {"field type unknown", "type: money}", "type: currency}"},
      {"field name not usable in expressions", "  amount: {", "  claim-amount: {"},
      {"field named like a keyword", "  amount: {type: money}", "  date: {type: money}"},
      {"role listed twice", "roles: [clerk, director]", "roles: [clerk, clerk]"},
      {"empty roles", "roles: [clerk, director]", "roles: []"},
      {"extend times zero", "times: 1,", "times: 0,"},
      {"state called *", "  done: {final: true}", "  done: {final: true}\n  '*': {}"},
      {"roles as a map", "roles: [clerk, director]", "roles: {clerk: 1, director: 2}"},
      {"unknown check", "pii: true, label", "pii: true, check: resident-id, label"},
      {"hint as a list", "pii: true, label", "pii: true, hint: [x], label"},
      {"unknown legal_aid key", "lifecycle:\n  suspend: [director]\n",
       "lifecycle:\n  suspend: [director]\nstatistics:\n  legal_aid: {applied: accept}\n"},
  };
  for (const Change& change : changes) {
    SCOPED_TRACE(change.what);
    const std::string text = changed(change);
    EXPECT_FALSE(loader_errors(text).empty()) << "the loader accepted:\n" << text;
    EXPECT_FALSE(schema_errors(text).empty()) << "the schema accepted:\n" << text;
  }
}

// What the loader accepts, the schema accepts too (no false alarms in editors).
TEST(WorkflowSchema, AcceptsWhatTheLoaderAccepts) {
  const Change changes[] = {
      {"a single role without brackets", "    roles: [clerk]", "    roles: clerk"},
      {"from as a list", "    from: intake", "    from: [intake]"},
      {"from any state", "    from: review", "    from: '*'"},
      {"a state with nothing under it", "  review: {label: 审查}", "  review:"},
      {"a plain-text title", "title: {zh: 样例, en: Sample}", "title: 样例"},
      {"a decimal constant", "limit: 2120", "limit: 2120.50"},
      {"a text constant", "limit: 2120", "limit: 2120\n  city: '长春市'"},
      {"a bool constant", "limit: 2120", "limit: 2120\n  strict: true"},
      {"a long-form int constant", "limit: 2120", "limit: {type: int, value: 12}"},
      {"a long-form date constant", "limit: 2120",
       "limit: 2120\n  cutoff: {type: date, value: 2025-01-24}"},
      {"a bool guard", "guard: amount <= 12 * limit", "guard: true"},
      {"a number in set", "      region: \"'长春市'\"", "      amount: 12"},
      {"hours", "duration: 5 working_days\n    start", "duration: 48 hours\n    start"},
      {"singular unit", "warn: 1 working_days", "warn: 1 working_day"},
      {"stop on an event", "stop: {leave: intake}", "stop: {event: [accept]}"},
      {"start on an event", "start: {enter: intake}", "start: {event: accept}"},
      {"expire fires an event", "expire: {escalate: director}", "expire: {fire: accept}"},
      {"TRUE in capitals", "pii: true", "pii: TRUE"},
      {"a check and a hint", "pii: true, label",
       "pii: true, check: resident_id, hint: {zh: 身份证号码}, label"},
      {"a legal-aid statistics section", "lifecycle:\n  suspend: [director]\n",
       "lifecycle:\n  suspend: [director]\nstatistics:\n  legal_aid: {application: accept, "
       "granted: finish, referral: review}\n"},
  };
  for (const Change& change : changes) {
    SCOPED_TRACE(change.what);
    std::string text = changed(change);
    if (std::string(change.what) == "hours") {
      text.replace(text.find("warn: 1 working_days"), 20, "warn: 12 hours");
      text.replace(text.find("by: 5 working_days"), 18, "by: 24 hours");
    }
    EXPECT_TRUE(loader_errors(text).empty()) << joined(loader_errors(text)) << text;
    EXPECT_TRUE(schema_errors(text).empty()) << joined(schema_errors(text)) << text;
  }
}

TEST(WorkflowSchema, NamesTheUnknownKeyAndWhereItIs) {
  const std::string text = changed({"", "    guard: amount", "    gaurd: amount"});
  const std::vector<std::string> errors = schema_errors(text);
  ASSERT_EQ(errors.size(), 1u) << joined(errors);
  EXPECT_EQ(errors[0].substr(0, errors[0].find(';')), "/transitions/1: unknown key 'gaurd'");
}

}  // namespace
}  // namespace wageflow
