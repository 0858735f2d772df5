// What a correction leaves for the corrector to check. A correction changes
// the values named and nothing else (docs/workflow-format.md,
// "Corrections"); these notes say where that leaves the case inconsistent
// with its workflow's rules, so that the corrector sees it at once instead
// of having to remember it. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "engine/definition/definition.h"
#include "engine/runtime/case.h"

namespace wageflow {

struct CorrectionNote {
  enum class Kind {
    kComputedValue,  // a value a `set:` computed comes out otherwise
    kCondition,      // a guard into the case's state, or of a transition it took, no longer holds
    kRequired,       // a field such a transition `requires:` is left empty
  };
  Kind kind = Kind::kComputedValue;
  std::string event;       // the transition's event
  std::string expression;  // the `set:` expression or the guard, as written
  std::string field;       // kComputedValue: the field it computes; kRequired: the field
  std::string comes_out;   // kComputedValue: its value on the corrected values
                           // (canonical text; "" when unset or not computable)
  std::string error;       // kComputedValue: why it cannot be computed, if so
  std::string held;        // kComputedValue: the value the case holds
  std::string state;       // kCondition, kRequired: the state the transition leads into
  std::string text;        // the whole note, one line (below)
};

// Which rows of d.transitions a case took, read from its audit trail (in
// seq order): each `fire` record after the last `migrate` one marks the
// rows with its event, from state and to state (a record of an earlier
// version names that version's rows, not d's). Indexed like d.transitions.
std::vector<bool> transitions_taken(const Definition& d, const std::vector<AuditRecord>& trail);

// The notes comparing the case `before` and `after` a correction (the same
// case, only field values differing):
// - kComputedValue: a field a transition's `set:` computes whose `set:`
//   comes out, on the values after, otherwise than the value held: left
//   behind by this correction or an earlier one (a field the correction
//   itself set is not looked at; a field several `set:` compute, only by
//   one that gives the value held on the values before): "final_award
//   (终局裁决) was computed by event award as claim_amount <= 12 *
//   min_monthly_wage: with the corrected values it comes out false, the
//   case holds true; correct it too if it follows";
// - kCondition: the guard of a transition into the case's state, or of one
//   `taken` marks (transitions_taken), that held before and no longer
//   holds: "the condition of event award into awarded no longer holds with
//   the corrected values: award_amount >= 0 and award_amount <= claim_amount".
//   Neither is noted when another taken row of the same event and to state
//   has no guard or holds after (the case could have gone by it);
// - kRequired: a field that a transition into the case's state, or one
//   `taken` marks, `requires:`, set before and empty after: "region (地区) is
//   required by event accept into accepted, and the correction leaves it
//   empty: enter its right value once it is known". Not noted when another
//   taken row of the same event and to state does not require it. (A field
//   `required:` at opening cannot be cleared at all: decide refuses.)
// `taken` may be empty (nothing taken is known).
// Each field and each transition once per kind, in the workflow's order;
// empty when nothing needs looking at.
std::vector<CorrectionNote> correction_notes(const Definition& d, const CaseSnapshot& before,
                                             const CaseSnapshot& after,
                                             const std::vector<bool>& taken = {});

}  // namespace wageflow
