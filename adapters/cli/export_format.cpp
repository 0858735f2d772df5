#include "adapters/cli/export_format.h"

#include <functional>
#include <istream>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "adapters/cli/canonical_line_reader.h"

namespace wageflow::cli {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& object) {
  return object.dump(-1, ' ', false, Json::error_handler_t::strict);
}

Json optional_integer(const std::optional<std::int64_t>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// A line that is not what the format says; caught in ExportReader::next.
struct BadLine {
  std::string message;
};

// Typed access to the keys of one object, refusing missing keys, wrong
// types and keys the format does not have.
class Keys {
 public:
  Keys(const nlohmann::json& object, const char* what) : object_(object), what_(what) {}

  std::string text(const char* key) { return get(key, "a string", &nlohmann::json::is_string); }
  std::int64_t integer(const char* key) {
    const auto& value = find(key);
    if (!value.is_number_integer()) wrong(key, "an integer");
    return value.get<std::int64_t>();
  }
  int small_integer(const char* key) {
    std::int64_t value = integer(key);
    if (value < INT32_MIN || value > INT32_MAX) wrong(key, "an integer of at most 9 digits");
    return static_cast<int>(value);
  }
  std::optional<std::int64_t> optional_integer(const char* key) {
    const auto& value = find(key);
    if (value.is_null()) return std::nullopt;
    if (!value.is_number_integer()) wrong(key, "an integer or null");
    return value.get<std::int64_t>();
  }
  bool boolean(const char* key) {
    const auto& value = find(key);
    if (!value.is_boolean()) wrong(key, "true or false");
    return value.get<bool>();
  }
  const nlohmann::json& array(const char* key) {
    const auto& value = find(key);
    if (!value.is_array()) wrong(key, "an array");
    return value;
  }
  // After reading every key: any other key is an error.
  void no_others() const {
    for (const auto& [key, value] : object_.items()) {
      if (!used_.count(key)) {
        throw BadLine{std::string(what_) + " has a key '" + key + "' this format does not have"};
      }
    }
  }

 private:
  const nlohmann::json& find(const char* key) {
    auto it = object_.find(key);
    if (it == object_.end()) throw BadLine{std::string(what_) + " has no '" + key + "'"};
    used_.insert(key);
    return *it;
  }
  std::string get(const char* key, const char* expected, bool (nlohmann::json::*is)() const) {
    const auto& value = find(key);
    if (!(value.*is)()) wrong(key, expected);
    return value.get<std::string>();
  }
  [[noreturn]] void wrong(const char* key, const char* expected) const {
    throw BadLine{std::string(what_) + ": '" + key + "' must be " + expected};
  }

  const nlohmann::json& object_;
  const char* what_;
  std::set<std::string> used_;
};

DefinitionRecord read_definition(const nlohmann::json& object) {
  Keys keys(object, "the definition");
  keys.text("type");
  DefinitionRecord d;
  d.workflow = keys.text("workflow");
  d.version = keys.small_integer("version");
  d.sha256 = keys.text("sha256");
  d.yaml_text = keys.text("yaml");
  keys.no_others();
  return d;
}

PublishedDefinition read_published(const nlohmann::json& object) {
  Keys keys(object, "the published version");
  keys.text("type");
  PublishedDefinition p;
  p.workflow = keys.text("workflow");
  p.version = keys.small_integer("version");
  p.sha256 = keys.text("sha256");
  p.published_by = keys.text("published_by");
  p.published_at = keys.integer("published_at");
  keys.no_others();
  return p;
}

// `format_version`: the file's; timers have counted_to from version 3.
TimerRecord read_timer(const nlohmann::json& object, std::int64_t format_version) {
  if (!object.is_object()) throw BadLine{"the case's timers must be objects"};
  Keys keys(object, "a timer of the case");
  TimerRecord t;
  t.name = keys.text("name");
  t.status = keys.text("status");
  t.started_at = keys.integer("started_at");
  t.due_date = keys.text("due_date");
  if (format_version >= 3) t.counted_to = keys.text("counted_to");
  t.due_at = keys.integer("due_at");
  t.warn_at = keys.optional_integer("warn_at");
  t.provisional = keys.boolean("provisional");
  t.extensions_used = keys.small_integer("extensions_used");
  t.paused_at = keys.optional_integer("paused_at");
  t.escalated = keys.boolean("escalated");
  t.explanation = keys.text("explanation");
  t.next_action_at = keys.optional_integer("next_action_at");
  keys.no_others();
  return t;
}

CaseWithTrail read_case(const nlohmann::json& object, std::int64_t format_version) {
  Keys keys(object, "the case");
  keys.text("type");
  CaseWithTrail c;
  CaseRecord& r = c.record;
  r.id = keys.text("id");
  r.workflow = keys.text("workflow");
  r.version = keys.small_integer("version");
  r.definition_sha256 = keys.text("definition_sha256");
  r.office = keys.text("office");
  r.state = keys.text("state");
  r.status = keys.text("status");
  r.data = keys.text("data");
  r.row_version = keys.integer("row_version");
  r.opened_at = keys.integer("opened_at");
  r.updated_at = keys.integer("updated_at");
  c.audit_seq = keys.integer("audit_seq");
  std::set<std::string> names;
  for (const auto& timer : keys.array("timers")) {
    r.timers.push_back(read_timer(timer, format_version));
    if (!names.insert(r.timers.back().name).second) {
      throw BadLine{"the case has timer '" + r.timers.back().name + "' twice"};
    }
  }
  keys.no_others();
  if (r.id.empty()) throw BadLine{"the case has an empty id"};
  return c;
}

StoredAuditRecord read_audit(const nlohmann::json& object) {
  Keys keys(object, "the audit record");
  keys.text("type");
  StoredAuditRecord s;
  s.case_id = keys.text("case_id");
  s.seq = keys.integer("seq");
  s.record.at = Instant{keys.integer("at")};
  s.record.actor = keys.text("actor");
  s.record.role = keys.text("role");
  s.record.kind = keys.text("kind");
  s.record.event = keys.text("event");
  s.record.from_state = keys.text("from_state");
  s.record.to_state = keys.text("to_state");
  s.record.data = keys.text("data");
  s.record.comment = keys.text("comment");
  s.prev_hash = keys.text("prev_hash");
  s.hash = keys.text("hash");
  keys.no_others();
  return s;
}

nlohmann::json parse(const std::string& line) {
  nlohmann::json object = nlohmann::json::parse(line, nullptr, false);
  if (object.is_discarded()) throw BadLine{"not valid JSON"};
  if (!object.is_object()) throw BadLine{"not a JSON object"};
  return object;
}

std::string type_of(const nlohmann::json& object) {
  auto it = object.find("type");
  if (it == object.end() || !it->is_string()) throw BadLine{"has no \"type\""};
  return it->get<std::string>();
}

}  // namespace

