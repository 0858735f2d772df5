// CaseService: load -> decide -> commit against a Store. The one place that
// turns commands into durable changes; adapters (CLI, HTTP) call it.
//
// Thread-safety: a CaseService holds no mutable state of its own; it is as
// thread-safe as the Store and DefinitionSource it is given.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/runtime/decide.h"
#include "engine/runtime/store.h"

namespace wageflow {

// Where definitions come from: the latest of a workflow by id (for new
// cases) and the exact text a stored case is pinned to.
class DefinitionSource {
 public:
  virtual ~DefinitionSource() = default;
  // The current definition of workflow `id`, or an error a clerk can read
  // ("unknown workflow 'x'; known: a, b").
  virtual Result<std::shared_ptr<const Definition>> latest(const std::string& id) = 0;
  // Loads a definition from its exact text (cached by sha256).
  virtual Result<std::shared_ptr<const Definition>> from_text(const std::string& sha256,
                                                              const std::string& text) = 0;
};

// An expiry event a command reached but did not fire (docs/deadlines.md,
// "An expiry event no row takes"): the case stays where it is, past the
// timer's deadline, for staff to move on.
struct UnfiredExpiry {
  std::string timer;
  std::string refused;  // one line: why (the `escalate` record's `refused`)
};

// The answer to a command, for the adapter to print.
struct CommandResult {
  enum class Status {
    kDone,      // committed (or a repeated idempotency key: the first answer)
    kRefused,   // the rules said no, or the input is wrong: nothing changed
    kConflict,  // the case changed under us: nothing changed, try again
    kNotFound,  // no such case
  };
  Status status = Status::kDone;
  std::string message;  // refusal/conflict text, one line
  std::optional<Refusal::Kind> refusal;
  Refusal::Missing missing = Refusal::Missing::kNothing;  // kRefused: what to supply
  std::string case_id;
  std::string answer;     // what the CLI prints on success: new state, status, or case id
  bool repeated = false;  // the answer came from an earlier command with the same key
  // kRefused: the idempotency key was used before for another command
  // (CaseService::earlier_answer).
  bool key_reused = false;
  CaseSnapshot snapshot;  // the case after the command (kDone, not repeated)
  // kDone, not repeated: what the command leaves for its sender to check
  // (a correction: correction_notes.h); usually empty.
  std::vector<CorrectionNote> notes;
  // kDone, not repeated: the expiry events the command reached and did not
  // fire, in the order reached (a suspension's catch-up of a deadline that
  // passed before it, a resume firing an expiry held while suspended).
  std::vector<UnfiredExpiry> not_fired;
};

// A case with a timer action due that a tick could not handle: its
// workflow or calendar could not be loaded, or decide refused the tick (a
// damaged case). Its deadlines go unwatched until someone repairs it.
struct TickFailure {
  std::string case_id;
  std::string reason;  // one line
};

// An expiry event a tick did not fire: the case stays where it is, past
// its deadline, for staff to move on (docs/deadlines.md).
struct TickNotFired {
  std::string case_id;
  UnfiredExpiry expiry;
};

struct TickReport {
  TickCounts counts;
  int cases = 0;                    // cases changed
  int conflicts = 0;                // cases skipped because another writer changed them first
  std::vector<TickFailure> failed;  // in the order they were met; claims released
  // Expiry events not fired, in commit order (their timers count as expired).
  std::vector<TickNotFired> not_fired;
};

// A due date that CaseService::recompute_provisional (or
// recount_every_due_date) looked at.
struct ProvisionalTimer {
  enum class Result {
    kMoved,      // counted again: a new due date, the same one no longer provisional, or
                 // the same one with its pause taken off or put on
    kUnchanged,  // the same on the calendar as it is (provisional: its year is not listed yet)
    kByHand,     // not counted again: its trail does not tell how; `reason` says why
    kConflict,   // the case changed meanwhile: nothing written, run again
  };
  std::string case_id;
  std::string timer;
  std::string was_due;          // YYYY-MM-DD, as stored
  std::string due;              // YYYY-MM-DD after (kMoved), else was_due
  bool provisional = true;      // after
  bool was_provisional = true;  // as stored
  Result result = Result::kUnchanged;
  std::string
      reason;  // kByHand, kConflict; kMoved: "" or how its pause changed ("now paused: ...")
  // kMoved: its due date, confirmed and past, expired the timer and its
  // expiry event was not fired: why (UnfiredExpiry::refused); "" otherwise.
  std::string not_fired;
};

class CaseService {
 public:
  CaseService(Store& store, DefinitionSource& definitions);

  // `office` is stored with the new case (CaseSnapshot::office).
  CommandResult open(const std::string& workflow, const Command& command, Instant now,
                     const std::string& idempotency_key = "", const std::string& office = "");
  // kFire, kSuspend, kResume or kCorrect on an existing case. With
  // `expected_row_version`, the case must be at that row_version when it is
  // loaded, else kConflict and nothing changes (an HTTP If-Match; the commit
  // is conditional on the same version, so nothing can slip in between).
  CommandResult apply(const std::string& case_id, const Command& command, Instant now,
                      const std::string& idempotency_key = "",
                      std::optional<std::int64_t> expected_row_version = std::nullopt);
  // A command's idempotency key looked up before it runs: nullopt when the
  // key is new; the first answer (repeated) when it was used for this same
  // command, or before wageflow kept which command it was used for; a
  // refusal (key_reused) when it was used for another. `request` is
  // request_text(); `case_id` the case of an apply, "" for an open (whose
  // first answer is the case id). open() and apply() do this themselves;
  // an adapter that answers a repeat its own way asks first.
  std::optional<CommandResult> earlier_answer(const std::string& key, const std::string& request,
                                              const std::string& case_id);
  // What an idempotency key stands for: the command's kind, its target (a
  // case id, or for an open the workflow), actor, event, values (sorted)
  // and comment, as canonical JSON. The role, the office of an open and an
  // If-Match are not in it: a retry may have them chosen again.
  static std::string request_text(const std::string& target, const Command& command);

