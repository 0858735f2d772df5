#include "adapters/cli/canonical_line_reader.h"

#include <cstdint>
#include <set>

namespace wageflow::cli {
namespace {

// Walks one line; every method returns false (and the reader declines the
// line) at the first byte that is not what a canonical line has there.
class Cursor {
 public:
  explicit Cursor(std::string_view line) : p_(line.data()), end_(line.data() + line.size()) {}

  bool literal(std::string_view text) {
    if (static_cast<std::size_t>(end_ - p_) < text.size() ||
        std::string_view(p_, text.size()) != text) {
      return false;
    }
    p_ += text.size();
    return true;
  }

  // `,"key":` (or `"key":` for the first key of an object).
  bool key(std::string_view name, bool first = false) {
    if (!first && !literal(",")) return false;
    return literal("\"") && literal(name) && literal("\":");
  }

  bool text(std::string& out) {
    if (!literal("\"")) return false;
    out.clear();
    const char* run = p_;  // start of bytes copied as they are
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.append(run, p_);
        ++p_;
        return true;
      }
      if (c == '\\') {
        out.append(run, p_);
        if (++p_ == end_) return false;
        switch (*p_) {
          case '"':
            out.push_back('"');
            break;
          case '\\':
            out.push_back('\\');
            break;
          case '/':
            out.push_back('/');
            break;
          case 'b':
            out.push_back('\b');
            break;
          case 'f':
            out.push_back('\f');
            break;
          case 'n':
            out.push_back('\n');
            break;
          case 'r':
            out.push_back('\r');
            break;
          case 't':
            out.push_back('\t');
            break;
          default:
            return false;  // \u and anything else: the full reader
        }
        run = ++p_;
        continue;
      }
      if (c < 0x80) {
        if (c < 0x20) return false;
        ++p_;
        continue;
      }
      if (!utf8_sequence()) return false;
    }
    return false;
  }

  bool integer(std::int64_t& out) {
    bool negative = literal("-");
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0') {
      ++p_;
      out = 0;
      return !negative;  // "-0" is left to the full reader
    }
    std::int64_t value = 0;
    int digits = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      if (++digits > 18) return false;
      value = value * 10 + (*p_ - '0');
      ++p_;
    }
    out = negative ? -value : value;
    return true;
  }

  bool small_integer(int& out) {
    std::int64_t value = 0;
    if (!integer(value) || value < INT32_MIN || value > INT32_MAX) return false;
    out = static_cast<int>(value);
    return true;
  }

  bool optional_integer(std::optional<std::int64_t>& out) {
    if (literal("null")) {
      out.reset();
      return true;
    }
    std::int64_t value = 0;
    if (!integer(value)) return false;
    out = value;
    return true;
  }

  bool boolean(bool& out) {
    if (literal("true")) {
      out = true;
      return true;
    }
    out = false;
    return literal("false");
  }

  bool at_end() const { return p_ == end_; }

 private:
  // One multi-byte UTF-8 sequence as RFC 3629 allows (no overlong forms,
  // no surrogates, nothing above U+10FFFF), the same as the full reader.
  bool utf8_sequence() {
    const auto byte = [this](std::ptrdiff_t i) { return static_cast<unsigned char>(p_[i]); };
    const auto in = [](unsigned char c, unsigned char low, unsigned char high) {
      return c >= low && c <= high;
    };
    const std::ptrdiff_t left = end_ - p_;
    const unsigned char c = byte(0);
    if (in(c, 0xC2, 0xDF)) {
      if (left < 2 || !in(byte(1), 0x80, 0xBF)) return false;
      p_ += 2;
      return true;
    }
    if (in(c, 0xE0, 0xEF)) {
      const unsigned char low = c == 0xE0 ? 0xA0 : 0x80;
      const unsigned char high = c == 0xED ? 0x9F : 0xBF;
      if (left < 3 || !in(byte(1), low, high) || !in(byte(2), 0x80, 0xBF)) return false;
      p_ += 3;
      return true;
    }
    if (in(c, 0xF0, 0xF4)) {
      const unsigned char low = c == 0xF0 ? 0x90 : 0x80;
      const unsigned char high = c == 0xF4 ? 0x8F : 0xBF;
      if (left < 4 || !in(byte(1), low, high) || !in(byte(2), 0x80, 0xBF) ||
          !in(byte(3), 0x80, 0xBF)) {
        return false;
      }
      p_ += 4;
      return true;
    }
    return false;
  }

  const char* p_;
  const char* end_;
};

