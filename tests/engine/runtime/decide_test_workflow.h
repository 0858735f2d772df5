// A compact workflow that exercises every rule decide applies: roles,
// requires, comment, guard, set, the three timer kinds, an extension and
// an expiry that fires an event. Shared by the runtime tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/definition/definition.h"

namespace wageflow::testing {

inline constexpr const char* kDecideTestWorkflow = R"yaml(
workflow: decide-test
version: 1
title: {zh: 测试, en: Decide test}
calendar: cn-mainland
roles: [clerk, mediator, director]
lifecycle: {suspend: [director], resume: [director], correct: [clerk, director]}
constants:
  min_monthly_wage: 2120
fields:
  worker_name: {type: string, required: true, pii: true}
  worker_id_no: {type: string, pii: true, pattern: '^[0-9]{17}[0-9X]$', check: resident_id, hint: 身份证号码}
  region: {type: enum, values: [长春市, 吉林市]}
  claim_amount: {type: money, required: true}
  months: {type: int}
  workers: {type: int, min: 1, max: 1000}
  hearing_date: {type: date}
  recovered_amount: {type: money}
  final_award: {type: bool}
  monthly_amount: {type: money}
  worker_phone: {type: string, pattern: '^1[3-9][0-9]{9}$', hint: {zh: 11位手机号码, en: a mobile number}}
states:
  intake: {initial: true}
  accepted: {}
  mediation: {}
  settled: {final: true}
  awarded: {final: true}
  rejected: {final: true}
transitions:
  - event: accept
    from: intake
    to: accepted
    roles: [clerk]
    requires: [region]
  - event: reject
    from: intake
    to: rejected
    roles: [clerk, director]
    comment: required
  - event: mediate
    from: accepted
    to: mediation
    guard: claim_amount <= 50000
  - event: fail_mediation
    from: mediation
    to: accepted
  - event: settle
    from: mediation
    to: settled
    requires: [recovered_amount]
  - event: award
    from: [accepted, mediation]
    to: awarded
    roles: [director]
    set:
      final_award: claim_amount <= 12 * min_monthly_wage
      monthly_amount: claim_amount / months
timers:
  acceptance_decision:
    duration: 5 working_days
    start: {enter: intake}
    stop: {leave: intake}
    warn: 1 working_days
    expire: {escalate: director}
  award_limit:
    duration: 45 days
    start: {enter: accepted}
    stop: {event: award}
    warn: 5 days
    extend: {event: extend_award_limit, by: 15 days, times: 1, roles: [director]}
    expire: {escalate: director}
  mediation_window:
    duration: 10 working_days
    start: {enter: mediation}
    stop: {leave: mediation}
    expire: {fire: fail_mediation}
    binding: false
)yaml";

// kDecideTestWorkflow on the shipped calendars; a test failure (and null)
// for any diagnostic.
inline std::shared_ptr<const Definition> load_decide_test_workflow() {
  LoadOptions options;
  options.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
  std::vector<Diagnostic> diagnostics;
  auto loaded =
      load_definition_text(kDecideTestWorkflow, "decide-test.yaml", options, &diagnostics);
  for (const auto& d : diagnostics) ADD_FAILURE() << d.to_string();
  EXPECT_TRUE(loaded.ok()) << (loaded.ok() ? "" : loaded.error());
  return loaded.ok() ? loaded.value() : nullptr;
}

}  // namespace wageflow::testing
