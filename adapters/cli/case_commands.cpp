// case open / fire / suspend / resume / correct: commands that change a case through
// CaseService, then print what happened and the answer alone on the last
// line (case id, new state, or case status).
#include <spdlog/spdlog.h>

#include <ostream>
#include <utility>

#include "adapters/cli/case_lookup.h"
#include "adapters/cli/case_text.h"
#include "adapters/cli/commands.h"
#include "adapters/presentation/case_json.h"

namespace wageflow::cli {
namespace {

using presentation::case_json;
using presentation::field_text;
using presentation::Pii;

using FieldValues = std::vector<std::pair<std::string, std::string>>;

// "FIELD=VALUE" -> (FIELD, VALUE), split at the first '='. Error names the
// form expected.
Result<FieldValues> parse_sets(const std::vector<std::string>& sets) {
  FieldValues values;
  for (const auto& set : sets) {
    auto equals = set.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Error{"--set expects FIELD=VALUE (e.g. --set claim_amount=8600.00), got '" + set +
                   "'"};
    }
    std::string name = set.substr(0, equals);
    for (const auto& [given, value] : values) {
      if (given == name) {
        return Error{"--set " + name + " is given twice ('" + value + "' and '" +
                     set.substr(equals + 1) + "'); give each field once"};
      }
    }
    values.emplace_back(std::move(name), set.substr(equals + 1));
  }
  return values;
}

// The values for a log line: personal fields masked.
std::string masked_values(const Definition* definition, const FieldValues& values) {
  std::string text;
  for (const auto& [name, value] : values) {
    std::string shown = value;
    if (definition) {
      if (auto id = definition->field_id(name)) {
        const FieldDef& field = definition->fields.at(*id);
        shown = field_text(field, Value{value}, Pii::kMasked);
      }
    }
    text += (text.empty() ? "" : " ") + name + "=" + shown;
  }
  return text.empty() ? "(none)" : text;
}

// One line per timer that still counts or is paused: name, status, due.
// A provisional due date among them is also said on stderr, once
// (note_provisional()).
void print_timers(const Context& context, const Definition& definition,
                  const CaseSnapshot& snapshot) {
  const auto json = case_json(definition, snapshot, Pii::kMasked);
  for (const auto& timer : json["timers"]) {
    const std::string status = timer["status"].get<std::string>();
    if (status == "stopped" || status == "expired") continue;
    context.out << "  timer " << timer["name"].get<std::string>() << ' ' << status << " due "
                << timer["due"].get<std::string>();
    if (timer.contains("warn")) {
      context.out << " (warning " << timer["warn"].get<std::string>() << ")";
    }
    if (timer.contains("provisional")) context.out << " provisional";
    context.out << '\n';
  }
  std::vector<ShownTimer> counting;
  add_counting_timers(definition, snapshot, counting);
  note_provisional(context.err, counting);
}

// The engine says what a refused command lacked; the command line names
// the option that supplies it.
std::string with_option_hint(const CommandResult& result) {
  if (result.key_reused) return result.message + " (--key)";
  switch (result.missing) {
    case Refusal::Missing::kComment:
      return result.message + " (--comment)";
    case Refusal::Missing::kFieldValues:
      return result.message + " (use --set NAME=VALUE)";
    case Refusal::Missing::kActor:
      return result.message + " (--actor)";
    case Refusal::Missing::kNothing:
      break;
  }
  return result.message;
}

// Prints the outcome of a command and returns its exit code. `describe`
// prints what changed (before the answer) for a fresh, committed command.
template <typename Describe>
int report(const Context& context, const CommandResult& result, const std::string& key,
           Describe describe) {
  switch (result.status) {
    case CommandResult::Status::kDone:
      if (result.repeated) {
        context.out << "repeated: key '" << key
                    << "' was used before; nothing changed, the first answer is:\n";
      } else {
        describe(result.snapshot);
        for (const CorrectionNote& note : result.notes) {
          context.out << "check: " << note.text << '\n';
        }
        // As `timers tick` says it: a case past its deadline that nothing moved.
        for (const UnfiredExpiry& unfired : result.not_fired) {
          context.err << expiry_not_fired_line(result.case_id, unfired.timer, unfired.refused);
        }
      }
      context.out << result.answer << '\n';
      return kExitDone;
    case CommandResult::Status::kRefused:
      return context.fail(kExitInvalid, with_option_hint(result));
    case CommandResult::Status::kConflict:
      return context.fail(
          kExitConflict,
          result.message.empty()
              ? "case " + result.case_id + " changed under you: nothing was changed, try again"
              : result.message);
    case CommandResult::Status::kNotFound:
      return context.fail(kExitInvalid,
                          result.message.empty() ? "no case " + result.case_id : result.message);
  }
  return context.fail(kExitFault, "unexpected command result");
}

Command command_of(Command::Kind kind, const CaseCommandOptions& options, FieldValues sets) {
  Command command;
  command.kind = kind;
  command.actor = options.actor;
  command.role = options.role;
  command.event = options.event;
  command.sets = std::move(sets);
  command.comment = options.comment;
  return command;
}

// The key as stored: the clerk's --key scoped to who gives the command and
// to what it is (the command, the case or workflow, the event), as the API
// scopes its keys to the user and the path. A key used on one case and
// then given to another case or another command is a new command there,
// not a repeat of the first. "" when no --key was given.
std::string scoped_key(const CaseCommandOptions& options, const std::string& what) {
  if (options.key.empty()) return "";
  return "cli " + options.actor + " " + what + " " + options.key;
}

// fire, suspend, resume and correct: load the case (for its zone and the
// state before), apply the command, report.
int apply_to_case(const Context& context, const CaseCommandOptions& options, Command command) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  auto found = find_case(session, options.case_id);
  if (!found) return context.fail(kExitInvalid, found.error());
  const Definition& definition = *found->definition;
  const CaseSnapshot& before = found->snapshot;

