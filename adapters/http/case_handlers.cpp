// /api/cases: open, list, show, fire, suspend, resume, correct, audit trail.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "adapters/http/api_context.h"
#include "adapters/http/case_access.h"
#include "adapters/http/credentials.h"
#include "adapters/http/request_body.h"
#include "adapters/http/visible_case.h"
#include "adapters/presentation/case_json.h"
#include "adapters/presentation/unfired_expiry.h"
#include "adapters/report/known_office.h"
#include "engine/core/blank.h"
#include "engine/core/pii.h"
#include "engine/runtime/codec.h"
#include "engine/runtime/unfired_expiries.h"

namespace wageflow::http {
namespace {

constexpr std::size_t kMaxIdempotencyKeyLength = 200;

// Idempotency-Key: 1..200 visible ASCII characters. Stored scoped to the
// user and the path, so that two users (or two cases) never share a key.
std::string idempotency_key(const Exchange& ex) {
  if (!ex.request.has_header("Idempotency-Key")) return "";
  const std::string key = ex.request.header("Idempotency-Key");
  const bool visible = std::all_of(key.begin(), key.end(), [](char c) {
    return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
  });
  if (key.empty() || key.size() > kMaxIdempotencyKeyLength || !visible) {
    throw ProblemError(Problem{400, "invalid-idempotency-key",
                               "Idempotency-Key must be 1 to 200 visible ASCII characters "
                               "(e.g. a UUID)"});
  }
  return "http " + ex.user().name + " " + ex.request.path + " " + key;
}

// The body's `role`, "" when it is left out. An empty one is not "no role":
// the client meant one and lost it.
std::string requested_role_of(const nlohmann::ordered_json& body) {
  const std::string role = optional_string(body, "role");
  if (body.contains("role") && is_blank(role)) {
    throw ProblemError(
        Problem{400, "invalid-body", "role is empty: name one of your roles, or leave role out"});
  }
  return role;
}

// If-Match: "7", W/"7" or 7 (the case's row_version, as its ETag says).
std::optional<std::int64_t> if_match(const Exchange& ex) {
  if (!ex.request.has_header("If-Match")) return std::nullopt;
  std::string value = ex.request.header("If-Match");
  if (value.rfind("W/", 0) == 0) value = value.substr(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  std::int64_t version = 0;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || version < 1) {
    throw ProblemError(Problem{400, "invalid-parameter",
                               "If-Match must be the case's row_version as its ETag gives it, "
                               "e.g. If-Match: \"7\""});
  }
  return version;
}

std::string etag(std::int64_t row_version) {
  return "\"" + std::to_string(row_version) + "\"";
}

// A correction's note (correction_notes.h) as JSON: "kind"
// ("computed-value", "condition" or "required"), "event", then for
// computed-value "expression", "field", "value" (null when unset or not
// computable), "error"?, "held"; for condition "expression", "state"; for
// required "field", "state"; and "text", the CLI's line.
nlohmann::ordered_json note_json(const CorrectionNote& note) {
  nlohmann::ordered_json json;
  using Kind = CorrectionNote::Kind;
  json["kind"] = note.kind == Kind::kComputedValue ? "computed-value"
                 : note.kind == Kind::kCondition   ? "condition"
                                                   : "required";
  json["event"] = note.event;
  if (note.kind != Kind::kRequired) json["expression"] = note.expression;
  if (note.kind != Kind::kCondition) json["field"] = note.field;
  if (note.kind == Kind::kComputedValue) {
    json["value"] = note.comes_out.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(note.comes_out);
    if (!note.error.empty()) json["error"] = note.error;
    json["held"] = note.held;
  } else {
    json["state"] = note.state;
  }
  json["text"] = note.text;
  return json;
}

// `notes`: what the command leaves for the client to check (a correction's
// correction_notes), as the member "notes" when there are any.
HttpResponse case_response(Exchange& ex, int status, const CaseService::LoadedCase& loaded,
                           bool replayed, const std::vector<CorrectionNote>& notes = {}) {
  auto view = case_view(ex.user(), *loaded.definition, loaded.snapshot, true);
  // The trail says why an expiry event was not fired; the case row does not.
  if (presentation::has_expired_timer(loaded.snapshot)) {
    presentation::add_expiries_not_fired(
        view, expiries_not_fired(ex.db().store->audit_log(loaded.snapshot.id)));
  }
  if (!notes.empty()) {
    view["notes"] = nlohmann::ordered_json::array();
    for (const CorrectionNote& note : notes) view["notes"].push_back(note_json(note));
  }
  HttpResponse response = HttpResponse::json(status, view);
  response.set_header("ETag", etag(loaded.snapshot.row_version));
  if (status == 201) response.set_header("Location", "/api/cases/" + loaded.snapshot.id);
  if (replayed) response.set_header("Idempotent-Replayed", "true");
  return response;
}

// The answer for a command the service did not carry out.
Problem failure_problem(const CommandResult& result, const std::string& case_id) {
  switch (result.status) {
    case CommandResult::Status::kRefused:
      if (result.key_reused) return Problem{422, "idempotency-key-reused", result.message};
      return refusal_problem(result.refusal ? &*result.refusal : nullptr, result.message,
                             result.missing);
    case CommandResult::Status::kConflict: {
      Problem problem{409, "version-conflict", result.message};
      return problem;
    }
    case CommandResult::Status::kNotFound:
      return no_case(case_id);
    case CommandResult::Status::kDone:
      break;
  }
  return Problem{500, "internal-fault", "unexpected command result"};
}

void log_command(const Exchange& ex, const std::string& what, const std::string& case_id,
                 const Command& command) {
  ex.services.log.info("{} {} by {} ({}){}", what, case_id, command.actor, command.role,
                       command.event.empty() ? "" : " event " + command.event);
}

// POST /api/cases
HttpResponse open_case(Exchange& ex) {
  const auto body =
      json_object_body(ex.request, {"workflow", "values", "comment", "role", "office"});
  const std::string workflow = required_string(body, "workflow");
  const std::string requested_role = requested_role_of(body);
  std::string office = optional_string(body, "office");
  Command command;
  command.kind = Command::Kind::kOpen;
  command.sets = field_values(body);
  command.comment = optional_string(body, "comment");
  const std::string key = idempotency_key(ex);
  const UserRecord& user = ex.user();
  Connection& db = ex.db();
  command.actor = user.name;

  if (auto earlier =
          db.service.earlier_answer(key, CaseService::request_text(workflow, command), "")) {
    if (earlier->status != CommandResult::Status::kDone) {
      throw ProblemError(failure_problem(*earlier, ""));
    }
    return case_response(ex, 201, load_visible_case(ex, earlier->answer), true);
  }
  if (body.contains("office")) {
    // The rule `user add` applies to offices: a case filed under an office
    // no one can belong to would be seen by the province only.
    if (Result<std::string> checked = check_office_name(office); !checked) {
      throw ProblemError(Problem{400, "invalid-body", "office: " + checked.error()});
    }
  }
  if (!office.empty() && office != user.office && !user.province_wide) {
    throw ProblemError(Problem{403, "office-not-allowed",
                               "you (" + user.name + ") open cases for your office " + user.office +
                                   " only, not for " + office});
  }
  if (!office.empty() && office != user.office) {
    // A typo would file the case where no one of its office sees it, its
    // deadlines running unwatched.
    if (auto problem = report::unknown_office(*db.store, office)) {
      throw ProblemError(
          Problem{422, "no-such-office",
                  *problem + "; a case is filed under an office its staff belong to"});
    }
  }
  if (office.empty()) office = user.office;
  if (office.empty()) {
    throw ProblemError(Problem{400, "invalid-body",
                               "you belong to no office: give the office the case belongs to "
                               "(\"office\": \"...\")"});
  }
  auto definition = db.latest_definitions.latest(workflow);
  if (!definition) throw ProblemError(Problem{422, "no-such-workflow", definition.error()});

  const Instant now = ex.now();
  auto role = choose_role(user, **definition, CaseSnapshot{}, command, now, requested_role);
  if (auto* problem = std::get_if<Problem>(&role)) throw ProblemError(*problem);
  command.role = std::get<std::string>(role);
  log_command(ex, "open", workflow, command);
  CommandResult result = db.service.open(workflow, command, now, key, office);
  if (result.status != CommandResult::Status::kDone) {
    throw ProblemError(failure_problem(result, ""));
  }
  return case_response(ex, 201, load_visible_case(ex, result.case_id), result.repeated);
}

// CaseService::apply of `command` to the case as `loaded` holds it, its
// commit made durable together with the commits of other requests running
// at the same time (group_commit.h) where that suits the database. Then
// `after` is the case as committed (what a reload would give), so that the
// answer needs no second read.
CommandResult run_command(Exchange& ex, const CaseService::LoadedCase& loaded,
                          const Command& command, Instant now, const std::string& key,
                          std::int64_t expected, std::optional<CaseService::LoadedCase>* after) {
  Connection& db = ex.db();
  const std::string& id = loaded.snapshot.id;
  if (!group_commit_suits(ex.services.pool.db_url())) {
    return db.service.apply(id, command, now, key, expected);
  }
  CaseService::PreparedCommand prepared =
      db.service.prepare_apply(loaded, command, now, key, expected);
  if (prepared.answer) return std::move(*prepared.answer);
  const CommitResult committed = ex.services.committer->commit(*db.store, prepared.request);
  if (committed.status == CommitResult::Status::kCommitted) {
    CaseRecord record = prepared.request.after;
    std::sort(record.timers.begin(), record.timers.end(),
              [](const TimerRecord& a, const TimerRecord& b) { return a.name < b.name; });
    if (auto snapshot = from_record(*loaded.definition, record)) {
      *after = CaseService::LoadedCase{loaded.definition, loaded.definition_sha256,
                                       std::move(snapshot).value()};
    }
  }
  return db.service.finish_apply(std::move(prepared), committed);
}

// POST /api/cases/{id}/events, /suspend, /resume, /correct
HttpResponse apply_command(Exchange& ex, Command::Kind kind) {
  const std::string& id = ex.param("id");
  nlohmann::ordered_json body;
  if (kind == Command::Kind::kFire) {
    body = json_object_body(ex.request, {"event", "values", "comment", "role"});
  } else if (kind == Command::Kind::kCorrect) {
    body = json_object_body(ex.request, {"values", "comment", "role"});
  } else {
    body = json_object_body(ex.request, {"comment", "role"});
  }
  Command command;
  command.kind = kind;
  command.actor = ex.user().name;
  command.comment = optional_string(body, "comment");
  if (kind == Command::Kind::kFire) command.event = required_string(body, "event");
  if (kind == Command::Kind::kFire || kind == Command::Kind::kCorrect) {
    command.sets = field_values(body);
  }
  const std::string requested_role = requested_role_of(body);
  const std::string key = idempotency_key(ex);
  const std::optional<std::int64_t> expected = if_match(ex);

  CaseService::LoadedCase loaded = load_visible_case(ex, id);
  Connection& db = ex.db();
  if (auto earlier = db.service.earlier_answer(key, CaseService::request_text(id, command), id)) {
    if (earlier->status != CommandResult::Status::kDone) {
      throw ProblemError(failure_problem(*earlier, id));
    }
    // Read again: the command of that key may have committed after `loaded`
    // was read, and a replay answers with the case as that command left it.
    return case_response(ex, 200, load_visible_case(ex, id), true);
  }
  if (expected && *expected != loaded.snapshot.row_version) {
    throw ProblemError(Problem{412,
                               "precondition-failed",
                               "case " + id + " is at row_version " +
                                   std::to_string(loaded.snapshot.row_version) + ", not " +
                                   std::to_string(*expected) +
                                   ": it changed since you read it; nothing was changed: look at "
                                   "it again and retry",
                               {{"row_version", loaded.snapshot.row_version}}});
  }
  const Instant now = ex.now();
  auto role =
      choose_role(ex.user(), *loaded.definition, loaded.snapshot, command, now, requested_role);
  if (auto* problem = std::get_if<Problem>(&role)) throw ProblemError(*problem);
  command.role = std::get<std::string>(role);
  log_command(ex, command_kind_name(kind), id, command);
  // The commit must find the case as it was when the role was chosen (or
  // as the If-Match named it).
  std::optional<CaseService::LoadedCase> after;
  CommandResult result = run_command(ex, loaded, command, now, key,
                                     expected.value_or(loaded.snapshot.row_version), &after);
  if (result.status == CommandResult::Status::kConflict && !expected) {
    // The client named no version: the case changed while this command ran,
    // which the CLI words so (exit 3).
    result.message = "case " + id +
                     " was changed by someone else while this command ran; nothing was changed: "
                     "look at it again and retry";
  }
  if (result.status != CommandResult::Status::kDone) {
    throw ProblemError(failure_problem(result, id));
  }
  if (after && !result.repeated) return case_response(ex, 200, *after, false, result.notes);
  return case_response(ex, 200, load_visible_case(ex, id), result.repeated, result.notes);
}

// GET /api/cases/{id}
HttpResponse show_case(Exchange& ex) {
  return case_response(ex, 200, load_visible_case(ex, ex.param("id")), false);
}

// GET /api/cases
HttpResponse list_cases(Exchange& ex) {
  const HttpRequest& request = ex.request;
  const ApiSettings& settings = ex.services.settings;
  const UserRecord& user = ex.user();
  CaseFilter filter;
  filter.workflow = request.query_value("workflow").value_or("");
  filter.state = request.query_value("state").value_or("");
  filter.status = request.query_value("status").value_or("");
  if (!filter.status.empty() && filter.status != "active" && filter.status != "suspended" &&
      filter.status != "closed") {
    throw ProblemError(
        Problem{400, "invalid-parameter",
                "status: '" + filter.status + "' is not one of active, suspended, closed"});
  }
  filter.overdue_only = bool_parameter(request, "overdue", false);
  filter.now = ex.now();
  const int limit =
      int_parameter(request, "limit", settings.default_page_size, 1, settings.max_page_size);
  const int offset = int_parameter(request, "offset", 0, 0, 1 << 30);
  filter.office = request.query_value("office").value_or("");
  if (!user.province_wide) {
    if (!filter.office.empty() && filter.office != user.office) {
      throw ProblemError(Problem{403, "office-not-allowed",
                                 "you (" + user.name + ") see the cases of office " + user.office +
                                     " only, not of " + filter.office});
    }
    filter.office = user.office;
    if (filter.office.empty()) {
      return HttpResponse::json(200, {{"cases", nlohmann::ordered_json::array()},
                                      {"limit", limit},
                                      {"offset", offset},
                                      {"next_offset", nullptr}});
    }
  }
  filter.limit = limit + 1;  // one more tells whether there is a next page
  filter.offset = offset;

  Connection& db = ex.db();
  std::vector<CaseRecord> records = db.store->list_cases(filter);
  const bool more = static_cast<int>(records.size()) > limit;
  if (more) records.resize(limit);
  std::map<std::string, std::shared_ptr<const Definition>> definitions;
  auto cases = nlohmann::ordered_json::array();
  for (const CaseRecord& record : records) {
    auto known = definitions.find(record.definition_sha256);
    if (known == definitions.end()) {
      auto text = db.store->definition(record.definition_sha256);
      auto loaded = text ? db.definitions.from_text(text->sha256, text->yaml_text)
                         : Result<std::shared_ptr<const Definition>>(Error{"not stored"});
      if (!loaded) {
        ex.services.log.warn("case {} left out of a list: its definition {}", record.id,
                             loaded.error());
        continue;
      }
      known = definitions.emplace(record.definition_sha256, *loaded).first;
    }
    auto snapshot = from_record(*known->second, record);
    if (!snapshot) {
      ex.services.log.warn("case {} left out of a list: {}", record.id, snapshot.error());
      continue;
    }
    cases.push_back(case_view(user, *known->second, *snapshot, false));
    // As the case's own view says it, in the overdue list only (as `case
    // list --overdue`: a trail read per case otherwise); a closed case has
    // moved on.
    if (filter.overdue_only && snapshot->status != CaseStatus::kClosed &&
        presentation::has_expired_timer(*snapshot)) {
      presentation::add_expiries_not_fired(cases.back(),
                                           expiries_not_fired(db.store->audit_log(record.id)));
    }
  }
  return HttpResponse::json(200, {{"cases", cases},
                                  {"limit", limit},
                                  {"offset", offset},
                                  {"next_offset", more ? nlohmann::ordered_json(offset + limit)
                                                       : nlohmann::ordered_json(nullptr)}});
}

// GET /api/cases/{id}/audit
HttpResponse audit_trail(Exchange& ex) {
  const std::string& id = ex.param("id");
  CaseService::LoadedCase loaded = load_visible_case(ex, id);
  auto records = nlohmann::ordered_json::array();
  for (const auto& stored : ex.db().store->audit_log(id)) {
    records.push_back(presentation::audit_record_json(*loaded.definition, stored));
  }
  return HttpResponse::json(200, {{"case_id", id}, {"records", records}});
}

// GET /api/cases/{id}/audit/verify
HttpResponse verify_trail(Exchange& ex) {
  const std::string& id = ex.param("id");
  load_visible_case(ex, id);
  const VerifyResult result = ex.db().store->verify(id);
  nlohmann::ordered_json body = {{"case_id", id}, {"ok", result.ok}, {"records", result.records}};
  if (!result.ok) body["problem"] = result.problem;
  return HttpResponse::json(200, body);
}

}  // namespace

void add_case_routes(Router& router) {
  router.add({"GET", "/api/cases", Access::kAuthenticated, "list cases (masked)", list_cases});
  router.add({"POST", "/api/cases", Access::kAuthenticated, "open a case", open_case});
  router.add({"GET", "/api/cases/{id}", Access::kAuthenticated, "one case", show_case});
  router.add({"POST", "/api/cases/{id}/events", Access::kAuthenticated, "fire an event",
              [](Exchange& ex) { return apply_command(ex, Command::Kind::kFire); }});
  router.add({"POST", "/api/cases/{id}/suspend", Access::kAuthenticated, "suspend a case",
              [](Exchange& ex) { return apply_command(ex, Command::Kind::kSuspend); }});
  router.add({"POST", "/api/cases/{id}/resume", Access::kAuthenticated, "resume a case",
              [](Exchange& ex) { return apply_command(ex, Command::Kind::kResume); }});
  router.add({"POST", "/api/cases/{id}/correct", Access::kAuthenticated,
              "correct field values entered wrongly",
              [](Exchange& ex) { return apply_command(ex, Command::Kind::kCorrect); }});
  router.add(
      {"GET", "/api/cases/{id}/audit", Access::kAuthenticated, "the audit trail", audit_trail});
  router.add({"GET", "/api/cases/{id}/audit/verify", Access::kAuthenticated,
              "recompute the hash chain", verify_trail});
}

}  // namespace wageflow::http
