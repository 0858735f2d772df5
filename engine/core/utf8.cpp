#include "engine/core/utf8.h"

namespace wageflow {

bool is_valid_utf8(std::string_view text) {
  return !first_invalid_utf8(text).has_value();
}

bool has_control_characters(std::string_view text, bool line_breaks) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte != 0x7F) continue;
    if (line_breaks && (c == '\t' || c == '\n' || c == '\r')) continue;
    return true;
  }
  return false;
}

std::optional<TextPlace> first_invalid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  TextPlace place;
  while (p < end) {
    if (*p < 0x80) {
      if (*p == '\n') {
        ++place.line;
        place.column = 0;
      }
      ++p;
      ++place.column;
      continue;
    }
    const std::size_t length = utf8_sequence_length(p, end);
    if (length == 0) return place;
    p += length;
    place.column += static_cast<int>(length);
  }
  return std::nullopt;
}

}  // namespace wageflow
