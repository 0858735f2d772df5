#include "engine/runtime/replay.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

#include "engine/core/pii.h"
#include "engine/runtime/codec.h"
#include "engine/runtime/decide.h"
#include "engine/runtime/migration.h"
#include "engine/runtime/timer_course.h"

namespace wageflow {
namespace {

using Sets = std::vector<std::pair<std::string, std::string>>;

// "seq 7 (fire settle)".
std::string describe(const StoredAuditRecord& stored) {
  const AuditRecord& r = stored.record;
  return "seq " + std::to_string(stored.seq) + " (" + r.kind + (r.event.empty() ? "" : " ") +
         r.event + ")";
}

// "timer_start award_limit".
std::string kind_and_event(const AuditRecord& r) {
  return r.kind + (r.event.empty() ? "" : " " + r.event);
}

std::string optional_instant(const std::optional<std::int64_t>& at) {
  return at ? format_utc(Instant{*at}) : "none";
}

std::string yes_no(bool value) {
  return value ? "true" : "false";
}

// A JSON value as a clerk reads it: strings bare, the rest as JSON, absent
// as "unset".
std::string shown(const nlohmann::json* value) {
  if (!value) return "unset";
  if (value->is_string()) return value->get<std::string>();
  return value->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json parse_object(const std::string& text) {
  nlohmann::json object = nlohmann::json::parse(text, nullptr, false);
  if (object.is_discarded() || !object.is_object()) return nlohmann::json();
  return object;
}

// The first key whose value differs between two JSON objects, as
// "data field F is A, <other> B" (personal fields masked); nullopt when
// they are equal. Texts that are not objects are compared as text.
std::optional<std::string> data_difference(const Definition& d, const std::string& replayed,
                                           const std::string& kept, const std::string& other) {
  if (replayed == kept) return std::nullopt;  // the usual case, without parsing
  nlohmann::json a = parse_object(replayed);
  nlohmann::json b = parse_object(kept);
  if (a.is_null() || b.is_null()) {
    // Never the text itself: it may hold personal data, unmasked.
    auto described = [&d](const nlohmann::json& object, const std::string& text) {
      if (object.is_null())
        return "not an object of field values (" + std::to_string(text.size()) + " bytes)";
      nlohmann::json masked = object;
      for (auto& [key, value] : masked.items()) {
        auto field = d.field_id(key);
        if (field && d.fields[*field].pii && value.is_string()) {
          value = mask_pii(value.get<std::string>());
        }
      }
      return masked.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    return "data is " + described(a, replayed) + ", " + other + " " + described(b, kept);
  }
  if (a == b) return std::nullopt;
  std::set<std::string> keys;
  for (const auto& [key, value] : a.items()) keys.insert(key);
  for (const auto& [key, value] : b.items()) keys.insert(key);
  for (const std::string& key : keys) {
    const nlohmann::json* x = a.contains(key) ? &a[key] : nullptr;
    const nlohmann::json* y = b.contains(key) ? &b[key] : nullptr;
    if (x && y && *x == *y) continue;
    std::string left = shown(x), right = shown(y);
    auto field = d.field_id(key);
    if (field && d.fields[*field].pii) {
      if (x) left = mask_pii(left);
      if (y) right = mask_pii(right);
    }
    return "data field " + key + " is " + left + ", " + other + " " + right;
  }
  return std::nullopt;
}

// How a decided record differs from the recorded one; nullopt when equal.
// Kind and event are compared by the caller.
std::optional<std::string> record_difference(const Definition& d, const AuditRecord& replayed,
                                             const AuditRecord& recorded) {
  auto differs = [](const std::string& what, const std::string& a,
                    const std::string& b) -> std::optional<std::string> {
    if (a == b) return std::nullopt;
    return what + " is " + (a.empty() ? "empty" : a) + ", recorded " + (b.empty() ? "empty" : b);
  };
  if (replayed.at != recorded.at) {
    return "at is " + format_utc(replayed.at) + ", recorded " + format_utc(recorded.at);
  }
  if (auto x = differs("actor", replayed.actor, recorded.actor)) return x;
  if (auto x = differs("role", replayed.role, recorded.role)) return x;
  if (auto x = differs("from_state", replayed.from_state, recorded.from_state)) return x;
  if (auto x = differs("to_state", replayed.to_state, recorded.to_state)) return x;
  if (auto x = data_difference(d, replayed.data, recorded.data, "recorded")) return x;
  if (replayed.comment != recorded.comment) {
    auto quoted = [](const std::string& text) {
      return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    return "comment is " + quoted(replayed.comment) + ", recorded " + quoted(recorded.comment);
  }
  return std::nullopt;
}

// The recorded data of an open or fire record as --set values; nullopt
// when it is not a JSON object of strings.
std::optional<Sets> recorded_values(const std::string& data) {
  nlohmann::json object = parse_object(data);
  if (object.is_null()) return std::nullopt;
  Sets sets;
  for (const auto& [key, value] : object.items()) {
    if (!value.is_string()) return std::nullopt;
    sets.emplace_back(key, value.get<std::string>());
  }
  return sets;
}

bool is_tick_record(const std::string& kind) {
  return kind == "timer_warn" || kind == "timer_overdue" || kind == "timer_expire" ||
         kind == "escalate";
}

std::optional<Command::Kind> command_kind(const std::string& kind) {
  if (kind == "open") return Command::Kind::kOpen;
  if (kind == "fire" || kind == "extend") return Command::Kind::kFire;
  if (kind == "suspend") return Command::Kind::kSuspend;
  if (kind == "resume") return Command::Kind::kResume;
  if (kind == "correct") return Command::Kind::kCorrect;
  if (is_tick_record(kind)) return Command::Kind::kTick;
  if (kind == "timer_recompute") return Command::Kind::kRecompute;
  return std::nullopt;
}

// The first year a recorded due date of `trail` says its calendar did not
// list, if any.
std::optional<int> first_unlisted_year(const std::vector<StoredAuditRecord>& trail) {
  std::optional<int> first;
  for (const StoredAuditRecord& stored : trail) {
    auto year = first_unlisted_year_in(stored.record.data);
    if (year && (!first || *year < *first)) first = year;
  }
  return first;
}

class Replayer {
 public:
  Replayer(const Definition& d, const CaseRecord& stored,
           const std::vector<StoredAuditRecord>& trail, const DefinitionLookup& lookup)
      : d_(&d), stored_(stored), trail_(trail), lookup_(lookup) {}

  ReplayResult run() {
    if (trail_.empty()) return fail("the audit trail is empty");
    if (trail_.front().record.kind != "open") {
      return fail(describe(trail_.front()) + ": the trail does not begin with open");
    }
    if (auto problem = start_definition()) return fail(*problem);
    std::size_t next = 0;
    while (next < trail_.size()) {
      const StoredAuditRecord& lead = trail_[next];
      if (lead.record.kind == "migrate") {
        std::variant<std::size_t, std::string> step = replay_migration(next);
        if (auto* problem = std::get_if<std::string>(&step)) return fail(*problem);
        next += std::get<std::size_t>(step);
        ++result_.commands;
        continue;
      }
      auto kind = command_kind(lead.record.kind);
      if (!kind) {
        return fail(describe(lead) + ": no command before it produces this record");
      }
      if (*kind == Command::Kind::kOpen && next != 0) {
        return fail(describe(lead) + ": a second open in the trail");
      }
      std::variant<std::size_t, std::string> step = replay_command(next, *kind);
      if (auto* problem = std::get_if<std::string>(&step)) return fail(*problem);
      next += std::get<std::size_t>(step);
      ++result_.commands;
    }
    if (sha_ != stored_.definition_sha256) {
      return fail("after " + describe(trail_.back()) + ": the trail ends on definition " +
                  sha_.substr(0, 12) + ", the case is pinned to " +
                  stored_.definition_sha256.substr(0, 12));
    }
    if (auto problem = final_difference()) {
      return fail("after " + describe(trail_.back()) + ": " + *problem);
    }
    return result_;
  }

 private:
  ReplayResult fail(const std::string& problem) {
    result_.ok = false;
    result_.difference = "case " + stored_.id + ": " + problem;
    return result_;
  }

  // A migrated case's trail begins on the definition its first migrate
  // record names; any other on the pinned one.
  std::optional<std::string> start_definition() {
    sha_ = stored_.definition_sha256;
    for (const StoredAuditRecord& stored : trail_) {
      if (stored.record.kind != "migrate") continue;
      auto recorded = read_migration_record(stored.record);
      if (!recorded) return describe(stored) + ": " + recorded.error();
      const Definition* first = lookup_(recorded->from_sha256);
      if (!first) {
        return describe(stored) + ": the definition it migrates from (" +
               recorded->from_sha256.substr(0, 12) + ") is not at hand";
      }
      d_ = first;
      sha_ = recorded->from_sha256;
      break;
    }
    return std::nullopt;
  }

  // Replays the migration `trail_[lead]` records through plan_migration.
  std::variant<std::size_t, std::string> replay_migration(std::size_t lead) {
    const StoredAuditRecord& stored = trail_[lead];
    auto recorded = read_migration_record(stored.record);
    if (!recorded) return describe(stored) + ": " + recorded.error();
    // The suspension's instant is the trail's: a record that names another
    // was edited (or planned from another trail).
    if (const auto& since = recorded->options.suspended_since) {
      const std::optional<Instant> in_trail = suspended_since(trail_, lead);
      if (!in_trail || in_trail->seconds != since->seconds) {
        return describe(stored) + ": its suspended_since " + format_utc(*since) +
               (in_trail ? " is not the instant the suspension began, " + format_utc(*in_trail)
                         : " names a suspension the trail does not have");
      }
    }
    if (recorded->from_sha256 != sha_) {
      return describe(stored) + ": it migrates from definition " +
             recorded->from_sha256.substr(0, 12) + ", the case was on " + sha_.substr(0, 12);
    }
    const Definition* to = lookup_(recorded->to_sha256);
    if (!to) {
      return describe(stored) + ": the definition it migrates to (" +
             recorded->to_sha256.substr(0, 12) + ") is not at hand";
    }
    // As wageflow migrates now; else as it did before a migration took on
    // the new version's on_suspend:; else before it kept counted_to.
    const std::pair<const Definition*, const Definition*> rules[] = {
        {d_, to},
        {d_, as_before(to, Change::kKnowsOnSuspendRun)},
        {as_before(d_, Change::kCountedTo), as_before(to, Change::kCountedTo)}};
    std::optional<MigrationPlan> plan;
    std::optional<std::string> first_problem;
    for (const auto& [from_rules, to_rules] : rules) {
      auto planned = plan_migration(DefinitionVersion{from_rules, sha_},
                                    DefinitionVersion{to_rules, recorded->to_sha256}, current_,
                                    recorded->options, stored.record.at);
      if (auto* refusal = std::get_if<MigrationRefusal>(&planned)) {
        if (!first_problem)
          first_problem = describe(stored) + ": refused on replay: " + refusal->reason;
        continue;
      }
      MigrationPlan& candidate = std::get<MigrationPlan>(planned);
      auto problem = records_difference(lead, candidate.records);
      if (!problem) {
        plan = std::move(candidate);
        break;
      }
      if (!first_problem) first_problem = *problem;
    }
    if (!plan) return *first_problem;
    current_ = std::move(plan->next);
    current_.id = stored_.id;
    current_.office = stored_.office;
    d_ = to;
    sha_ = recorded->to_sha256;
    return plan->records.size();
  }

  // Runs the command that `trail_[lead]` records. Returns how many records
  // it accounts for, or the first difference.
  std::variant<std::size_t, std::string> replay_command(std::size_t lead, Command::Kind kind) {
    const AuditRecord& r = trail_[lead].record;
    Command command{kind, r.actor, r.role, "", {}, r.comment};
    std::vector<Sets> candidates = {{}};
    if (kind == Command::Kind::kTick) {
      command.actor = command.role = "system";
      command.comment.clear();
    } else if (kind == Command::Kind::kRecompute) {
      command.actor = command.role = "system";
      command.comment.clear();
      for (std::size_t i = lead; i < trail_.size(); ++i) {
        const AuditRecord& next = trail_[i].record;
        if (next.kind != "timer_recompute" || next.at.seconds != r.at.seconds) break;
        auto course = timer_course(trail_, lead, next.event);
        if (auto* reason = std::get_if<std::string>(&course)) {
          return describe(trail_[i]) + ": " + *reason;
        }
        command.timers.push_back({next.event, std::move(std::get<TimerCourse>(course))});
      }
    } else if (kind == Command::Kind::kFire) {
      command.event = r.event;
      if (r.kind == "fire") candidates = fire_values(r);
    } else if (kind == Command::Kind::kOpen || kind == Command::Kind::kCorrect) {
      auto values = recorded_values(r.data);
      if (!values) return describe(trail_[lead]) + ": data is not an object of field values";
      candidates = {*values};
    }
    if (candidates.empty()) {
      return describe(trail_[lead]) + ": data is not an object of field values";
    }

    std::optional<std::string> first_problem;
    if (auto count = replay_on(*d_, lead, command, candidates, first_problem)) return *count;
    // A due date recorded as provisional was counted before its year was
    // added to the calendar: the command is tried again on the calendar as
    // it was then (calendars are not pinned: docs/architecture.md). A trail
    // recorded before a rule of the engine changed is tried as it ran then.
    const Definition* before = definition_before_unlisted_year();
    for (const Definition* then :
         {before, as_before(d_, Change::kKnowsOnSuspendRun),
          as_before(d_, Change::kExpiryChoosesRowAsFire),
          as_before(d_, Change::kHoldExpiryWhileSuspended),
          as_before(d_, Change::kRecountThroughSuspensions),
          as_before(d_, Change::kTickBeforeSuspend), as_before(d_, Change::kCountedTo),
          as_before(before, Change::kKnowsOnSuspendRun),
          as_before(before, Change::kExpiryChoosesRowAsFire),
          as_before(before, Change::kHoldExpiryWhileSuspended),
          as_before(before, Change::kRecountThroughSuspensions),
          as_before(before, Change::kTickBeforeSuspend), as_before(before, Change::kCountedTo)}) {
      if (!then) continue;
      std::optional<std::string> ignored;
      if (auto count = replay_on(*then, lead, command, candidates, ignored)) return *count;
    }
    return *first_problem;
  }

  // decide() on `d` with each reading of the command's values in turn; the
  // number of records the first that reproduces the trail accounts for, or
  // nullopt with the first problem kept in `first_problem`.
  std::optional<std::size_t> replay_on(const Definition& d, std::size_t lead, Command command,
                                       const std::vector<Sets>& candidates,
                                       std::optional<std::string>& first_problem) {
    const AuditRecord& r = trail_[lead].record;
    for (const Sets& sets : candidates) {
      command.sets = sets;
      Decision decision = decide(d, current_, command, r.at);
      if (auto* refusal = std::get_if<Refusal>(&decision)) {
        if (!first_problem) {
          first_problem = describe(trail_[lead]) + ": refused on replay: " + refusal->message;
        }
        continue;
      }
      Outcome& outcome = std::get<Outcome>(decision);
      auto problem = records_difference(lead, outcome.records);
      if (problem) {
        if (!first_problem) first_problem = *problem;
        continue;
      }
      current_ = std::move(outcome.next);
      current_.id = stored_.id;
      // The office is the opener's, kept with the case by CaseService::open;
      // it is not in the trail, and no rule reads it.
      current_.office = stored_.office;
      return outcome.records.size();
    }
    return std::nullopt;
  }

  // *d_ on its calendar without the first year the trail says was not
  // listed (and the later ones); nullptr when the trail says none.
  const Definition* definition_before_unlisted_year() {
    if (!unlisted_year_) return nullptr;
    if (!d_->calendar || d_->calendar->last_year() < *unlisted_year_) return nullptr;
    auto& before = before_unlisted_[d_];
    if (!before) {
      auto copy = std::make_shared<Definition>(*d_);
      copy->calendar = d_->calendar->listing_years_before(*unlisted_year_);
      before = std::move(copy);
    }
    return before.get();
  }

  // The changes of the engine's rules a trail may have been recorded
  // before, latest first (Definition::knows_on_suspend_run,
  // Definition::expiry_chooses_row_as_fire,
  // Definition::holds_expiry_while_suspended,
  // Definition::recounts_through_suspensions,
  // Definition::ticks_before_suspend, Definition::keeps_counted_to).
  enum class Change {
    kKnowsOnSuspendRun,
    kExpiryChoosesRowAsFire,
    kHoldExpiryWhileSuspended,
    kRecountThroughSuspensions,
    kTickBeforeSuspend,
    kCountedTo
  };

  // `d` as wageflow ran it before `change` (and every later change);
  // nullptr for nullptr.
  const Definition* as_before(const Definition* d, Change change) {
    if (!d) return nullptr;
    auto& then = as_before_[{d, change}];
    if (!then) {
      auto copy = std::make_shared<Definition>(*d);
      copy->knows_on_suspend_run = false;
      if (change >= Change::kExpiryChoosesRowAsFire) copy->expiry_chooses_row_as_fire = false;
      if (change >= Change::kHoldExpiryWhileSuspended) copy->holds_expiry_while_suspended = false;
      if (change >= Change::kRecountThroughSuspensions) copy->recounts_through_suspensions = false;
      if (change >= Change::kTickBeforeSuspend) copy->ticks_before_suspend = false;
      if (change >= Change::kCountedTo) copy->keeps_counted_to = false;
      then = std::move(copy);
    }
    return then.get();
  }

  // The --set values a fire record stands for. The record holds the values
  // the command set and those the transition's `set:` computed, merged; the
  // computed ones must not be given as input (a guard or assignment may read
  // the old value), so each row's assigned fields are left out in turn, and
  // last everything is given. The first reading that reproduces the trail
  // exactly is taken: they all lead to the same data.
  std::vector<Sets> fire_values(const AuditRecord& r) const {
    auto values = recorded_values(r.data);
    if (!values) return {};
    std::vector<Sets> candidates;
    auto add = [&candidates](Sets sets) {
      if (std::find(candidates.begin(), candidates.end(), sets) == candidates.end()) {
        candidates.push_back(std::move(sets));
      }
    };
    auto event = d_->event_id(r.event);
    if (event && current_.state >= 0 && current_.state < static_cast<StateId>(d_->states.size())) {
      for (int index : d_->rows(current_.state, *event)) {
        std::set<std::string> assigned;
        for (const auto& assignment : d_->transitions[index].assignments) {
          assigned.insert(d_->fields[assignment.field].name);
        }
        Sets input;
        for (const auto& value : *values) {
          if (!assigned.count(value.first)) input.push_back(value);
        }
        add(std::move(input));
      }
    }
    add(*values);
    return candidates;
  }

  std::optional<std::string> records_difference(std::size_t lead,
                                                const std::vector<AuditRecord>& replayed) const {
    const std::string cause = describe(trail_[lead]);
    if (replayed.empty()) return cause + ": replaying it records nothing";
    for (std::size_t k = 0; k < replayed.size(); ++k) {
      const std::size_t at = lead + k;
      const AuditRecord& mine = replayed[k];
      if (at >= trail_.size()) {
        return "the replay of " + cause + " records " + kind_and_event(mine) + " as seq " +
               std::to_string(trail_.back().seq + static_cast<std::int64_t>(at - trail_.size()) +
                              1) +
               ", which the trail does not have";
      }
      const StoredAuditRecord& recorded = trail_[at];
      if (mine.kind != recorded.record.kind || mine.event != recorded.record.event) {
        return "seq " + std::to_string(recorded.seq) + ": the replay of " + cause + " records " +
               kind_and_event(mine) + " here, the trail has " + kind_and_event(recorded.record);
      }
      if (auto difference = record_difference(*d_, mine, recorded.record)) {
        return describe(recorded) + ": " + *difference;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> final_difference() const {
    const CaseRecord mine = to_record(*d_, current_, stored_.definition_sha256);
    auto differs = [](const std::string& what, const std::string& a,
                      const std::string& b) -> std::optional<std::string> {
      if (a == b) return std::nullopt;
      return what + " is " + a + ", stored " + b;
    };
    if (auto x = differs("workflow", mine.workflow, stored_.workflow)) return x;
    if (auto x = differs("version", std::to_string(mine.version), std::to_string(stored_.version)))
      return x;
    if (auto x = differs("state", mine.state, stored_.state)) return x;
    if (auto x = differs("status", mine.status, stored_.status)) return x;
    if (auto x = data_difference(*d_, mine.data, stored_.data, "stored")) return x;
    if (auto x = timers_difference(mine.timers)) return x;
    if (auto x = differs("opened_at", format_utc(Instant{mine.opened_at}),
                         format_utc(Instant{stored_.opened_at})))
      return x;
    if (auto x = differs("updated_at", format_utc(Instant{mine.updated_at}),
                         format_utc(Instant{stored_.updated_at})))
      return x;
    if (auto x = differs("row_version", std::to_string(mine.row_version),
                         std::to_string(stored_.row_version)))
      return x;
    return std::nullopt;
  }

  std::optional<std::string> timers_difference(const std::vector<TimerRecord>& mine) const {
    std::map<std::string, const TimerRecord*> replayed, kept;
    for (const auto& t : mine) replayed[t.name] = &t;
    for (const auto& t : stored_.timers) kept[t.name] = &t;
    std::set<std::string> names;
    for (const auto& [name, t] : replayed) names.insert(name);
    for (const auto& [name, t] : kept) names.insert(name);
    for (const std::string& name : names) {
      const TimerRecord* a = replayed.count(name) ? replayed[name] : nullptr;
      const TimerRecord* b = kept.count(name) ? kept[name] : nullptr;
      const std::string timer = "timer " + name;
      if (!a) return timer + " never started on replay, stored " + b->status;
      if (!b) return timer + " is " + a->status + ", stored: never started";
      auto differs = [&timer](const std::string& what, const std::string& x,
                              const std::string& y) -> std::optional<std::string> {
        if (x == y) return std::nullopt;
        return timer + " " + what + " is " + (x.empty() ? "none" : x) + ", stored " +
               (y.empty() ? "none" : y);
      };
      if (auto x = differs("status", a->status, b->status)) return x;
      if (auto x = differs("started_at", format_utc(Instant{a->started_at}),
                           format_utc(Instant{b->started_at})))
        return x;
      if (auto x = differs("due date", a->due_date, b->due_date)) return x;
      if (auto x = differs("counted_to", a->counted_to, b->counted_to)) return x;
      if (auto x =
              differs("due_at", format_utc(Instant{a->due_at}), format_utc(Instant{b->due_at})))
        return x;
      if (auto x = differs("warn_at", optional_instant(a->warn_at), optional_instant(b->warn_at)))
        return x;
      if (auto x = differs("provisional", yes_no(a->provisional), yes_no(b->provisional))) return x;
      if (auto x = differs("extensions used", std::to_string(a->extensions_used),
                           std::to_string(b->extensions_used)))
        return x;
      if (auto x =
              differs("paused_at", optional_instant(a->paused_at), optional_instant(b->paused_at)))
        return x;
      if (auto x = differs("escalated", yes_no(a->escalated), yes_no(b->escalated))) return x;
      if (auto x = differs("explanation", a->explanation, b->explanation)) return x;
      if (auto x = differs("next_action_at", optional_instant(a->next_action_at),
                           optional_instant(b->next_action_at)))
        return x;
    }
    return std::nullopt;
  }

  const Definition* d_;  // the definition the case is on at this point of the trail
  std::string sha_;      // the SHA-256 of *d_'s text
  const CaseRecord& stored_;
  const std::vector<StoredAuditRecord>& trail_;
  const DefinitionLookup& lookup_;
  CaseSnapshot current_;
  ReplayResult result_;
  // After trail_: initialised from it.
  std::optional<int> unlisted_year_ = first_unlisted_year(trail_);
  std::map<const Definition*, std::shared_ptr<const Definition>> before_unlisted_;
  std::map<std::pair<const Definition*, Change>, std::shared_ptr<const Definition>> as_before_;
};

}  // namespace

ReplayResult replay_case(const Definition& definition, const CaseRecord& stored,
                         const std::vector<StoredAuditRecord>& trail) {
  const DefinitionLookup none = [](const std::string&) -> const Definition* { return nullptr; };
  return Replayer(definition, stored, trail, none).run();
}

ReplayResult replay_case(const Definition& definition, const CaseRecord& stored,
                         const std::vector<StoredAuditRecord>& trail,
                         const DefinitionLookup& lookup) {
  // The pinned definition is at hand without a lookup.
  const DefinitionLookup with_pinned = [&](const std::string& sha256) -> const Definition* {
    if (sha256 == stored.definition_sha256) return &definition;
    return lookup ? lookup(sha256) : nullptr;
  };
  return Replayer(definition, stored, trail, with_pinned).run();
}

}  // namespace wageflow