  const Instant now = context.now(utc_offset_of(definition));
  context.log.info("case {}: {} {} by {} ({}) with {}", options.case_id,
                   command_kind_name(command.kind), command.event, command.actor, command.role,
                   masked_values(&definition, command.sets));
  const std::string what = std::string("case ") + command_kind_name(command.kind) + " " +
                           options.case_id + (command.event.empty() ? "" : " " + command.event);
  auto result = session.service.apply(options.case_id, command, now, scoped_key(options, what));
  return report(context, result, options.key, [&](const CaseSnapshot& after) {
    const std::string& from = definition.states.at(before.state).name;
    const std::string& to = definition.states.at(after.state).name;
    context.out << "case " << options.case_id << ": ";
    if (command.kind == Command::Kind::kCorrect) {
      // The values as stored (200.5 typed is 200.50), personal ones masked.
      FieldValues stored;
      for (const auto& [name, typed] : command.sets) {
        const std::optional<FieldId> id = definition.field_id(name);
        stored.emplace_back(name, id ? format_value(after.data.at(*id)) : typed);
      }
      context.out << "corrected " << masked_values(&definition, stored) << "; ";
    }
    context.out << (from == to ? "still " + to : from + " -> " + to) << ", "
                << case_status_name(after.status) << '\n';
    print_timers(context, definition, after);
  });
}

}  // namespace

int open_case(const Context& context, const CaseCommandOptions& options) {
  auto sets = parse_sets(options.sets);
  if (!sets) return context.fail(kExitUsage, sets.error());
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();

  auto latest = session.latest_definitions.latest(options.workflow);
  const Definition* definition = latest ? latest->get() : nullptr;
  const Instant now =
      context.now(definition ? utc_offset_of(*definition) : kDefaultUtcOffsetMinutes);
  context.log.info("open {} by {} ({}) with {}", options.workflow, options.actor, options.role,
                   masked_values(definition, *sets));
  auto result =
      session.service.open(options.workflow, command_of(Command::Kind::kOpen, options, *sets), now,
                           scoped_key(options, "case open " + options.workflow));
  return report(context, result, options.key, [&](const CaseSnapshot& after) {
    if (!definition) return;
    context.out << "opened case " << after.id << ": " << after.workflow << " v" << after.version
                << ", state " << definition->states.at(after.state).name << '\n';
    print_timers(context, *definition, after);
  });
}

int fire_event(const Context& context, const CaseCommandOptions& options) {
  auto sets = parse_sets(options.sets);
  if (!sets) return context.fail(kExitUsage, sets.error());
  return apply_to_case(context, options, command_of(Command::Kind::kFire, options, *sets));
}

int suspend_case(const Context& context, const CaseCommandOptions& options) {
  return apply_to_case(context, options, command_of(Command::Kind::kSuspend, options, {}));
}

int resume_case(const Context& context, const CaseCommandOptions& options) {
  return apply_to_case(context, options, command_of(Command::Kind::kResume, options, {}));
}

int correct_case(const Context& context, const CaseCommandOptions& options) {
  auto sets = parse_sets(options.sets);
  if (!sets) return context.fail(kExitUsage, sets.error());
  return apply_to_case(context, options, command_of(Command::Kind::kCorrect, options, *sets));
}

}  // namespace wageflow::cli
