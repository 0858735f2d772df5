// DispatchTable: the transition decision of `decide` for kFire, without
// building an Outcome: which row an event takes from a state, or which
// refusal decide would give. For adapters and benchmarks that need the
// answer for many cases quickly (names resolved to ids once).
//
// Built once per Definition: every (state, event) cell holds its rows in
// file order with the role set as a bit mask, the compiled guard, `requires`
// and `comment:`. dispatch() allocates nothing unless the chosen row has
// `set:` assignments (they are evaluated on a copy of the data, to find an
// evaluation error as decide does).
//
// Agreement with decide (tests/bench/dispatch_table_test.cpp): for
// a command with no --set values, dispatch() gives the state decide moves to
// or the Refusal::Kind decide refuses with, except for an event that extends
// a timer (kExtendsTimer: decide_extend's rules apply; call decide).
//
// Immutable after construction and safe to share between threads; the
// Definition must outlive it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/runtime/decide.h"

namespace wageflow {

// The role id of the "system" actor (timer expiries): every row permits it.
inline constexpr RoleId kSystemRoleId = -1;

struct Dispatch {
  enum class Kind { kMoved, kRefused, kExtendsTimer };
  Kind kind = Kind::kRefused;
  StateId to = 0;  // kMoved: the next state
  int row = -1;    // kMoved: the index into Definition::transitions
  Refusal::Kind refusal = Refusal::Kind::kWrongState;  // kRefused
};

class DispatchTable {
 public:
  explicit DispatchTable(const Definition& definition);

  // The answer decide would give to firing `event` as `role` (kSystemRoleId
  // for the system actor) on a case in `state` with `status` and field
  // values `data` (size == definition.fields.size()), with a comment when
  // `has_comment`. Event ids outside the definition are kUnknownEvent, role
  // ids outside it (other than kSystemRoleId) kUnknownRole. Never throws.
  Dispatch dispatch(StateId state, CaseStatus status, const std::vector<Value>& data, EventId event,
                    RoleId role, bool has_comment) const;

  const Definition& definition() const { return definition_; }

 private:
  struct Row {
    StateId to = 0;
    int index = 0;            // into Definition::transitions
    std::uint64_t roles = 0;  // bit r set: role r may fire it; all bits: any role
    const expr::Expression* guard = nullptr;
    bool comment_required = false;
    bool has_assignments = false;
    std::uint32_t required_begin = 0;  // into required_
    std::uint32_t required_end = 0;
  };
  struct Cell {
    std::uint32_t begin = 0;  // into rows_
    std::uint32_t end = 0;
    // The row when the cell has exactly one and it always applies (any
    // role, no guard, comment, `requires` or `set:`); -1 otherwise.
    int unconditional = -1;
  };

  bool permits(const Row& row, RoleId role) const;
  bool assignments_fail(const Row& row, const std::vector<Value>& data) const;

  const Definition& definition_;
  int event_count_ = 0;
  int role_count_ = 0;
  std::vector<Cell> cells_;  // [state * event_count_ + event]
  std::vector<Row> rows_;
  std::vector<FieldId> required_;
  std::vector<std::uint8_t> extends_timer_;  // by event
};

}  // namespace wageflow
