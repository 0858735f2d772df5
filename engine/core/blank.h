// Whether a clerk's text says anything. Pure; thread-safe.
#pragma once

#include <string_view>

namespace wageflow {

// True when `text` is empty or holds only white space: ASCII spaces, tabs
// and line breaks, the no-break space (U+00A0) and the ideographic space
// (U+3000, what a Chinese input method types for a space). A comment, an
// actor's name or a field value that is blank says nothing, and counts as
// not given.
bool is_blank(std::string_view text);

}  // namespace wageflow
