// Column alignment for terminal output that mixes Chinese and ASCII:
// East Asian wide characters take two columns. Private to adapters/cli.
#pragma once

#include <string>
#include <string_view>

namespace wageflow::cli {

// Terminal columns of UTF-8 `text`: 2 for CJK and full-width characters,
// 1 for anything else (including bytes that are not valid UTF-8).
int display_width(std::string_view text);

// `text` followed by spaces up to `width` columns (at least one space when
// `text` is already that wide, so columns never touch).
std::string pad_to(std::string_view text, int width);

}  // namespace wageflow::cli