  // Every warning and expiry due at `now`, across all cases, via the index.
  // A case that cannot be ticked is listed in `failed` and its claim
  // released (a corrected run picks it up at once); the others are ticked.
  TickReport tick(Instant now);
  // Every provisional due date still counting, counted again on the
  // calendar as it is now (Command::Kind::kRecompute), each case in one
  // commit with its timer_recompute records; nothing is written when
  // `dry_run`. Each is counted from its start along its course in the
  // trail (extensions, suspensions: timer_course.h); one whose trail has no
  // start of it or does not match it is not counted again (kByHand:
  // `reason` says why). In case id, then timer name order. `progress`,
  // when given, is called after each case with how many of how many cases
  // were looked at.
  std::vector<ProvisionalTimer> recompute_provisional(
      Instant now, bool dry_run,
      const std::function<void(std::size_t done, std::size_t total)>& progress = {});
  // The same for every due date still counting, provisional or not: after a
  // listed year of a calendar was corrected (a holiday or make-up working
  // day entered wrongly), so that no case keeps a due date counted on the
  // wrong days. Reads every counting case's trail.
  std::vector<ProvisionalTimer> recount_every_due_date(
      Instant now, bool dry_run,
      const std::function<void(std::size_t done, std::size_t total)>& progress = {});

  // A stored case with its definition, for display. Error: unknown case or
  // a record that does not fit its pinned definition.
  struct LoadedCase {
    std::shared_ptr<const Definition> definition;
    std::string definition_sha256;
    CaseSnapshot snapshot;
  };
  Result<LoadedCase> load(const std::string& case_id);
  // The same from a case row the caller has read already (Store::load_case),
  // for a caller that looks at the row first: no second read of it.
  Result<LoadedCase> load(const CaseRecord& record);

  // ---- group commit (wageflow serve): apply() in two halves around a
  // commit the caller makes together with other commands' commits
  // (Store::commit_batch). prepare_apply + commit + finish_apply answers
  // exactly what apply() answers.

  // apply() up to the commit: the command decided against the case as
  // loaded now. Either `answer` is set (refused, not found, stale
  // If-Match, a repeated idempotency key: nothing to commit), or `request`
  // is what to commit.
  struct PreparedCommand {
    std::optional<CommandResult> answer;
    CommitRequest request;
    std::string case_id;
    CaseSnapshot next;                     // the case after the command, if committed
    std::vector<CorrectionNote> notes;     // Outcome::notes
    std::vector<UnfiredExpiry> not_fired;  // Outcome::expiries_not_fired, by name
  };
  PreparedCommand prepare_apply(const std::string& case_id, const Command& command, Instant now,
                                const std::string& idempotency_key = "",
                                std::optional<std::int64_t> expected_row_version = std::nullopt);
  // The same, decided against `loaded` (what load() gave the caller just
  // before) instead of loading the case again; the commit is conditional
  // on loaded's row_version all the same.
  PreparedCommand prepare_apply(const LoadedCase& loaded, const Command& command, Instant now,
                                const std::string& idempotency_key = "",
                                std::optional<std::int64_t> expected_row_version = std::nullopt);
  // The answer once `committed` is the result of committing
  // `prepared.request` (a prepared command without `answer`). Touches no
  // store: any CaseService may finish what another prepared.
  CommandResult finish_apply(PreparedCommand prepared, const CommitResult& committed) const;

  // Several apply() commands, each decided against its own case, committed
  // together with one Store::commit_batch; answers in the order of
  // `commands`, each as apply() would answer it alone (a command whose case
  // a batch-mate changed first gets kConflict, a key a batch-mate stored
  // first is answered as a repeat).
  struct ApplyCommand {
    std::string case_id;
    Command command;
    Instant now;
    std::string idempotency_key;
    std::optional<std::int64_t> expected_row_version;
  };
  std::vector<CommandResult> apply_together(const std::vector<ApplyCommand>& commands);

 private:
  // recompute_provisional (or, `every_due_date`, recount_every_due_date)
  // for the cases `ids`.
  std::vector<ProvisionalTimer> recount_cases(
      const std::vector<std::string>& ids, Instant now, bool dry_run, bool every_due_date,
      const std::function<void(std::size_t done, std::size_t total)>& progress);
  std::vector<ProvisionalTimer> recompute_case(const std::string& id, Instant now, bool dry_run,
                                               bool every_due_date);
  PreparedCommand prepare_loaded(const LoadedCase& loaded, const Command& command, Instant now,
                                 const std::string& idempotency_key,
                                 std::optional<std::int64_t> expected_row_version);

  Store& store_;
  DefinitionSource& definitions_;
};

}  // namespace wageflow
