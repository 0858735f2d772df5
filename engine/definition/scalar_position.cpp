#include "engine/definition/scalar_position.h"

namespace wageflow::loader {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A double-quoted escape at source[s] ('\\'): how many source bytes it takes
// and how many value bytes it stands for.
void measure_escape(const std::string& source, std::size_t s, std::size_t* source_bytes,
                    std::size_t* value_bytes) {
  std::size_t n = source.size();
  if (s + 1 >= n) {
    *source_bytes = 1;
    *value_bytes = 0;
    return;
  }
  char kind = source[s + 1];
  std::size_t hex_digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
  if (kind == '\n' || kind == '\r') {  // an escaped line break: joins the lines
    std::size_t end = s + 1;
    while (end < n && is_space(source[end])) ++end;
    *source_bytes = end - s;
    *value_bytes = 0;
    return;
  }
  if (hex_digits == 0) {
    *source_bytes = 2;
    *value_bytes = 1;
    return;
  }
  unsigned long code = 0;
  std::size_t digits = 0;
  while (digits < hex_digits && s + 2 + digits < n && hex_value(source[s + 2 + digits]) >= 0) {
    code = code * 16 + hex_value(source[s + 2 + digits]);
    ++digits;
  }
  *source_bytes = 2 + digits;
  if (kind == 'x' || code < 0x80) {
    *value_bytes = 1;
  } else {
    *value_bytes = code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
}

}  // namespace

Position position_in_scalar(const std::string& source, const YAML::Node& scalar,
                            std::size_t offset) {
  const YAML::Mark mark = scalar.Mark();
  const std::string& value = scalar.Scalar();
  const std::size_t n = source.size();
  // yaml-cpp skips a UTF-8 byte order mark (Windows editors write one) and
  // counts positions after it.
  const std::size_t bom = source.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  if (mark.is_null() || mark.pos < 0 || static_cast<std::size_t>(mark.pos) + bom >= n) {
    return Position{mark.line + 1, mark.column + 1 + static_cast<int>(offset)};
  }
  const std::size_t start = static_cast<std::size_t>(mark.pos) + bom;
  std::size_t s = start;
  const char style = source[s];
  const bool single = style == '\'';
  const bool dbl = style == '"';
  if (single || dbl) {
    ++s;
  } else if (style == '|' || style == '>') {
    while (s < n && source[s] != '\n') ++s;
  }
  std::size_t i = 0;
  while (i < offset && i < value.size() && s < n) {
    const char v = value[i];
    const char c = source[s];
    if (single && c == '\'' && s + 1 < n && source[s + 1] == '\'') {
      s += 2;
      ++i;
    } else if (dbl && c == '\\') {
      std::size_t source_bytes = 0;
      std::size_t value_bytes = 0;
      measure_escape(source, s, &source_bytes, &value_bytes);
      s += source_bytes;
      i += value_bytes;
    } else if (c == v) {
      ++s;
      ++i;
    } else if (is_space(c)) {
      ++s;  // indentation or a folded line break in the file
    } else if (v == ' ' || v == '\n') {
      ++i;  // a line break folded into the value
    } else {
      ++s;  // out of step: keep going byte by byte
      ++i;
    }
  }
  if (i < offset) s += offset - i;  // past the value's end
  int line = mark.line;
  int column = mark.column;
  for (std::size_t p = start; p < s && p < n; ++p) {
    if (source[p] == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
  }
  if (s > n) column += static_cast<int>(s - n);
  return Position{line + 1, column + 1};
}

}  // namespace wageflow::loader