std::string header_line() {
  return dump(Json{{"format", kExportFormatName}, {"version", kExportFormatVersion}});
}

std::string definition_line(const DefinitionRecord& d) {
  return dump(Json{{"type", "definition"},
                   {"workflow", d.workflow},
                   {"version", d.version},
                   {"sha256", d.sha256},
                   {"yaml", d.yaml_text}});
}

std::string published_line(const PublishedDefinition& p) {
  return dump(Json{{"type", "published"},
                   {"workflow", p.workflow},
                   {"version", p.version},
                   {"sha256", p.sha256},
                   {"published_by", p.published_by},
                   {"published_at", p.published_at}});
}

std::string case_line(const CaseWithTrail& c) {
  const CaseRecord& r = c.record;
  Json timers = Json::array();
  for (const TimerRecord& t : r.timers) {
    timers.push_back(Json{{"name", t.name},
                          {"status", t.status},
                          {"started_at", t.started_at},
                          {"due_date", t.due_date},
                          {"counted_to", t.counted_to},
                          {"due_at", t.due_at},
                          {"warn_at", optional_integer(t.warn_at)},
                          {"provisional", t.provisional},
                          {"extensions_used", t.extensions_used},
                          {"paused_at", optional_integer(t.paused_at)},
                          {"escalated", t.escalated},
                          {"explanation", t.explanation},
                          {"next_action_at", optional_integer(t.next_action_at)}});
  }
  return dump(Json{{"type", "case"},
                   {"id", r.id},
                   {"workflow", r.workflow},
                   {"version", r.version},
                   {"definition_sha256", r.definition_sha256},
                   {"office", r.office},
                   {"state", r.state},
                   {"status", r.status},
                   {"data", r.data},
                   {"row_version", r.row_version},
                   {"opened_at", r.opened_at},
                   {"updated_at", r.updated_at},
                   {"audit_seq", c.audit_seq},
                   {"timers", timers}});
}

