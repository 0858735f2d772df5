// Rows of the cases, timers and audit_log tables in a form SOCI can bind
// (SOCI binds plain variables only: no std::int64_t, bool or
// std::optional), and the column lists their statements name. A bound row
// must stay at its address while its statement lives. Private to
// storage/: SociStore and its prepared statements (soci_prepared.h) share
// them.
#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/store.h"

namespace wageflow::soci_rows {

inline constexpr const char* kCaseColumns =
    "id, workflow, version, definition_sha256, state, status, data, row_version, opened_at,"
    " updated_at, office";
inline constexpr const char* kTimerColumns =
    "case_id, name, status, started_at, due_date, due_at, warn_at, provisional, extensions_used,"
    " paused_at, escalated, explanation, next_action_at, counted_to";
inline constexpr const char* kAuditColumns =
    "case_id, seq, at, actor, role, kind, event, from_state, to_state, data, comment, prev_hash,"
    " hash";

// The names in a column list such as kTimerColumns, in its order.
inline std::vector<std::string> column_names(const std::string& columns) {
  std::vector<std::string> names;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t comma = columns.find(',', begin);
    std::string name = columns.substr(begin, comma - begin);
    name.erase(0, name.find_first_not_of(' '));
    names.push_back(name);
    if (comma == std::string::npos) return names;
    begin = comma + 1;
  }
}

// One record each, in bindable form.
struct CaseRow {
  std::string id, workflow, definition_sha256, state, status, data, office;
  int version = 0;
  long long row_version = 0, opened_at = 0, updated_at = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(workflow));
    st.exchange(soci::into(version));
    st.exchange(soci::into(definition_sha256));
    st.exchange(soci::into(state));
    st.exchange(soci::into(status));
    st.exchange(soci::into(data));
    st.exchange(soci::into(row_version));
    st.exchange(soci::into(opened_at));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(office));
  }
  // Every column of `r`, under the id `row_id`.
  void set(const std::string& row_id, const CaseRecord& r) {
    id = row_id;
    workflow = r.workflow;
    version = r.version;
    definition_sha256 = r.definition_sha256;
    state = r.state;
    status = r.status;
    data = r.data;
    row_version = r.row_version;
    opened_at = r.opened_at;
    updated_at = r.updated_at;
    office = r.office;
  }
  CaseRecord record() const {
    CaseRecord r;
    r.id = id;
    r.workflow = workflow;
    r.version = version;
    r.definition_sha256 = definition_sha256;
    r.state = state;
    r.status = status;
    r.data = data;
    r.row_version = row_version;
    r.opened_at = opened_at;
    r.updated_at = updated_at;
    r.office = office;
    return r;
  }
};

struct OptionalInstant {
  long long value = 0;
  soci::indicator indicator = soci::i_null;

  void set(const std::optional<std::int64_t>& from) {
    value = from.value_or(0);
    indicator = from ? soci::i_ok : soci::i_null;
  }
  std::optional<std::int64_t> get() const {
    if (indicator != soci::i_ok) return std::nullopt;
    return value;
  }
};

struct TimerRow {
  std::string case_id, name, status, due_date, explanation, counted_to;
  long long started_at = 0, due_at = 0;
  OptionalInstant warn_at, paused_at, next_action_at;
  int provisional = 0, extensions_used = 0, escalated = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(case_id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(status));
    st.exchange(soci::into(started_at));
    st.exchange(soci::into(due_date));
    st.exchange(soci::into(due_at));
    st.exchange(soci::into(warn_at.value, warn_at.indicator));
    st.exchange(soci::into(provisional));
    st.exchange(soci::into(extensions_used));
    st.exchange(soci::into(paused_at.value, paused_at.indicator));
    st.exchange(soci::into(escalated));
    st.exchange(soci::into(explanation));
    st.exchange(soci::into(next_action_at.value, next_action_at.indicator));
    st.exchange(soci::into(counted_to));
  }
  // Binds each column to the parameter of its name followed by `suffix`
  // (":name_2" for suffix "_2"), for statements that insert several rows.
  void bind_use(soci::statement& st, const std::string& suffix = "") {
    st.exchange(soci::use(case_id, "case_id" + suffix));
    st.exchange(soci::use(name, "name" + suffix));
    st.exchange(soci::use(status, "status" + suffix));
    st.exchange(soci::use(started_at, "started_at" + suffix));
    st.exchange(soci::use(due_date, "due_date" + suffix));
    st.exchange(soci::use(due_at, "due_at" + suffix));
    st.exchange(soci::use(warn_at.value, warn_at.indicator, "warn_at" + suffix));
    st.exchange(soci::use(provisional, "provisional" + suffix));
    st.exchange(soci::use(extensions_used, "extensions_used" + suffix));
    st.exchange(soci::use(paused_at.value, paused_at.indicator, "paused_at" + suffix));
    st.exchange(soci::use(escalated, "escalated" + suffix));
    st.exchange(soci::use(explanation, "explanation" + suffix));
    st.exchange(
        soci::use(next_action_at.value, next_action_at.indicator, "next_action_at" + suffix));
    st.exchange(soci::use(counted_to, "counted_to" + suffix));
  }
  void set(const std::string& id, const TimerRecord& t) {
    case_id = id;
    name = t.name;
    status = t.status;
    started_at = t.started_at;
    due_date = t.due_date;
    due_at = t.due_at;
    warn_at.set(t.warn_at);
    provisional = t.provisional ? 1 : 0;
    extensions_used = t.extensions_used;
    paused_at.set(t.paused_at);
    escalated = t.escalated ? 1 : 0;
    explanation = t.explanation;
    next_action_at.set(t.next_action_at);
    counted_to = t.counted_to;
  }
  TimerRecord record() const {
    TimerRecord t;
    t.name = name;
    t.status = status;
    t.started_at = started_at;
    t.due_date = due_date;
    t.due_at = due_at;
    t.warn_at = warn_at.get();
    t.provisional = provisional != 0;
    t.extensions_used = extensions_used;
    t.paused_at = paused_at.get();
    t.escalated = escalated != 0;
    t.explanation = explanation;
    t.next_action_at = next_action_at.get();
    t.counted_to = counted_to;
    return t;
  }
};

