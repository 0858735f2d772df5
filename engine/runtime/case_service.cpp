#include "engine/runtime/case_service.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "engine/runtime/codec.h"
#include "engine/runtime/timer_course.h"

namespace wageflow {
namespace {

// What a successful command prints: the case id for open, the new state for
// fire, the case status for suspend and resume.
std::string answer_for(const Definition& d, const Command& command, const CaseSnapshot& after) {
  switch (command.kind) {
    case Command::Kind::kOpen:
      return after.id;
    case Command::Kind::kFire:
    case Command::Kind::kCorrect:
      return d.states[after.state].name;
    case Command::Kind::kSuspend:
    case Command::Kind::kResume:
    case Command::Kind::kTick:
    case Command::Kind::kRecompute:
      return case_status_name(after.status);
  }
  return "";
}

CommandResult repeated(const std::string& case_id, const std::string& answer) {
  CommandResult result;
  result.case_id = case_id;
  result.answer = answer;
  result.repeated = true;
  return result;
}

// A key's first answer for a command that may be another (`first_request`
// is what the key was used for, "" when not known).
CommandResult repeat_or_reused(const std::string& request, const std::string& first_request,
                               const std::string& case_id, const std::string& answer) {
  if (first_request.empty() || first_request == request) {
    return repeated(case_id.empty() ? answer : case_id, answer);
  }
  CommandResult result;
  result.status = CommandResult::Status::kRefused;
  result.key_reused = true;
  result.message =
      "this idempotency key was used before for another command; nothing was changed: a retry "
      "must repeat the first command exactly, and a new command needs a new key";
  return result;
}

CommandResult refused(const Refusal& refusal) {
  CommandResult result;
  result.status = CommandResult::Status::kRefused;
  result.message = refusal.message;
  result.refusal = refusal.kind;
  result.missing = refusal.missing;
  return result;
}

CommandResult failure(CommandResult::Status status, std::string message) {
  CommandResult result;
  result.status = status;
  result.message = std::move(message);
  return result;
}

// The suspensions `outcome` decided otherwise for `timer`, joined by "; "
// (describe()); "" when there are none.
std::string suspensions_decided_otherwise(const Outcome& outcome, TimerId timer) {
  std::string found;
  for (const SuspensionDecidedOtherwise& decided : outcome.decided_otherwise) {
    if (decided.timer != timer) continue;
    if (!found.empty()) found += "; ";
    found += describe(decided);
  }
  return found;
}

}  // namespace

CaseService::CaseService(Store& store, DefinitionSource& definitions)
    : store_(store), definitions_(definitions) {}

Result<CaseService::LoadedCase> CaseService::load(const std::string& case_id) {
  std::optional<CaseRecord> record = store_.load_case(case_id);
  if (!record) return Error{"no case " + case_id};
  return load(*record);
}

Result<CaseService::LoadedCase> CaseService::load(const CaseRecord& record) {
  const std::string& case_id = record.id;
  std::optional<DefinitionRecord> text = store_.definition(record.definition_sha256);
  if (!text)
    return Error{"case " + case_id + " is pinned to a definition missing from the database"};
  auto definition = definitions_.from_text(text->sha256, text->yaml_text);
  if (!definition)
    return Error{"case " + case_id + ": its definition no longer loads: " + definition.error()};
  Result<CaseSnapshot> snapshot = from_record(**definition, record);
  if (!snapshot) return Error{snapshot.error()};
  return LoadedCase{*definition, record.definition_sha256, std::move(snapshot).value()};
}

std::string CaseService::request_text(const std::string& target, const Command& command) {
  nlohmann::json values = nlohmann::json::array();
  auto sets = command.sets;
  std::sort(sets.begin(), sets.end());
  for (const auto& [name, value] : sets) values.push_back(nlohmann::json::array({name, value}));
  const nlohmann::json text = {{"kind", command_kind_name(command.kind)},
                               {"target", target},
                               {"actor", command.actor},
                               {"event", command.event},
                               {"values", values},
                               {"comment", command.comment}};
  return text.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<CommandResult> CaseService::earlier_answer(const std::string& key,
                                                         const std::string& request,
                                                         const std::string& case_id) {
  if (key.empty()) return std::nullopt;
  std::optional<IdempotentEntry> first = store_.idempotent_entry(key);
  if (!first) return std::nullopt;
  return repeat_or_reused(request, first->request, case_id, first->answer);
}

CommandResult CaseService::open(const std::string& workflow, const Command& command, Instant now,
                                const std::string& idempotency_key, const std::string& office) {
  const std::string request_for_key =
      idempotency_key.empty() ? "" : request_text(workflow, command);
  if (auto earlier = earlier_answer(idempotency_key, request_for_key, "")) return *earlier;
  auto definition = definitions_.latest(workflow);
  if (!definition) return failure(CommandResult::Status::kRefused, definition.error());
  const Definition& d = **definition;
  Decision decision = decide(d, CaseSnapshot{}, command, now);
  if (auto* refusal = std::get_if<Refusal>(&decision)) return refused(*refusal);
  Outcome& outcome = std::get<Outcome>(decision);

  outcome.next.office = office;
  CommitRequest request;
  request.after = to_record(d, outcome.next, store_.pin_definition(d.id, d.version, d.source_text));
  request.new_case_id_prefix =
      std::to_string(local_date(now, d.calendar->utc_offset_minutes()).year()) + "-";
  request.records = std::move(outcome.records);
  request.idempotency_key = idempotency_key;
  request.idempotency_answer = "{case_id}";
  request.idempotency_request = request_for_key;
  CommitResult committed = store_.commit(request);
  if (committed.status == CommitResult::Status::kDuplicateKey) {
    return repeat_or_reused(request_for_key, committed.idempotency_request, "",
                            committed.idempotency_answer);
  }
  CommandResult result;
  result.case_id = committed.case_id;
  result.snapshot = std::move(outcome.next);
  result.snapshot.id = committed.case_id;
  result.answer = committed.case_id;
  return result;
}

CommandResult CaseService::apply(const std::string& case_id, const Command& command, Instant now,
                                 const std::string& idempotency_key,
                                 std::optional<std::int64_t> expected_row_version) {
  PreparedCommand prepared =
      prepare_apply(case_id, command, now, idempotency_key, expected_row_version);
  if (prepared.answer) return std::move(*prepared.answer);
  const CommitResult committed = store_.commit(prepared.request);
  return finish_apply(std::move(prepared), committed);
}

CaseService::PreparedCommand CaseService::prepare_apply(
    const std::string& case_id, const Command& command, Instant now,
    const std::string& idempotency_key, std::optional<std::int64_t> expected_row_version) {
  PreparedCommand prepared;
  prepared.case_id = case_id;
  if (!idempotency_key.empty()) {
    prepared.answer = earlier_answer(idempotency_key, request_text(case_id, command), case_id);
    if (prepared.answer) return prepared;
  }
  Result<LoadedCase> loaded = load(case_id);
  if (!loaded) {
    bool missing = loaded.error() == "no case " + case_id;
    prepared.answer =
        failure(missing ? CommandResult::Status::kNotFound : CommandResult::Status::kRefused,
                loaded.error());
    return prepared;
  }
  return prepare_loaded(*loaded, command, now, idempotency_key, expected_row_version);
}

CaseService::PreparedCommand CaseService::prepare_apply(
    const LoadedCase& loaded, const Command& command, Instant now,
    const std::string& idempotency_key, std::optional<std::int64_t> expected_row_version) {
  if (!idempotency_key.empty()) {
    PreparedCommand prepared;
    prepared.case_id = loaded.snapshot.id;
    prepared.answer = earlier_answer(idempotency_key, request_text(loaded.snapshot.id, command),
                                     loaded.snapshot.id);
    if (prepared.answer) return prepared;
  }
  return prepare_loaded(loaded, command, now, idempotency_key, expected_row_version);
}

CaseService::PreparedCommand CaseService::prepare_loaded(
    const LoadedCase& loaded, const Command& command, Instant now,
    const std::string& idempotency_key, std::optional<std::int64_t> expected_row_version) {
  PreparedCommand prepared;
  const std::string& case_id = loaded.snapshot.id;
  prepared.case_id = case_id;
  const Definition& d = *loaded.definition;
  const CaseSnapshot& current = loaded.snapshot;
  if (expected_row_version && *expected_row_version != current.row_version) {
    // The change may be this very command, committed under the same key by
    // a concurrent retry after the key was looked up: that is a repeat.
    if (!idempotency_key.empty()) {
      prepared.answer = earlier_answer(idempotency_key, request_text(case_id, command), case_id);
      if (prepared.answer) return prepared;
    }
    CommandResult stale = failure(
        CommandResult::Status::kConflict,
        "case " + case_id + " is at row_version " + std::to_string(current.row_version) + ", not " +
            std::to_string(*expected_row_version) +
            ": it changed since you read it; nothing was changed: look at it again and retry");
    stale.case_id = case_id;
    prepared.answer = std::move(stale);
    return prepared;
  }
  Command with_trail = command;
  if (command.kind == Command::Kind::kCorrect) {
    // decide() sees the case, not the way it came: the transitions it took
    // are read from its trail, for the correction's notes.
    std::vector<AuditRecord> trail;
    for (StoredAuditRecord& stored : store_.audit_log(case_id)) {
      trail.push_back(std::move(stored.record));
    }
    with_trail.taken = transitions_taken(d, trail);
  }
  Decision decision = decide(d, current, with_trail, now);
  if (auto* refusal = std::get_if<Refusal>(&decision)) {
    prepared.answer = refused(*refusal);
    return prepared;
  }
  Outcome& outcome = std::get<Outcome>(decision);

  CommitRequest& request = prepared.request;
  request.after = to_record(d, outcome.next, loaded.definition_sha256);
  request.expected_row_version = current.row_version;
  request.records = std::move(outcome.records);
  request.idempotency_key = idempotency_key;
  request.idempotency_answer = answer_for(d, command, outcome.next);
  if (!idempotency_key.empty()) request.idempotency_request = request_text(case_id, command);
  prepared.next = std::move(outcome.next);
  prepared.notes = std::move(outcome.notes);
  for (ExpiryNotFired& unfired : outcome.expiries_not_fired) {
    prepared.not_fired.push_back({d.timers[unfired.timer].name, std::move(unfired.refused)});
  }
  return prepared;
}

CommandResult CaseService::finish_apply(PreparedCommand prepared,
                                        const CommitResult& committed) const {
  const std::string& case_id = prepared.case_id;
  switch (committed.status) {
    case CommitResult::Status::kDuplicateKey:
      return repeat_or_reused(prepared.request.idempotency_request, committed.idempotency_request,
                              case_id, committed.idempotency_answer);
    case CommitResult::Status::kConflict:
      return failure(CommandResult::Status::kConflict,
                     "case " + case_id +
                         " was changed by someone else while this command ran; "
                         "nothing was changed: look at it again and retry");
    case CommitResult::Status::kCommitted:
      break;
  }
  CommandResult result;
  result.case_id = case_id;
  result.answer = prepared.request.idempotency_answer;
  result.snapshot = std::move(prepared.next);
  result.notes = std::move(prepared.notes);
  result.not_fired = std::move(prepared.not_fired);
  return result;
}

std::vector<CommandResult> CaseService::apply_together(const std::vector<ApplyCommand>& commands) {
  std::vector<PreparedCommand> prepared;
  prepared.reserve(commands.size());
  std::vector<CommitRequest> requests;
  for (const ApplyCommand& c : commands) {
    prepared.push_back(
        prepare_apply(c.case_id, c.command, c.now, c.idempotency_key, c.expected_row_version));
    if (!prepared.back().answer) requests.push_back(prepared.back().request);
  }
  const std::vector<CommitResult> committed = store_.commit_batch(requests);
  std::vector<CommandResult> results;
  results.reserve(commands.size());
  std::size_t next = 0;
  for (PreparedCommand& one : prepared) {
    if (one.answer) {
      results.push_back(std::move(*one.answer));
    } else {
      results.push_back(finish_apply(std::move(one), committed.at(next++)));
    }
  }
  return results;
}

std::vector<ProvisionalTimer> CaseService::recompute_provisional(
    Instant now, bool dry_run,
    const std::function<void(std::size_t done, std::size_t total)>& progress) {
  return recount_cases(store_.cases_with_provisional_timers(), now, dry_run, false, progress);
}

std::vector<ProvisionalTimer> CaseService::recount_every_due_date(
    Instant now, bool dry_run,
    const std::function<void(std::size_t done, std::size_t total)>& progress) {
  return recount_cases(store_.cases_with_counting_timers(), now, dry_run, true, progress);
}

std::vector<ProvisionalTimer> CaseService::recount_cases(
    const std::vector<std::string>& ids, Instant now, bool dry_run, bool every_due_date,
    const std::function<void(std::size_t done, std::size_t total)>& progress) {
  std::vector<ProvisionalTimer> report;
  for (std::size_t done = 0; done < ids.size(); ++done) {
    for (ProvisionalTimer& entry : recompute_case(ids[done], now, dry_run, every_due_date)) {
      report.push_back(std::move(entry));
    }
    if (progress) progress(done + 1, ids.size());
  }
  return report;
}

std::vector<ProvisionalTimer> CaseService::recompute_case(const std::string& id, Instant now,
                                                          bool dry_run, bool every_due_date) {
  using R = ProvisionalTimer::Result;
  Result<LoadedCase> loaded = load(id);
  if (!loaded) {
    return {ProvisionalTimer{id, "", "", "", !every_due_date, !every_due_date, R::kByHand,
                             loaded.error(), ""}};
  }
  const Definition& d = *loaded->definition;
  const std::vector<StoredAuditRecord> trail = store_.audit_log(id);
  Command command{Command::Kind::kRecompute, "system", "system", "", {}, ""};
  std::vector<ProvisionalTimer> looked;
  for (const TimerState& t : loaded->snapshot.timers) {
    if ((!t.provisional && !every_due_date) || !t.due_date) continue;
    if (!timer_is_live(t.status) && t.status != TimerStatus::kPaused) continue;
    const std::string name = d.timers[t.timer].name;
    const std::string due = t.due_date->to_string();
    std::variant<TimerCourse, std::string> course = timer_course(trail, trail.size(), name);
    auto* reason = std::get_if<std::string>(&course);
    std::optional<std::string> by_hand =
        reason ? *reason : timer_course_mismatch(t, std::get<TimerCourse>(course));
    if (by_hand) *by_hand += ": count it by hand";
    looked.push_back({id, name, due, due, t.provisional, t.provisional,
                      by_hand ? R::kByHand : R::kUnchanged, by_hand.value_or(""), ""});
    if (!by_hand) command.timers.push_back({name, std::move(std::get<TimerCourse>(course))});
  }
  std::sort(looked.begin(), looked.end(),
            [](const ProvisionalTimer& a, const ProvisionalTimer& b) { return a.timer < b.timer; });
  if (command.timers.empty()) return looked;

  Decision decision = decide(d, loaded->snapshot, command, now);
  if (auto* refusal = std::get_if<Refusal>(&decision)) {
    for (ProvisionalTimer& entry : looked) {
      if (entry.result != R::kUnchanged) continue;
      entry.result = R::kByHand;
      entry.reason = refusal->message;
    }
    return looked;
  }
  Outcome& outcome = std::get<Outcome>(decision);
  for (ProvisionalTimer& entry : looked) {
    const TimerState* after = outcome.next.timer(*d.timer_id(entry.timer));
    if (entry.result != R::kUnchanged || !after || !after->due_date) continue;
    const TimerState* before = loaded->snapshot.timer(*d.timer_id(entry.timer));
    const bool was_paused = before && before->status == TimerStatus::kPaused;
    const bool paused = after->status == TimerStatus::kPaused;
    if (after->due_date->to_string() == entry.was_due &&
        after->provisional == entry.was_provisional && paused == was_paused) {
      continue;
    }
    entry.result = R::kMoved;
    entry.due = after->due_date->to_string();
    entry.provisional = after->provisional;
    if (paused && !was_paused) {
      entry.reason = "now paused: it was still counting when the case was suspended";
    } else if (was_paused && !paused) {
      entry.reason = d.timers[*d.timer_id(entry.timer)].runs_while_suspended
                         ? "no longer paused: it runs through suspensions (on_suspend: run)"
                         : "no longer paused: it was overdue when the case was suspended";
    } else {
      // A case resumed since: the date moved because a suspension was
      // decided otherwise.
      entry.reason = suspensions_decided_otherwise(outcome, *d.timer_id(entry.timer));
    }
    auto held = held_expiry(d, outcome.next.status, *after);
    if (after->status == TimerStatus::kOverdue && held &&
        held->until == HeldExpiry::Until::kResumed) {
      if (!entry.reason.empty()) entry.reason += "; ";
      entry.reason += d.events[held->event] + " is held until the case is resumed (case resume)";
    }
    for (const ExpiryNotFired& unfired : outcome.expiries_not_fired) {
      if (unfired.timer == *d.timer_id(entry.timer)) entry.not_fired = unfired.refused;
    }
  }
  if (outcome.records.empty() || dry_run) return looked;
  CommitRequest request;
  request.after = to_record(d, outcome.next, loaded->definition_sha256);
  request.expected_row_version = loaded->snapshot.row_version;
  request.records = outcome.records;
  if (store_.commit(request).status != CommitResult::Status::kConflict) return looked;
  for (ProvisionalTimer& entry : looked) {
    if (entry.result != R::kMoved) continue;
    entry.result = R::kConflict;
    entry.reason = "the case changed meanwhile; nothing was written: run again";
  }
  return looked;
}

TickReport CaseService::tick(Instant now) {
  // Several `wageflow timers tick` may run at once (cron on several
  // machines): each works only on the cases it claimed, and the conditional
  // commit on row_version stops any other writer from applying the same
  // warning or expiry twice. A claim lasts until now + kClaimSeconds, so the
  // cases of a ticker that crashed come back to the next tick after that.
  constexpr std::int64_t kClaimSeconds = 300;
  constexpr int kBatch = 500;
  TickReport report;
  std::set<std::string> seen;
  int unfinished = 0;  // seen but not committed: a store may return them again
  for (;;) {
    std::vector<std::string> claimed =
        store_.claim_due_cases(now.seconds, kBatch + unfinished, now.seconds + kClaimSeconds);
    bool progressed = false;
    for (const std::string& id : claimed) {
      if (!seen.insert(id).second) continue;
      progressed = true;
      ++unfinished;
      // A case that cannot be ticked must not stop the others' deadlines;
      // it is reported, and released below for a run that can.
      Result<LoadedCase> loaded = load(id);
      if (!loaded) {
        report.failed.push_back({id, loaded.error()});
        continue;
      }
      Decision decision =
          decide(*loaded->definition, loaded->snapshot,
                 Command{Command::Kind::kTick, "system", "system", "", {}, ""}, now);
      if (const auto* refusal = std::get_if<Refusal>(&decision)) {
        report.failed.push_back({id, refusal->message});
        continue;
      }
      auto* outcome = std::get_if<Outcome>(&decision);
      if (!outcome || outcome->records.empty()) continue;
      CommitRequest request;
      request.after = to_record(*loaded->definition, outcome->next, loaded->definition_sha256);
      request.expected_row_version = loaded->snapshot.row_version;
      request.records = outcome->records;
      CommitResult committed = store_.commit(request);
      if (committed.status == CommitResult::Status::kConflict) {
        ++report.conflicts;
        continue;
      }
      --unfinished;
      ++report.cases;
      report.counts.warned += outcome->tick.warned;
      report.counts.overdue += outcome->tick.overdue;
      report.counts.expired += outcome->tick.expired;
      report.counts.escalated += outcome->tick.escalated;
      for (const ExpiryNotFired& unfired : outcome->expiries_not_fired) {
        report.not_fired.push_back(
            {id, {loaded->definition->timers[unfired.timer].name, unfired.refused}});
      }
    }
    if (!progressed) break;
  }
  // Released last: the loop's final claim takes them again.
  for (const TickFailure& failure : report.failed) store_.release_claim(failure.case_id);
  return report;
}

}  // namespace wageflow