std::string audit_line(const StoredAuditRecord& s) {
  const AuditRecord& r = s.record;
  return dump(Json{{"type", "audit"},
                   {"case_id", s.case_id},
                   {"seq", s.seq},
                   {"at", r.at.seconds},
                   {"actor", r.actor},
                   {"role", r.role},
                   {"kind", r.kind},
                   {"event", r.event},
                   {"from_state", r.from_state},
                   {"to_state", r.to_state},
                   {"data", r.data},
                   {"comment", r.comment},
                   {"prev_hash", s.prev_hash},
                   {"hash", s.hash}});
}

std::string end_line(const ExportCounts& counts) {
  return dump(Json{{"type", "end"},
                   {"definitions", counts.definitions},
                   {"published", counts.published},
                   {"cases", counts.cases},
                   {"records", counts.records}});
}

ExportReader::ExportReader(std::istream& in, std::string name, bool fast_lines)
    : in_(in), name_(std::move(name)), fast_lines_(fast_lines) {}

std::string ExportReader::where(std::int64_t line) const {
  return name_ + ":" + std::to_string(line) + ": ";
}

bool ExportReader::read_line() {
  if (pending_) {
    pending_ = false;
    return true;
  }
  while (std::getline(in_, line_text_)) {
    ++line_;
    if (line_text_.find_first_not_of(" \t\r") != std::string::npos) {
      digest_before_line_ = digest_;
      digest_ = digest_ * 1099511628211u + std::hash<std::string_view>{}(line_text_);
      return true;
    }
  }
  return false;
}

// The line last read belongs to the next item: read_line() gives it again,
// and it counts in that item's digest, not in this one's.
void ExportReader::put_back_line() {
  pending_ = true;
  digest_ = digest_before_line_;
}

void ExportReader::read_trail(CaseWithTrail& c) {
  while (read_line()) {
    StoredAuditRecord stored;
    if (!fast_lines_ || !read_canonical_audit(line_text_, stored)) {
      // The next case's line ends the trail: when the fast reader takes it,
      // so would the full one (as a case), so it need not be parsed here by
      // both; next() reads it again.
      CaseWithTrail next_case;
      if (fast_lines_ && read_canonical_case(line_text_, next_case)) {
        put_back_line();
        break;
      }
      stored = StoredAuditRecord{};
      nlohmann::json record = parse(line_text_);
      if (type_of(record) != "audit") {
        put_back_line();
        break;
      }
      stored = read_audit(record);
    }
    if (stored.case_id != c.record.id) {
      throw BadLine{"an audit record of case " + stored.case_id + " among those of case " +
                    c.record.id};
    }
    c.trail.push_back(std::move(stored));
    ++seen_.records;
  }
}

