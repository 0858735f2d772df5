#include "storage/json_rows.h"

#include <optional>
#include <string_view>

#include "engine/runtime/canonical_json.h"

namespace wageflow::json_rows {
namespace {

// Writes "key": value pairs of one object; every call but the first
// writes the separating comma.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~ObjectWriter() = default;
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  bool text(const char* key, std::string_view value) {
    this->key(key);
    return append_json_string(out_, value);
  }
  void number(const char* key, long long value) {
    this->key(key);
    out_ += std::to_string(value);
  }
  void number(const char* key, const std::optional<std::int64_t>& value) {
    this->key(key);
    out_ += value ? std::to_string(*value) : "null";
  }
  void close() { out_ += '}'; }

 private:
  void key(const char* name) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += name;
    out_ += "\":";
  }

  std::string& out_;
  bool first_ = true;
};

}  // namespace

bool append_timers(std::string& out, const std::string& case_id,
                   const std::vector<TimerRecord>& timers) {
  out += '[';
  bool ok = true;
  for (std::size_t i = 0; i < timers.size(); ++i) {
    const TimerRecord& t = timers[i];
    if (i > 0) out += ',';
    ObjectWriter row(out);
    ok = row.text("case_id", case_id) && row.text("name", t.name) && row.text("status", t.status) &&
         ok;
    row.number("started_at", t.started_at);
    ok = row.text("due_date", t.due_date) && ok;
    row.number("due_at", t.due_at);
    row.number("warn_at", t.warn_at);
    row.number("provisional", t.provisional ? 1 : 0);
    row.number("extensions_used", t.extensions_used);
    row.number("paused_at", t.paused_at);
    row.number("escalated", t.escalated ? 1 : 0);
    ok = row.text("explanation", t.explanation) && ok;
    row.number("next_action_at", t.next_action_at);
    ok = row.text("counted_to", t.counted_to) && ok;
    row.close();
  }
  out += ']';
  return ok;
}

bool append_audit_records(std::string& out, const std::vector<StoredAuditRecord>& records) {
  out += '[';
  bool ok = true;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const StoredAuditRecord& s = records[i];
    const AuditRecord& r = s.record;
    if (i > 0) out += ',';
    ObjectWriter row(out);
    ok = row.text("case_id", s.case_id) && ok;
    row.number("seq", s.seq);
    row.number("at", r.at.seconds);
    ok = row.text("actor", r.actor) && row.text("role", r.role) && row.text("kind", r.kind) &&
         row.text("event", r.event) && row.text("from_state", r.from_state) &&
         row.text("to_state", r.to_state) && row.text("data", r.data) &&
         row.text("comment", r.comment) && row.text("prev_hash", s.prev_hash) &&
         row.text("hash", s.hash) && ok;
    row.close();
  }
  out += ']';
  return ok;
}

}  // namespace wageflow::json_rows
