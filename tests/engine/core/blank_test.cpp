#include "engine/core/blank.h"

#include <gtest/gtest.h>

#include <string>

namespace wageflow {
namespace {

TEST(IsBlank, TextOfOnlyWhiteSpaceIsBlankAndAnyOtherCharacterIsNot) {
  const struct {
    std::string text;
    bool blank;
  } cases[] = {
      {"", true},
      {" ", true},
      {"\t\n\r ", true},
      {"\xE3\x80\x80", true},            // 　 the ideographic space
      {" \xE3\x80\x80\xC2\xA0 ", true},  // mixed with a no-break space
      {"x", false},
      {" 理由 ", false},
      {"\xE3\x80\x80。", false},
      {"\xE3\x80", false},  // a cut ideographic space is a byte, not white space
      {"\xC2", false},
      {"0", false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_blank(c.text), c.blank) << "text: '" << c.text << "'";
  }
}

}  // namespace
}  // namespace wageflow