Result<ExportReader::Item> ExportReader::next() {
  try {
    if (!header_seen_) {
      if (!read_line()) return Error{name_ + ": the file is empty: not a wageflow export"};
      nlohmann::json header = parse(line_text_);
      Keys keys(header, "the first line");
      if (!header.contains("format") || keys.text("format") != kExportFormatName) {
        throw BadLine{"not a wageflow export (the first line must be {\"format\":\"" +
                      std::string(kExportFormatName) + "\",...})"};
      }
      std::int64_t version = keys.integer("version");
      if (version < 1 || version > kExportFormatVersion) {
        throw BadLine{"export format version " + std::to_string(version) +
                      "; this wageflow reads versions 1 to " +
                      std::to_string(kExportFormatVersion) +
                      (version > kExportFormatVersion ? ": upgrade wageflow" : "")};
      }
      keys.no_others();
      header_seen_ = true;
      format_version_ = version;
      // The fast reader knows only the lines of the current version.
      if (version != kExportFormatVersion) fast_lines_ = false;
    }
    if (!read_line()) {
      return Error{name_ + ": ends at line " + std::to_string(line_) +
                   " without its end line: the file is incomplete (cut short?)"};
    }
    Item item;
    item.line = line_;
    digest_ = std::hash<std::string_view>{}(line_text_);
    if (fast_lines_ && read_canonical_case(line_text_, item.c)) {
      cases_started_ = true;
      item.kind = Item::Kind::kCase;
      ++seen_.cases;
      read_trail(item.c);
      item.digest = digest_;
      return item;
    }
    item.c = CaseWithTrail{};
    nlohmann::json object = parse(line_text_);
    const std::string type = type_of(object);
    if (type == "definition") {
      if (cases_started_) throw BadLine{"a definition after the first case"};
      if (published_started_) throw BadLine{"a definition after the published versions"};
      item.kind = Item::Kind::kDefinition;
      item.definition = read_definition(object);
      ++seen_.definitions;
      return item;
    }
    if (type == "published") {
      if (format_version_ < 2) {
        throw BadLine{"a published version in a version " + std::to_string(format_version_) +
                      " file (published versions came with version 2)"};
      }
      if (cases_started_) throw BadLine{"a published version after the first case"};
      published_started_ = true;
      item.kind = Item::Kind::kPublished;
      item.published = read_published(object);
      ++seen_.published;
      return item;
    }
    if (type == "case") {
      cases_started_ = true;
      item.kind = Item::Kind::kCase;
      item.c = read_case(object, format_version_);
      ++seen_.cases;
      read_trail(item.c);
      item.digest = digest_;
      return item;
    }
    if (type == "audit") throw BadLine{"an audit record with no case line before it"};
    if (type == "end") {
      Keys keys(object, "the end line");
      keys.text("type");
      item.kind = Item::Kind::kEnd;
      item.counts.definitions = keys.integer("definitions");
      if (format_version_ >= 2) item.counts.published = keys.integer("published");
      item.counts.cases = keys.integer("cases");
      item.counts.records = keys.integer("records");
      keys.no_others();
      if (item.counts.definitions != seen_.definitions ||
          item.counts.published != seen_.published || item.counts.cases != seen_.cases ||
          item.counts.records != seen_.records) {
        throw BadLine{"the end line counts " + std::to_string(item.counts.definitions) +
                      " definitions, " + std::to_string(item.counts.published) +
                      " published versions, " + std::to_string(item.counts.cases) + " cases, " +
                      std::to_string(item.counts.records) + " audit records; the file has " +
                      std::to_string(seen_.definitions) + ", " + std::to_string(seen_.published) +
                      ", " + std::to_string(seen_.cases) + ", " + std::to_string(seen_.records)};
      }
      if (read_line()) throw BadLine{"more lines after the end line"};
      return item;
    }
    throw BadLine{"unknown type '" + type + "'"};
  } catch (const BadLine& bad) {
    return Error{where(line_) + bad.message};
  } catch (const nlohmann::json::exception& e) {
    return Error{where(line_) + e.what()};
  }
}

}  // namespace wageflow::cli