bool read_timer(Cursor& in, TimerRecord& t) {
  return in.literal("{") && in.key("name", true) && in.text(t.name) && in.key("status") &&
         in.text(t.status) && in.key("started_at") && in.integer(t.started_at) &&
         in.key("due_date") && in.text(t.due_date) && in.key("counted_to") &&
         in.text(t.counted_to) && in.key("due_at") && in.integer(t.due_at) && in.key("warn_at") &&
         in.optional_integer(t.warn_at) && in.key("provisional") && in.boolean(t.provisional) &&
         in.key("extensions_used") && in.small_integer(t.extensions_used) && in.key("paused_at") &&
         in.optional_integer(t.paused_at) && in.key("escalated") && in.boolean(t.escalated) &&
         in.key("explanation") && in.text(t.explanation) && in.key("next_action_at") &&
         in.optional_integer(t.next_action_at) && in.literal("}");
}

}  // namespace

bool read_canonical_audit(std::string_view line, StoredAuditRecord& out) {
  Cursor in(line);
  AuditRecord& r = out.record;
  return in.literal("{\"type\":\"audit\"") && in.key("case_id") && in.text(out.case_id) &&
         in.key("seq") && in.integer(out.seq) && in.key("at") && in.integer(r.at.seconds) &&
         in.key("actor") && in.text(r.actor) && in.key("role") && in.text(r.role) &&
         in.key("kind") && in.text(r.kind) && in.key("event") && in.text(r.event) &&
         in.key("from_state") && in.text(r.from_state) && in.key("to_state") &&
         in.text(r.to_state) && in.key("data") && in.text(r.data) && in.key("comment") &&
         in.text(r.comment) && in.key("prev_hash") && in.text(out.prev_hash) && in.key("hash") &&
         in.text(out.hash) && in.literal("}") && in.at_end();
}

bool read_canonical_case(std::string_view line, CaseWithTrail& out) {
  Cursor in(line);
  CaseRecord& r = out.record;
  if (!(in.literal("{\"type\":\"case\"") && in.key("id") && in.text(r.id) && in.key("workflow") &&
        in.text(r.workflow) && in.key("version") && in.small_integer(r.version) &&
        in.key("definition_sha256") && in.text(r.definition_sha256) && in.key("office") &&
        in.text(r.office) && in.key("state") && in.text(r.state) && in.key("status") &&
        in.text(r.status) && in.key("data") && in.text(r.data) && in.key("row_version") &&
        in.integer(r.row_version) && in.key("opened_at") && in.integer(r.opened_at) &&
        in.key("updated_at") && in.integer(r.updated_at) && in.key("audit_seq") &&
        in.integer(out.audit_seq) && in.key("timers") && in.literal("["))) {
    return false;
  }
  r.timers.clear();
  out.trail.clear();
  std::set<std::string_view> names;
  if (!in.literal("]")) {
    do {
      TimerRecord& t = r.timers.emplace_back();
      if (!read_timer(in, t)) return false;
    } while (in.literal(","));
    if (!in.literal("]")) return false;
    for (const TimerRecord& t : r.timers) {
      if (!names.insert(t.name).second) return false;
    }
  }
  return in.literal("}") && in.at_end() && !r.id.empty();
}

}  // namespace wageflow::cli
