// The keys the workflow loader accepts, section by section: the one list
// the loader checks files against and the JSON Schema sync test
// (tests/tooling/schema_sync_test.cpp) compares workflows/workflow.schema.json
// with. Adding a key to the format means adding it here, to the schema and
// to docs/workflow-format.md. Private to the definition loader and its tests.
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace wageflow::format_keys {

using Keys = std::span<const std::string_view>;

inline constexpr std::array<std::string_view, 13> kWorkflow = {
    "workflow", "version", "title",       "calendar", "roles",     "role_labels", "constants",
    "fields",   "states",  "transitions", "timers",   "lifecycle", "statistics"};
inline constexpr std::array<std::string_view, 6> kWorkflowRequired = {
    "workflow", "version", "calendar", "roles", "states", "transitions"};

inline constexpr std::array<std::string_view, 10> kField = {
    "type", "required", "pii", "values", "pattern", "label", "hint", "check", "min", "max"};
inline constexpr std::array<std::string_view, 1> kFieldRequired = {"type"};

inline constexpr std::array<std::string_view, 3> kState = {"initial", "final", "label"};

inline constexpr std::array<std::string_view, 8> kTransition = {
    "event", "from", "to", "roles", "requires", "comment", "guard", "set"};
inline constexpr std::array<std::string_view, 3> kTransitionRequired = {"event", "from", "to"};

inline constexpr std::array<std::string_view, 9> kTimer = {
    "duration", "start", "stop", "warn", "expire", "extend", "binding", "label", "on_suspend"};
inline constexpr std::array<std::string_view, 2> kTimerRequired = {"duration", "start"};

// start, stop and expire take exactly one of their keys.
inline constexpr std::array<std::string_view, 2> kTimerStart = {"enter", "event"};
inline constexpr std::array<std::string_view, 3> kTimerStop = {"leave", "enter", "event"};
inline constexpr std::array<std::string_view, 2> kTimerExpire = {"escalate", "fire"};

inline constexpr std::array<std::string_view, 4> kTimerExtend = {"event", "by", "times", "roles"};
inline constexpr std::array<std::string_view, 2> kTimerExtendRequired = {"event", "by"};

inline constexpr std::array<std::string_view, 3> kLifecycle = {"suspend", "resume", "correct"};

// `statistics:` (docs/reports.md): figure -> field, final state -> outcome,
// and what makes the workflow a legal-aid one.
inline constexpr std::array<std::string_view, 3> kStatistics = {"fields", "outcomes", "legal_aid"};
inline constexpr std::array<std::string_view, 5> kStatisticsFields = {
    "workers", "claimed", "recovered", "region", "industry"};
// `statistics: legal_aid:`: three events and a state.
inline constexpr std::array<std::string_view, 4> kStatisticsLegalAid = {"application", "granted",
                                                                        "refused", "referral"};
// The values `outcomes:` takes.
inline constexpr std::array<std::string_view, 6> kStatisticsOutcomes = {
    "mediated", "awarded", "withdrawn", "rejected", "referred", "other"};

// A constant in long form: `months: {type: int, value: 12}`.
inline constexpr std::array<std::string_view, 2> kConstant = {"type", "value"};
inline constexpr std::array<std::string_view, 2> kConstantRequired = {"type", "value"};

// One map of the format with a fixed set of keys. `name` is the section's
// name in the JSON Schema: "workflow" is the schema's root, every other name
// a definition under $defs. `exactly_one`: the map takes exactly one key.
struct Section {
  std::string_view name;
  Keys keys;
  Keys required;
  bool exactly_one = false;
};

inline constexpr std::array<Section, 14> kSections = {{
    {"workflow", kWorkflow, kWorkflowRequired},
    {"field", kField, kFieldRequired},
    {"state", kState, {}},
    {"transition", kTransition, kTransitionRequired},
    {"timer", kTimer, kTimerRequired},
    {"timer_start", kTimerStart, {}, true},
    {"timer_stop", kTimerStop, {}, true},
    {"timer_expire", kTimerExpire, {}, true},
    {"timer_extend", kTimerExtend, kTimerExtendRequired},
    {"lifecycle", kLifecycle, {}},
    {"constant_long_form", kConstant, kConstantRequired},
    {"statistics", kStatistics, {}},
    {"statistics_fields", kStatisticsFields, {}},
    {"statistics_legal_aid", kStatisticsLegalAid, {}},
}};

}  // namespace wageflow::format_keys
