// Strict UTF-8 checks for text that people type (field values, names,
// comments) before it is stored. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace wageflow {

// Length of the strict UTF-8 sequence (no overlong forms, no surrogates,
// nothing past U+10FFFF: what nlohmann's decoder accepts) that starts at
// p[0] >= 0x80 and ends before `end`, or 0 when it is not one.
inline std::size_t utf8_sequence_length(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = p[0];
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (static_cast<std::size_t>(end - p) < length) return 0;
  if (p[1] < low || p[1] > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return length;
}

// True when all of `text` is strict UTF-8 (as above). Text from a terminal
// or file in another encoding (GBK, common on Chinese Windows) is not.
bool is_valid_utf8(std::string_view text);

// Where the first byte that is not strict UTF-8 lies in `text`: its line
// and column, both from 1, the column counting bytes as the workflow
// loader's columns do. nullopt when all of `text` is UTF-8.
struct TextPlace {
  int line = 1;
  int column = 1;
};
std::optional<TextPlace> first_invalid_utf8(std::string_view text);

// True when `text` holds a control character (U+0000..U+001F, U+007F)
// other than, when `line_breaks`, tab, line feed and carriage return: such
// characters print as nothing or move a terminal's cursor.
bool has_control_characters(std::string_view text, bool line_breaks);

// What a refusal says of text that is not UTF-8, after the name of what
// held it: "... is not UTF-8 text ...: set ... to UTF-8 and type it again".
inline constexpr const char* kNotUtf8Advice =
    "is not UTF-8 text (it was typed or saved in another encoding, such as GBK): set the "
    "terminal or file to UTF-8 and give it again";

// The error for a workflow or calendar file that is not UTF-8.
inline constexpr const char* kNotUtf8File =
    "the file is not UTF-8 text here (it was saved in another encoding, such as GBK): "
    "save it as UTF-8";

}  // namespace wageflow
