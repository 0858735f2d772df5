// The shape of a workflow file: YAML syntax, keys at every level, required
// keys, ids, versions, labels, duplicate and empty names.
#include <gtest/gtest.h>

#include "tests/engine/definition/workspace.h"

namespace wageflow {
namespace {

using testing::expect_error;
using testing::kMinimal;
using testing::Workspace;

TEST(DefinitionStructure, AcceptsTheMinimalWorkflow) {
  Workspace ws;
  auto loaded = ws.load(kMinimal);
  EXPECT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_TRUE(loaded.diagnostics.empty()) << loaded.listing();
}

// kMinimal with `from` replaced by `to`: one error, at line:column.
struct OneSlip {
  const char* from;
  const char* to;
  int line, column;
  const char* message;
};

void expect_one_error_for(const OneSlip& slip) {
  std::string yaml = kMinimal;
  const std::size_t at = yaml.find(slip.from);
  ASSERT_NE(at, std::string::npos) << slip.from;
  yaml.replace(at, std::string(slip.from).size(), slip.to);
  Workspace ws;
  auto loaded = ws.load(yaml);
  expect_error(loaded, slip.line, slip.column, slip.message);
  EXPECT_EQ(loaded.errors(), 1) << slip.to << "\n" << loaded.listing();
}

TEST(DefinitionStructure, RejectsYamlSyntaxErrorWithLineAndColumn) {
  Workspace ws;
  auto loaded = ws.load("workflow: demo\nversion: 1\n  bad: indent\nroles: [a]\n");
  expect_error(loaded, 3, 6, "YAML syntax error");
  EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
}

// yaml-cpp's words ("illegal map value", "end of map not found") often
// point past the slip; the common slips are found and named at their place.
TEST(DefinitionStructure, NamesTheCommonYamlSlipsAtTheirPlace) {
  const OneSlip cases[] = {
      // The last key of a map: YAML reads `to:done` as one key.
      {"    to: done", "    to:done", 11, 5, "'to:done' is one key to YAML: write 'to: done'"},
      {"    to: done",
       "    to\xEF\xBC\x9A"
       "done",
       11, 5, "not '\xEF\xBC\x9A'"},
      // ... but not when the key is given already: then it is just unknown.
      {"    to: done", "    to: done\n    to:open", 12, 5, "unknown key 'to:open' in a transition"},
      // Before another key: a syntax error, placed at the slip.
      {"    from: open", "    from:open", 10, 9, "put a space after ':'"},
      {"    from: open", "    from\xEF\xBC\x9A open", 10, 9, "full-width '\xEF\xBC\x9A'"},
      {"roles: [clerk, director]", "roles: [clerk, director", 4, 8,
       "the [ opened here is not closed"},
      {"roles: [clerk, director]", "roles: [clerk\xEF\xBC\x8C director]", 4, 9,
       "contains a full-width '\xEF\xBC\x8C'; separate names with the ASCII ','"},
  };
  for (const auto& c : cases) expect_one_error_for(c);
}

TEST(DefinitionStructure, RejectsTopLevelThatIsNotAMap) {
  Workspace ws;
  auto loaded = ws.load("# a list, not a workflow\n- workflow: demo\n- version: 1\n");
  expect_error(loaded, 2, 1, "must be a map of keys");
}

TEST(DefinitionStructure, RejectsAnEmptyFile) {
  Workspace ws;
  auto loaded = ws.load("# nothing here\n");
  expect_error(loaded, 1, 1, "the file is empty");
}

TEST(DefinitionStructure, RejectsUnknownTopLevelKeyListingTheAllowedKeys) {
  Workspace ws;
  auto loaded = ws.load(std::string(kMinimal) + "titel: Demo\n");
  expect_error(loaded, 12, 1,
               "unknown key 'titel' in a workflow; allowed: workflow, version, title, calendar, "
               "roles, role_labels, constants, fields, states, transitions, timers, lifecycle, "
               "statistics; "
               "did you mean "
               "'title'?");
}

TEST(DefinitionStructure, ReadsRoleLabelsAndRefusesOneForARoleNotListed) {
  Workspace ws;
  auto loaded = ws.load(std::string(kMinimal) + "role_labels:\n  clerk: {zh: 立案员, en: Clerk}\n");
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  ASSERT_EQ(loaded.def().role_labels.size(), 2u);
  EXPECT_EQ(loaded.def().role_labels[0].get("zh"), "立案员");
  EXPECT_TRUE(loaded.def().role_labels[1].by_locale.empty());  // director: none given

  Workspace other;
  expect_error(other.load(std::string(kMinimal) + "role_labels:\n  clerck: 立案员\n"), 13, 3,
               "role_labels: 'clerck' is not a role of this workflow; did you mean 'clerk'?");
}

TEST(DefinitionStructure, RejectsUnknownKeysAtEveryLevel) {
  struct Case {
    const char* yaml_tail;  // appended to the minimal workflow (line 12 on)
    int line, column;
    const char* message;
  };
  const Case cases[] = {
      {"fields:\n  a: {type: int, requird: true}\n", 13, 18,
       "unknown key 'requird' in field 'a'; allowed: type, required, pii, values, pattern, label"},
      {"timers:\n  t:\n    duration: 1 days\n    start: {enter: open}\n    wran: 1 days\n", 16, 5,
       "unknown key 'wran' in timer 't'"},
      {"timers:\n  t:\n    duration: 1 days\n    start: {entre: open}\n", 15, 13,
       "unknown key 'entre' in start; allowed: enter, event"},
      {"timers:\n  t:\n    duration: 1 days\n    start: {enter: open}\n    stop: {exit: open}\n",
       16, 12, "unknown key 'exit' in stop; allowed: leave, enter, event"},
      {"timers:\n  t:\n    duration: 1 days\n    start: {enter: open}\n"
       "    expire: {notify: clerk}\n",
       16, 14, "unknown key 'notify' in expire; allowed: escalate, fire"},
      {"timers:\n  t:\n    duration: 1 days\n    start: {enter: open}\n"
       "    extend: {event: more, by: 1 days, count: 2}\n",
       16, 39, "unknown key 'count' in extend; allowed: event, by, times, roles"},
      {"lifecycle: {pause: [clerk]}\n", 12, 13,
       "unknown key 'pause' in lifecycle; allowed: suspend, resume, correct"},
      {"constants:\n  c: {type: int, valeu: 3}\n", 13, 18, "unknown key 'valeu' in constant 'c'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml_tail);
    Workspace ws;
    expect_error(ws.load(std::string(kMinimal) + c.yaml_tail), c.line, c.column, c.message);
  }
}

TEST(DefinitionStructure, RejectsUnknownKeyInATransition) {
  Workspace ws;
  auto loaded = ws.load(std::string(kMinimal) + "    gaurd: true\n");
  expect_error(loaded, 12, 5,
               "unknown key 'gaurd' in a transition; allowed: event, from, to, roles, requires, "
               "comment, guard, set; did you mean 'guard'?");
}

TEST(DefinitionStructure, RejectsUnknownKeyInAState) {
  Workspace ws;
  auto loaded = ws.load(R"(workflow: demo
version: 1
calendar: test-cal
roles: [clerk]
states:
  open: {initial: true, terminal: false}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: done}
)");
  expect_error(loaded, 6, 25, "unknown key 'terminal' in state 'open'; allowed: initial, final");
}

TEST(DefinitionStructure, ReportsEachMissingRequiredKeyAtTheTopOfTheMap) {
  const char* required[] = {"workflow", "version", "calendar", "roles", "states", "transitions"};
  for (const char* key : required) {
    SCOPED_TRACE(key);
    std::string yaml = std::string("# comment\n") + kMinimal;
    std::size_t at = yaml.find(std::string(key) + ":");
    ASSERT_NE(at, std::string::npos);
    // Rename the key to keep every line where it was, to nothing close to
    // it (a close misspelling is read as meant: the next test).
    yaml.replace(at, std::string(key).size(), std::string(std::string(key).size(), 'q'));
    Workspace ws;
    auto loaded = ws.load(yaml);
    expect_error(loaded, 2, 1, std::string("missing required key '") + key + "'");
  }
}

// One slip, one error: a misspelt key is reported with "did you mean" and
// read as meant, so the map is not also missing it and what its value
// names is not also unknown.
TEST(DefinitionStructure, AMisspeltKeyIsOneErrorAndIsReadAsMeant) {
  const OneSlip cases[] = {
      {"version: 1", "verison: 1", 2, 1, "unknown key 'verison' in a workflow"},
      {"  - event: finish", "  - evnt: finish", 9, 5, "did you mean 'event'?"},
  };
  for (const auto& c : cases) expect_one_error_for(c);
}

TEST(DefinitionStructure, RejectsWorkflowIdNotMatchingThePattern) {
  for (const char* id : {"Demo", "1demo", "demo_flow", "'demo flow'", "-demo"}) {
    SCOPED_TRACE(id);
    std::string yaml = kMinimal;
    yaml.replace(10, 4, id);
    Workspace ws;
    expect_error(ws.load(yaml), 1, 11, "must be lowercase letters, digits and '-'");
  }
}

TEST(DefinitionStructure, RejectsVersionThatIsNotAPositiveInteger) {
  for (const char* version : {"0", "-1", "1.5", "two", "99999999999"}) {
    SCOPED_TRACE(version);
    std::string yaml = kMinimal;
    yaml.replace(yaml.find("version: 1") + 9, 1, version);
    Workspace ws;
    expect_error(ws.load(yaml), 2, 10, "version must be a positive whole number");
  }
}

TEST(DefinitionStructure, RejectsLabelThatIsNeitherTextNorALocaleMap) {
  Workspace ws;
  auto loaded = ws.load(std::string(kMinimal) + "title: [速裁, fast]\n");
  expect_error(loaded, 12, 8, "title must be text or a map of locale to text");
}

// A label the pages would show as nothing is a slip.
TEST(DefinitionStructure, RejectsAnEmptyLabel) {
  const struct {
    const char* label;
    int column;
    const char* message;
  } cases[] = {
      {"{zh: ''}", 37, "label: the text for locale 'zh' is empty"},
      {"{}", 32, "label {} has no text; must be text or a map of locale to text"},
      {"' '", 32, "label is empty; must be text"},
  };
  for (const auto& c : cases) {
    Workspace ws;
    std::string yaml = kMinimal;
    yaml.replace(yaml.find("open: {initial: true}"), std::string("open: {initial: true}").size(),
                 std::string("open: {initial: true, label: ") + c.label + "}");
    auto loaded = ws.load(yaml);
    expect_error(loaded, 6, c.column, c.message);
    EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
  }
}

// Rules added after definitions were first stored must not make a stored
// definition, and so every case under it, unreadable: in a stored text
// they are warnings.
TEST(DefinitionStructure, ALaterRuleIsAWarningInAStoredDefinition) {
  std::string yaml = kMinimal;
  yaml.replace(yaml.find("open: {initial: true}"), std::string("open: {initial: true}").size(),
               "open: {initial: true, label: {zh: ''}}");
  yaml += "timers:\n  t:\n    duration: 0 days\n    start: {enter: open}\n";
  yaml.replace(yaml.find("roles: [clerk, director]"),
               std::string("roles: [clerk, director]").size(),
               "roles: [clerk\xEF\xBC\x8C director]");
  Workspace ws;
  auto validated = ws.load(yaml);
  EXPECT_FALSE(validated.ok());
  EXPECT_EQ(validated.errors(), 3) << validated.listing();

  LoadOptions stored = ws.options();
  stored.stored_text = true;
  auto loaded = ws.load(yaml, stored);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_EQ(loaded.warnings(), 3) << loaded.listing();
  testing::expect_warning(loaded, 6, 37,
                          "the text for locale 'zh' is empty; the pages would show nothing (write "
                          "the text, or leave the locale out) (tolerated in a definition stored "
                          "before this rule)");
}

// The same for bytes that are not UTF-8 (a comment saved in GBK) and for
// a constant `set:` value its field's rules refuse.
TEST(DefinitionStructure, AStoredDefinitionWithGbkBytesOrARefusedConstantSetStillLoads) {
  const std::string yaml = std::string(kMinimal) +
                           "    set: {claim_amount: 0 - 5}\n"
                           "fields:\n"
                           "  claim_amount: {type: money}\n"
                           "# \xB9\xA4\xD7\xCA\n";  // 工资 in GBK
  Workspace ws;
  auto validated = ws.load(yaml);
  EXPECT_FALSE(validated.ok());
  expect_error(validated, 15, 3, "not UTF-8");

  LoadOptions stored = ws.options();
  stored.stored_text = true;
  auto loaded = ws.load(yaml, stored);
  ASSERT_TRUE(loaded.ok()) << loaded.listing();
  EXPECT_EQ(loaded.warnings(), 2) << loaded.listing();
  testing::expect_warning(loaded, 15, 3, "not UTF-8");
  testing::expect_warning(loaded, 12, 25, "set claim_amount: '-5.00' is below zero");
}

TEST(DefinitionStructure, RejectsLabelLocaleWithoutTextAndExplainsCommas) {
  Workspace ws;
  auto loaded = ws.load(R"(workflow: demo
version: 1
calendar: test-cal
roles: [clerk]
states:
  open: {initial: true, label: {zh: 受理, en: Accepted, to be served}}
  done: {final: true}
transitions:
  - {event: finish, from: open, to: done}
)");
  // Columns count bytes, as yaml-cpp does: 受理 is 6 of them.
  expect_error(loaded, 6, 59,
               "'to be served' has no text; inside {...} a comma starts a new entry");
}

TEST(DefinitionStructure, RejectsDuplicateStateNameAtTheSecond) {
  Workspace ws;
  auto loaded = ws.load(R"(workflow: demo
version: 1
calendar: test-cal
roles: [clerk]
states:
  open: {initial: true}
  done: {final: true}
  open: {}
transitions:
  - {event: finish, from: open, to: done}
)");
  expect_error(loaded, 8, 3, "duplicate key 'open' (first at line 6)");
  EXPECT_EQ(loaded.errors(), 1) << loaded.listing();
}

TEST(DefinitionStructure, RejectsDuplicateNamesOfFieldsRolesTimersAndConstants) {
  struct Case {
    const char* yaml_tail;
    int line, column;
    const char* message;
  };
  const Case cases[] = {
      {"fields:\n  a: {type: int}\n  b: {type: int}\n  a: {type: text}\n", 15, 3,
       "duplicate key 'a' (first at line 13)"},
      {"timers:\n  t: {duration: 1 days, start: {enter: open}}\n"
       "  t: {duration: 2 days, start: {enter: open}}\n",
       14, 3, "duplicate key 't' (first at line 13)"},
      {"constants:\n  c: 1\n  c: 2\n", 14, 3, "duplicate key 'c' (first at line 13)"},
      {"roles: [auditor]\n", 12, 1, "duplicate key 'roles' (first at line 4)"},
      {"lifecycle: {suspend: [clerk, director, clerk]}\n", 12, 40,
       "'clerk' is listed twice in lifecycle suspend"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml_tail);
    Workspace ws;
    expect_error(ws.load(std::string(kMinimal) + c.yaml_tail), c.line, c.column, c.message);
  }
}

TEST(DefinitionStructure, RejectsDuplicateRoleInTheRolesList) {
  Workspace ws;
  std::string yaml = kMinimal;
  yaml.replace(yaml.find("roles: [clerk, director]"), 24, "roles: [clerk, director, clerk]");
  expect_error(ws.load(yaml), 4, 26, "'clerk' is listed twice in roles");
}

TEST(DefinitionStructure, RejectsDuplicateKeyInsideATransition) {
  Workspace ws;
  auto loaded = ws.load(std::string(kMinimal) + "    to: open\n");
  expect_error(loaded, 12, 5, "duplicate key 'to' (first at line 11)");
}

TEST(DefinitionStructure, RejectsEmptyNames) {
  struct Case {
    const char* yaml_tail;
    int line, column;
    const char* message;
  };
  const Case cases[] = {
      {"lifecycle: {resume: [clerk, '']}\n", 12, 29, "lifecycle resume must not be empty"},
      {"fields:\n  '': {type: int}\n", 13, 3, "a key in fields must be a non-empty name"},
      {"timers:\n  '': {duration: 1 days, start: {enter: open}}\n", 13, 3,
       "a key in timers must be a non-empty name"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml_tail);
    Workspace ws;
    expect_error(ws.load(std::string(kMinimal) + c.yaml_tail), c.line, c.column, c.message);
  }
}

TEST(DefinitionStructure, RejectsEmptyRoleName) {
  Workspace ws;
  std::string yaml = kMinimal;
  yaml.replace(yaml.find("roles: [clerk, director]"), 24, "roles: [clerk, '']");
  expect_error(ws.load(yaml), 4, 16, "roles must not be empty");
}

TEST(DefinitionStructure, RejectsASecondYamlDocument) {
  Workspace ws;
  auto loaded = ws.load(std::string(kMinimal) + "---\nworkflow: other\n");
  expect_error(loaded, 13, 1, "one workflow per file");
}

}  // namespace
}  // namespace wageflow