struct AuditRow {
  std::string case_id, actor, role, kind, event, from_state, to_state, data, comment, prev_hash,
      hash;
  long long seq = 0, at = 0;

  void bind_into(soci::statement& st) {
    st.exchange(soci::into(case_id));
    st.exchange(soci::into(seq));
    st.exchange(soci::into(at));
    st.exchange(soci::into(actor));
    st.exchange(soci::into(role));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(event));
    st.exchange(soci::into(from_state));
    st.exchange(soci::into(to_state));
    st.exchange(soci::into(data));
    st.exchange(soci::into(comment));
    st.exchange(soci::into(prev_hash));
    st.exchange(soci::into(hash));
  }
  // Binds each column to the parameter of its name followed by `suffix`,
  // as TimerRow::bind_use does.
  void bind_use(soci::statement& st, const std::string& suffix = "") {
    st.exchange(soci::use(case_id, "case_id" + suffix));
    st.exchange(soci::use(seq, "seq" + suffix));
    st.exchange(soci::use(at, "at" + suffix));
    st.exchange(soci::use(actor, "actor" + suffix));
    st.exchange(soci::use(role, "role" + suffix));
    st.exchange(soci::use(kind, "kind" + suffix));
    st.exchange(soci::use(event, "event" + suffix));
    st.exchange(soci::use(from_state, "from_state" + suffix));
    st.exchange(soci::use(to_state, "to_state" + suffix));
    st.exchange(soci::use(data, "data" + suffix));
    st.exchange(soci::use(comment, "comment" + suffix));
    st.exchange(soci::use(prev_hash, "prev_hash" + suffix));
    st.exchange(soci::use(hash, "hash" + suffix));
  }
  void set(const StoredAuditRecord& s) {
    case_id = s.case_id;
    seq = s.seq;
    at = s.record.at.seconds;
    actor = s.record.actor;
    role = s.record.role;
    kind = s.record.kind;
    event = s.record.event;
    from_state = s.record.from_state;
    to_state = s.record.to_state;
    data = s.record.data;
    comment = s.record.comment;
    prev_hash = s.prev_hash;
    hash = s.hash;
  }
  StoredAuditRecord record() const {
    StoredAuditRecord s;
    s.case_id = case_id;
    s.seq = seq;
    s.record.at = Instant{at};
    s.record.actor = actor;
    s.record.role = role;
    s.record.kind = kind;
    s.record.event = event;
    s.record.from_state = from_state;
    s.record.to_state = to_state;
    s.record.data = data;
    s.record.comment = comment;
    s.prev_hash = prev_hash;
    s.hash = hash;
    return s;
  }
};

// Runs a statement whose result has at most one row and reads it to its
// end: true when there was a row, whose columns the bound variables hold
// (the last fetch, which finds no row, leaves them as they are).
inline bool fetch_single_row(soci::statement& st) {
  st.execute();
  if (!st.fetch()) return false;
  while (st.fetch()) {
  }
  return true;
}

// Prepares `query` on `st` after the caller has exchanged its variables.
inline void prepare(soci::statement& st, const std::string& query) {
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
}

}  // namespace wageflow::soci_rows
