#include "engine/core/name_text.h"

#include "engine/core/blank.h"
#include "engine/core/utf8.h"

namespace wageflow {
namespace {

// Characters of `text`, which is valid UTF-8: the bytes that start one.
int characters(std::string_view text) {
  int count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// U+0080..U+009F, the C1 controls, which has_control_characters leaves alone.
bool has_c1_controls(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '\xC2' && static_cast<unsigned char>(text[i + 1]) < 0xA0) return true;
  }
  return false;
}

}  // namespace

bool prints_as_text(std::string_view text) {
  return is_valid_utf8(text) && !has_control_characters(text, false) && !has_c1_controls(text);
}

std::optional<std::string> name_problem(std::string_view name) {
  if (is_blank(name)) return "is blank: give a name";
  if (!is_valid_utf8(name)) return kNotUtf8Advice;
  if (!prints_as_text(name)) {
    return "holds a control character (such as ESC or a tab): type the name again";
  }
  if (characters(name) > kMaxNameCharacters) {
    return "is longer than " + std::to_string(kMaxNameCharacters) + " characters: shorten it";
  }
  // The first and last characters, as text: is_blank knows every space.
  std::size_t last = name.size() - 1;
  while ((static_cast<unsigned char>(name[last]) & 0xC0) == 0x80) --last;
  std::size_t first_length = 1;
  while (first_length < name.size() &&
         (static_cast<unsigned char>(name[first_length]) & 0xC0) == 0x80) {
    ++first_length;
  }
  if (is_blank(name.substr(0, first_length)) || is_blank(name.substr(last))) {
    return "starts or ends with a space: remove it";
  }
  return std::nullopt;
}

}  // namespace wageflow
