// SociStore: writing imported cases with their stored audit trails
// (docs/export-format.md). One batch is one write transaction.
#include <soci/soci.h>

#include <map>
#include <set>
#include <string_view>

#include "storage/audit_chain.h"
#include "storage/definition_rows.h"
#include "storage/errors.h"
#include "storage/soci_id_list.h"
#include "storage/soci_store.h"
#include "storage/transaction.h"

namespace wageflow {
namespace {

// "2025-000042" -> {"2025-", 42}; nullopt for an id not made of a prefix
// ending in '-' and a decimal number (storage never hands out such ids,
// so they cannot collide with its numbering).
std::optional<std::pair<std::string, long long>> case_number(const std::string& id) {
  const std::size_t dash = id.rfind('-');
  if (dash == std::string::npos || dash + 1 >= id.size() || id.size() - dash - 1 > 18) {
    return std::nullopt;
  }
  long long number = 0;
  for (std::size_t i = dash + 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return std::nullopt;
    number = number * 10 + (id[i] - '0');
  }
  return std::make_pair(id.substr(0, dash + 1), number);
}

// The first thing wrong with a case as a unit (its trail against its own
// hashes and record count), or nullopt.
std::optional<std::string> trail_problem(const CaseWithTrail& c) {
  ChainChecker checker(c.record.id, c.audit_seq);
  for (const StoredAuditRecord& stored : c.trail) {
    if (stored.case_id != c.record.id) {
      return "case " + c.record.id + " seq " + std::to_string(stored.seq) +
             ": the record belongs to case " + stored.case_id;
    }
    if (auto problem = checker.next(stored)) return problem;
  }
  return checker.finish();
}

void write_imported_timers(soci::session& sql, const std::vector<CaseWithTrail>& cases) {
  std::vector<std::string> case_id, name, status, due_date, explanation, counted_to;
  std::vector<long long> started_at, due_at, warn_at, paused_at, next_action_at;
  std::vector<soci::indicator> warn_set, paused_set, next_set;
  std::vector<int> provisional, extensions_used, escalated;
  auto optional = [](const std::optional<std::int64_t>& value, std::vector<long long>& values,
                     std::vector<soci::indicator>& set) {
    values.push_back(value.value_or(0));
    set.push_back(value ? soci::i_ok : soci::i_null);
  };
  for (const CaseWithTrail& c : cases) {
    for (const TimerRecord& t : c.record.timers) {
      case_id.push_back(c.record.id);
      name.push_back(t.name);
      status.push_back(t.status);
      started_at.push_back(t.started_at);
      due_date.push_back(t.due_date);
      due_at.push_back(t.due_at);
      optional(t.warn_at, warn_at, warn_set);
      provisional.push_back(t.provisional ? 1 : 0);
      extensions_used.push_back(t.extensions_used);
      optional(t.paused_at, paused_at, paused_set);
      escalated.push_back(t.escalated ? 1 : 0);
      explanation.push_back(t.explanation);
      optional(t.next_action_at, next_action_at, next_set);
      counted_to.push_back(t.counted_to);
    }
  }
  if (case_id.empty()) return;  // SOCI refuses empty bulk vectors
  sql << "INSERT INTO timers (case_id, name, status, started_at, due_date, due_at, warn_at,"
         " provisional, extensions_used, paused_at, escalated, explanation, next_action_at,"
         " counted_to)"
         " VALUES (:case_id, :name, :status, :started_at, :due_date, :due_at, :warn_at,"
         " :provisional, :extensions_used, :paused_at, :escalated, :explanation,"
         " :next_action_at, :counted_to)",
      soci::use(case_id, "case_id"), soci::use(name, "name"), soci::use(status, "status"),
      soci::use(started_at, "started_at"), soci::use(due_date, "due_date"),
      soci::use(due_at, "due_at"), soci::use(warn_at, warn_set, "warn_at"),
      soci::use(provisional, "provisional"), soci::use(extensions_used, "extensions_used"),
      soci::use(paused_at, paused_set, "paused_at"), soci::use(escalated, "escalated"),
      soci::use(explanation, "explanation"), soci::use(next_action_at, next_set, "next_action_at"),
      soci::use(counted_to, "counted_to");
}

void write_imported_trails(soci::session& sql, const std::vector<CaseWithTrail>& cases) {
  std::vector<std::string> case_id, actor, role, kind, event, from_state, to_state, data, comment,
      prev_hash, hash;
  std::vector<long long> seq, at;
  for (const CaseWithTrail& c : cases) {
    for (const StoredAuditRecord& s : c.trail) {
      case_id.push_back(s.case_id);
      seq.push_back(s.seq);
      at.push_back(s.record.at.seconds);
      actor.push_back(s.record.actor);
      role.push_back(s.record.role);
      kind.push_back(s.record.kind);
      event.push_back(s.record.event);
      from_state.push_back(s.record.from_state);
      to_state.push_back(s.record.to_state);
      data.push_back(s.record.data);
      comment.push_back(s.record.comment);
      prev_hash.push_back(s.prev_hash);
      hash.push_back(s.hash);
    }
  }
  if (case_id.empty()) return;
  sql << "INSERT INTO audit_log (case_id, seq, at, actor, role, kind, event, from_state,"
         " to_state, data, comment, prev_hash, hash) VALUES (:case_id, :seq, :at, :actor,"
         " :role, :kind, :event, :from_state, :to_state, :data, :comment, :prev_hash, :hash)",
      soci::use(case_id, "case_id"), soci::use(seq, "seq"), soci::use(at, "at"),
      soci::use(actor, "actor"), soci::use(role, "role"), soci::use(kind, "kind"),
      soci::use(event, "event"), soci::use(from_state, "from_state"),
      soci::use(to_state, "to_state"), soci::use(data, "data"), soci::use(comment, "comment"),
      soci::use(prev_hash, "prev_hash"), soci::use(hash, "hash");
}

// case_numbers.last for each prefix becomes at least the highest imported
// number, so that cases opened later never walk through the imported ones.
void raise_case_numbers(soci::session& sql, const std::vector<std::string>& ids) {
  std::map<std::string, long long> highest;
  for (const std::string& id : ids) {
    if (auto number = case_number(id)) {
      long long& top = highest[number->first];
      top = std::max(top, number->second);
    }
  }
  for (const auto& [prefix, number] : highest) {
    long long last = 0;
    sql << "SELECT last FROM case_numbers WHERE prefix = :prefix", soci::into(last),
        soci::use(prefix, "prefix");
    if (!sql.got_data()) {
      sql << "INSERT INTO case_numbers (prefix, last) VALUES (:prefix, :last)",
          soci::use(prefix, "prefix"), soci::use(number, "last");
    } else if (last < number) {
      sql << "UPDATE case_numbers SET last = :last WHERE prefix = :prefix",
          soci::use(number, "last"), soci::use(prefix, "prefix");
    }
  }
}

// An id of `ids` already stored, if any.
std::optional<std::string> existing_id(soci::session& sql, const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
    const std::size_t count = std::min(kIdsPerQuery, ids.size() - first);
    std::string id;
    soci::statement st(sql);
    st.exchange(soci::into(id));
    const std::string list = bind_id_list(st, ids, first, count, names);
    prepare_bound(st, "SELECT id FROM cases WHERE id IN (" + list + ")");
    st.execute();
    if (st.fetch()) return id;
  }
  return std::nullopt;
}

// Stores the definitions whose sha256 is new, within the caller's transaction.
void insert_definitions(soci::session& sql, const std::vector<DefinitionRecord>& definitions) {
  for (const DefinitionRecord& d : definitions) insert_definition_row(sql, d);
}

// Stores the published versions not stored yet, within the caller's
// transaction; the first (workflow, version) stored with another sha256 is
// returned as the problem (the caller rolls back).
std::optional<std::string> insert_published(soci::session& sql,
                                            const std::vector<PublishedDefinition>& published) {
  for (const PublishedDefinition& p : published) {
    if (insert_published_row(sql, p)) continue;
    std::string stored;
    sql << "SELECT sha256 FROM published_definitions WHERE workflow = :workflow"
           " AND version = :version",
        soci::into(stored), soci::use(p.workflow, "workflow"), soci::use(p.version, "version");
    if (stored != p.sha256) {
      return p.workflow + " version " + std::to_string(p.version) +
             " is published in the database with another text (sha256 " + stored + ")";
    }
  }
  return std::nullopt;
}

// Writes one checked batch in one write transaction (import_batch's
// contract, without its checks).
std::optional<std::string> write_import_batch(soci::session& sql, const Dialect& dialect,
                                              const std::string& db,
                                              const std::vector<DefinitionRecord>& definitions,
                                              const std::vector<CaseWithTrail>& cases) {
  if (cases.empty() && definitions.empty()) return std::nullopt;

  const std::string what = cases.empty() ? "importing definitions"
                                         : "importing " + std::to_string(cases.size()) +
                                               " case(s) from " + cases.front().record.id;
  try {
    Transaction transaction(sql, dialect.begin_write());
    insert_definitions(sql, definitions);
    if (cases.empty()) {
      transaction.commit();
      return std::nullopt;
    }

    // Case rows, in one bulk statement. An id already stored (by an earlier
    // import, or a case opened meanwhile) refuses the whole batch.
    std::vector<std::string> id, workflow, sha256, office, state, status, data;
    std::vector<int> version;
    std::vector<long long> row_version, opened_at, updated_at, audit_seq;
    for (const CaseWithTrail& c : cases) {
      const CaseRecord& r = c.record;
      id.push_back(r.id);
      workflow.push_back(r.workflow);
      version.push_back(r.version);
      sha256.push_back(r.definition_sha256);
      office.push_back(r.office);
      state.push_back(r.state);
      status.push_back(r.status);
      data.push_back(r.data);
      row_version.push_back(r.row_version);
      opened_at.push_back(r.opened_at);
      updated_at.push_back(r.updated_at);
      audit_seq.push_back(c.audit_seq);
    }
    if (auto existing = existing_id(sql, id)) {
      transaction.rollback();
      return "case " + *existing + " already exists in the database";
    }
    sql << "INSERT INTO cases (id, workflow, version, definition_sha256, office, state, status,"
           " data, row_version, opened_at, updated_at, audit_seq) VALUES (:id, :workflow,"
           " :version, :definition_sha256, :office, :state, :status, :data, :row_version,"
           " :opened_at, :updated_at, :audit_seq)",
        soci::use(id, "id"), soci::use(workflow, "workflow"), soci::use(version, "version"),
        soci::use(sha256, "definition_sha256"), soci::use(office, "office"),
        soci::use(state, "state"), soci::use(status, "status"), soci::use(data, "data"),
        soci::use(row_version, "row_version"), soci::use(opened_at, "opened_at"),
        soci::use(updated_at, "updated_at"), soci::use(audit_seq, "audit_seq");

    write_imported_timers(sql, cases);
    write_imported_trails(sql, cases);
    raise_case_numbers(sql, id);
    transaction.commit();
    return std::nullopt;
  } catch (...) {
    rethrow_as_store_error(db, what);
  }
}

// The checks of import_batch that are not the chains: definitions against
// their sha256, case ids given twice.
std::optional<std::string> batch_problem(const std::vector<DefinitionRecord>& definitions,
                                         const std::vector<CaseWithTrail>& cases,
                                         bool walk_chains) {
  for (const DefinitionRecord& d : definitions) {
    if (sha256_hex(d.yaml_text) != d.sha256) {
      return "definition " + d.workflow + " version " + std::to_string(d.version) +
             ": its text does not hash to " + d.sha256;
    }
  }
  std::set<std::string_view> ids;
  for (const CaseWithTrail& c : cases) {
    if (!ids.insert(c.record.id).second) return "case " + c.record.id + " appears twice";
    if (!walk_chains) continue;
    if (auto problem = trail_problem(c)) return problem;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> SociStore::import_batch(const std::vector<DefinitionRecord>& definitions,
                                                   const std::vector<CaseWithTrail>& cases) {
  if (auto problem = batch_problem(definitions, cases, true)) return problem;
  return write_import_batch(*sql_, *dialect_, db_, definitions, cases);
}

std::optional<std::string> SociStore::import_definitions(
    const std::vector<DefinitionRecord>& definitions,
    const std::vector<PublishedDefinition>& published) {
  if (auto problem = batch_problem(definitions, {}, false)) return problem;
  if (definitions.empty() && published.empty()) return std::nullopt;
  try {
    Transaction transaction(*sql_, dialect_->begin_write());
    insert_definitions(*sql_, definitions);
    if (auto problem = insert_published(*sql_, published)) {
      transaction.rollback();
      return problem;
    }
    transaction.commit();
    return std::nullopt;
  } catch (...) {
    rethrow_as_store_error(db_, "importing definitions and published versions");
  }
}

std::optional<std::string> SociStore::import_verified_batch(
    const std::vector<DefinitionRecord>& definitions, const std::vector<CaseWithTrail>& cases) {
  if (auto problem = batch_problem(definitions, cases, false)) return problem;
  return write_import_batch(*sql_, *dialect_, db_, definitions, cases);
}

}  // namespace wageflow
