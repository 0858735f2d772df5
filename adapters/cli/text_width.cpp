#include "adapters/cli/text_width.h"

#include <cstdint>

namespace wageflow::cli {
namespace {

bool is_wide(std::uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) ||  // Hangul Jamo
         (c >= 0x2E80 && c <= 0x303E) ||  // CJK radicals, punctuation
         (c >= 0x3041 && c <= 0x33FF) ||  // kana, CJK symbols
         (c >= 0x3400 && c <= 0x4DBF) ||  // CJK extension A
         (c >= 0x4E00 && c <= 0x9FFF) ||  // CJK unified ideographs
         (c >= 0xAC00 && c <= 0xD7A3) ||  // Hangul syllables
         (c >= 0xF900 && c <= 0xFAFF) ||  // CJK compatibility ideographs
         (c >= 0xFE30 && c <= 0xFE4F) ||  // CJK compatibility forms
         (c >= 0xFF00 && c <= 0xFF60) ||  // full-width forms
         (c >= 0xFFE0 && c <= 0xFFE6) ||  // full-width signs
         (c >= 0x20000 && c <= 0x3FFFD);  // CJK extensions B..
}

}  // namespace

int display_width(std::string_view text) {
  int width = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80    ? 1
                         : lead >= 0xF0 ? 4
                         : lead >= 0xE0 ? 3
                         : lead >= 0xC0 ? 2
                                        : 1;
    if (i + length > text.size()) length = 1;
    std::uint32_t code = length == 1 ? lead : lead & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    width += is_wide(code) ? 2 : 1;
    i += length;
  }
  return width;
}

std::string pad_to(std::string_view text, int width) {
  int used = display_width(text);
  return std::string(text) + std::string(used < width ? width - used : 1, ' ');
}

}  // namespace wageflow::cli
