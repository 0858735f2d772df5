#include "engine/runtime/dispatch_table.h"

#include <algorithm>

namespace wageflow {
namespace {

constexpr int kMaskedRoles = 64;
constexpr std::uint64_t kAnyRole = ~std::uint64_t{0};

}  // namespace

DispatchTable::DispatchTable(const Definition& definition)
    : definition_(definition),
      event_count_(static_cast<int>(definition.events.size())),
      role_count_(static_cast<int>(definition.roles.size())) {
  const int states = static_cast<int>(definition.states.size());
  cells_.resize(static_cast<std::size_t>(states) * event_count_);
  for (StateId state = 0; state < states; ++state) {
    for (EventId event = 0; event < event_count_; ++event) {
      Cell& cell = cells_[static_cast<std::size_t>(state) * event_count_ + event];
      cell.begin = static_cast<std::uint32_t>(rows_.size());
      for (int index : definition.rows(state, event)) {
        const TransitionDef& t = definition.transitions[index];
        Row row;
        row.to = t.to;
        row.index = index;
        row.roles = t.roles.empty() ? kAnyRole : 0;
        for (RoleId r : t.roles) {
          if (r < kMaskedRoles) row.roles |= std::uint64_t{1} << r;
        }
        row.guard = t.guard ? &*t.guard : nullptr;
        row.comment_required = t.comment_required;
        row.has_assignments = !t.assignments.empty();
        row.required_begin = static_cast<std::uint32_t>(required_.size());
        required_.insert(required_.end(), t.required_fields.begin(), t.required_fields.end());
        row.required_end = static_cast<std::uint32_t>(required_.size());
        rows_.push_back(row);
      }
      cell.end = static_cast<std::uint32_t>(rows_.size());
      if (cell.end == cell.begin + 1) {
        const Row& only = rows_[cell.begin];
        if (only.roles == kAnyRole && !only.guard && !only.comment_required &&
            !only.has_assignments && only.required_begin == only.required_end) {
          cell.unconditional = static_cast<int>(cell.begin);
        }
      }
    }
  }
  extends_timer_.resize(event_count_);
  for (EventId event = 0; event < event_count_; ++event) {
    extends_timer_[event] = definition.timer_extended_by(event).has_value();
  }
}

inline bool DispatchTable::permits(const Row& row, RoleId role) const {
  if (role == kSystemRoleId || row.roles == kAnyRole) return true;
  if (role < kMaskedRoles) return (row.roles >> role) & 1;
  const auto& roles = definition_.transitions[row.index].roles;
  return std::find(roles.begin(), roles.end(), role) != roles.end();
}

// decide evaluates `set:` in file order on the data as it changes; an
// evaluation error refuses the event.
bool DispatchTable::assignments_fail(const Row& row, const std::vector<Value>& data) const {
  std::vector<Value> after = data;
  const expr::Context context{&after, &definition_.constant_values()};
  for (const Assignment& assignment : definition_.transitions[row.index].assignments) {
    auto result = assignment.value.evaluate(context);
    if (!result.error.empty()) return true;
    after[assignment.field] = std::move(result.value);
  }
  return false;
}

Dispatch DispatchTable::dispatch(StateId state, CaseStatus status, const std::vector<Value>& data,
                                 EventId event, RoleId role, bool has_comment) const {
  auto refuse = [](Refusal::Kind kind) {
    Dispatch answer;
    answer.refusal = kind;
    return answer;
  };
  if (status == CaseStatus::kClosed) return refuse(Refusal::Kind::kCaseClosed);
  if (status == CaseStatus::kSuspended) return refuse(Refusal::Kind::kCaseSuspended);
  if (event < 0 || event >= event_count_) return refuse(Refusal::Kind::kUnknownEvent);
  if (role != kSystemRoleId && (role < 0 || role >= role_count_)) {
    return refuse(Refusal::Kind::kUnknownRole);
  }
  if (extends_timer_[event]) {
    Dispatch answer;
    answer.kind = Dispatch::Kind::kExtendsTimer;
    return answer;
  }
  const Cell& cell = cells_[static_cast<std::size_t>(state) * event_count_ + event];
  if (cell.unconditional >= 0) {
    const Row& row = rows_[cell.unconditional];
    Dispatch answer;
    answer.kind = Dispatch::Kind::kMoved;
    answer.to = row.to;
    answer.row = row.index;
    return answer;
  }
  if (cell.begin == cell.end) return refuse(Refusal::Kind::kWrongState);

  bool any_permitted = false;
  bool missing_before_guard = false;  // as decide(): asked for before the guard
  const expr::Context context{&data, &definition_.constant_values()};
  for (std::uint32_t i = cell.begin; i < cell.end; ++i) {
    const Row& row = rows_[i];
    if (!permits(row, role)) continue;
    any_permitted = true;
    if (row.guard) {
      std::string error;
      if (!row.guard->holds(context, &error)) {
        if (!error.empty()) return refuse(Refusal::Kind::kEvaluationError);
        for (std::uint32_t r = row.required_begin; r < row.required_end; ++r) {
          if (!is_set(data[required_[r]])) missing_before_guard = true;
        }
        continue;
      }
    }
    if (row.comment_required && !has_comment) return refuse(Refusal::Kind::kCommentRequired);
    for (std::uint32_t r = row.required_begin; r < row.required_end; ++r) {
      if (!is_set(data[required_[r]])) return refuse(Refusal::Kind::kMissingRequired);
    }
    if (row.has_assignments && assignments_fail(row, data)) {
      return refuse(Refusal::Kind::kEvaluationError);
    }
    Dispatch answer;
    answer.kind = Dispatch::Kind::kMoved;
    answer.to = row.to;
    answer.row = row.index;
    return answer;
  }
  if (missing_before_guard) return refuse(Refusal::Kind::kMissingRequired);
  return refuse(any_permitted ? Refusal::Kind::kGuardFailed : Refusal::Kind::kRoleNotAllowed);
}

}  // namespace wageflow
