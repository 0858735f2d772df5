// SociStore: reading whole cases for export and replay (docs/export-format.md).
#include <soci/soci.h>

#include <algorithm>
#include <map>

#include "storage/errors.h"
#include "storage/soci_id_list.h"
#include "storage/soci_store.h"
#include "storage/transaction.h"

namespace wageflow {
namespace {

std::optional<std::int64_t> optional_value(long long value, soci::indicator indicator) {
  if (indicator != soci::i_ok) return std::nullopt;
  return value;
}

}  // namespace

std::vector<DefinitionRecord> SociStore::all_definitions() {
  try {
    std::vector<DefinitionRecord> definitions;
    DefinitionRecord row;
    soci::statement st =
        (sql_->prepare << "SELECT sha256, workflow, version, yaml_text FROM definitions",
         soci::into(row.sha256), soci::into(row.workflow), soci::into(row.version),
         soci::into(row.yaml_text));
    st.execute();
    while (st.fetch()) definitions.push_back(row);
    // Byte order, whatever the database's collation.
    std::sort(definitions.begin(), definitions.end(),
              [](const auto& a, const auto& b) { return a.sha256 < b.sha256; });
    return definitions;
  } catch (...) {
    rethrow_as_store_error(db_, "reading the stored definitions");
  }
}

std::vector<std::string> SociStore::case_ids() {
  try {
    std::vector<std::string> ids;
    std::string id;
    soci::statement st = (sql_->prepare << "SELECT id FROM cases", soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
  } catch (...) {
    rethrow_as_store_error(db_, "listing the case ids");
  }
}

std::vector<CaseWithTrail> SociStore::export_cases(const std::vector<std::string>& ids) {
  try {
    std::map<std::string, CaseWithTrail> found;
    std::vector<std::string> names;
    Transaction transaction(*sql_, dialect_->begin_read());
    for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
      const std::size_t count = std::min(kIdsPerQuery, ids.size() - first);
      {
        CaseWithTrail row;
        CaseRecord& r = row.record;
        long long row_version = 0, opened_at = 0, updated_at = 0, audit_seq = 0;
        soci::statement st(*sql_);
        st.exchange(soci::into(r.id));
        st.exchange(soci::into(r.workflow));
        st.exchange(soci::into(r.version));
        st.exchange(soci::into(r.definition_sha256));
        st.exchange(soci::into(r.office));
        st.exchange(soci::into(r.state));
        st.exchange(soci::into(r.status));
        st.exchange(soci::into(r.data));
        st.exchange(soci::into(row_version));
        st.exchange(soci::into(opened_at));
        st.exchange(soci::into(updated_at));
        st.exchange(soci::into(audit_seq));
        const std::string list = bind_id_list(st, ids, first, count, names);
        prepare_bound(
            st,
            "SELECT id, workflow, version, definition_sha256, office, state, status, data,"
            " row_version, opened_at, updated_at, audit_seq FROM cases WHERE id IN (" +
                list + ")");
        st.execute();
        while (st.fetch()) {
          r.row_version = row_version;
          r.opened_at = opened_at;
          r.updated_at = updated_at;
          row.audit_seq = audit_seq;
          found[r.id] = row;
        }
      }
      {
        std::string case_id;
        TimerRecord t;
        long long started_at = 0, due_at = 0, warn_at = 0, paused_at = 0, next_action_at = 0;
        soci::indicator warn_set = soci::i_null, paused_set = soci::i_null, next_set = soci::i_null;
        int provisional = 0, escalated = 0;
        soci::statement st(*sql_);
        st.exchange(soci::into(case_id));
        st.exchange(soci::into(t.name));
        st.exchange(soci::into(t.status));
        st.exchange(soci::into(started_at));
        st.exchange(soci::into(t.due_date));
        st.exchange(soci::into(due_at));
        st.exchange(soci::into(warn_at, warn_set));
        st.exchange(soci::into(provisional));
        st.exchange(soci::into(t.extensions_used));
        st.exchange(soci::into(paused_at, paused_set));
        st.exchange(soci::into(escalated));
        st.exchange(soci::into(t.explanation));
        st.exchange(soci::into(next_action_at, next_set));
        st.exchange(soci::into(t.counted_to));
        const std::string list = bind_id_list(st, ids, first, count, names);
        prepare_bound(st,
                      "SELECT case_id, name, status, started_at, due_date, due_at, warn_at,"
                      " provisional, extensions_used, paused_at, escalated, explanation,"
                      " next_action_at, counted_to FROM timers WHERE case_id IN (" +
                          list + ")");
        st.execute();
        while (st.fetch()) {
          t.started_at = started_at;
          t.due_at = due_at;
          t.warn_at = optional_value(warn_at, warn_set);
          t.provisional = provisional != 0;
          t.paused_at = optional_value(paused_at, paused_set);
          t.escalated = escalated != 0;
          t.next_action_at = optional_value(next_action_at, next_set);
          auto it = found.find(case_id);
          if (it != found.end()) it->second.record.timers.push_back(t);
        }
      }
      {
        StoredAuditRecord s;
        long long seq = 0, at = 0;
        soci::statement st(*sql_);
        st.exchange(soci::into(s.case_id));
        st.exchange(soci::into(seq));
        st.exchange(soci::into(at));
        st.exchange(soci::into(s.record.actor));
        st.exchange(soci::into(s.record.role));
        st.exchange(soci::into(s.record.kind));
        st.exchange(soci::into(s.record.event));
        st.exchange(soci::into(s.record.from_state));
        st.exchange(soci::into(s.record.to_state));
        st.exchange(soci::into(s.record.data));
        st.exchange(soci::into(s.record.comment));
        st.exchange(soci::into(s.prev_hash));
        st.exchange(soci::into(s.hash));
        const std::string list = bind_id_list(st, ids, first, count, names);
        prepare_bound(st,
                      "SELECT case_id, seq, at, actor, role, kind, event, from_state, to_state,"
                      " data, comment, prev_hash, hash FROM audit_log WHERE case_id IN (" +
                          list + ") ORDER BY case_id, seq");
        st.execute();
        while (st.fetch()) {
          s.seq = seq;
          s.record.at = Instant{at};
          auto it = found.find(s.case_id);
          if (it != found.end()) it->second.trail.push_back(s);
        }
      }
    }
    transaction.commit();

    std::vector<CaseWithTrail> cases;
    cases.reserve(found.size());
    for (const std::string& id : ids) {
      auto it = found.find(id);
      if (it == found.end()) continue;
      CaseWithTrail& c = it->second;
      std::sort(c.record.timers.begin(), c.record.timers.end(),
                [](const auto& a, const auto& b) { return a.name < b.name; });
      // ORDER BY case_id only groups them; seq order within a case is what counts.
      std::stable_sort(c.trail.begin(), c.trail.end(),
                       [](const auto& a, const auto& b) { return a.seq < b.seq; });
      cases.push_back(std::move(c));
      found.erase(it);
    }
    return cases;
  } catch (...) {
    rethrow_as_store_error(db_, "reading " + std::to_string(ids.size()) + " case(s) for export");
  }
}

std::vector<CaseHead> SociStore::case_heads(const std::vector<std::string>& ids) {
  try {
    std::vector<CaseHead> heads;
    std::vector<std::string> names;
    Transaction transaction(*sql_, dialect_->begin_read());
    for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
      const std::size_t count = std::min(kIdsPerQuery, ids.size() - first);
      CaseHead head;
      long long row_version = 0, audit_seq = 0;
      soci::indicator hash_set = soci::i_null;
      soci::statement st(*sql_);
      st.exchange(soci::into(head.id));
      st.exchange(soci::into(row_version));
      st.exchange(soci::into(audit_seq));
      st.exchange(soci::into(head.last_hash, hash_set));
      const std::string list = bind_id_list(st, ids, first, count, names);
      prepare_bound(st,
                    "SELECT cases.id, cases.row_version, cases.audit_seq, audit_log.hash"
                    " FROM cases LEFT JOIN audit_log ON audit_log.case_id = cases.id"
                    " AND audit_log.seq = cases.audit_seq WHERE cases.id IN (" +
                        list + ")");
      st.execute();
      while (st.fetch()) {
        head.row_version = row_version;
        head.audit_seq = audit_seq;
        if (hash_set != soci::i_ok) head.last_hash.clear();
        heads.push_back(head);
      }
    }
    transaction.commit();
    return heads;
  } catch (...) {
    rethrow_as_store_error(db_, "looking up " + std::to_string(ids.size()) + " case id(s)");
  }
}

}  // namespace wageflow
