#include "engine/core/pii.h"

#include <gtest/gtest.h>

#include <string>

namespace wageflow {
namespace {

struct MaskCase {
  std::string input;
  std::string masked;
};

TEST(MaskPii, MasksEachValueByItsShape) {
  const MaskCase cases[] = {
      // Names: first character kept, one star per further character.
      {"张三丰", "张**"},
      {"张三", "张*"},
      {"王", "王"},
      {"欧阳娜娜", "欧***"},
      {"Li Wei", "L*****"},
      // 18-character ID numbers: first 4, 10 stars, last 4.
      {"22011819900101123X", "2201**********123X"},
      {"220106199001011234", "2201**********1234"},
      {"22010219900101123x", "2201**********123x"},
      // 11-digit mobile numbers: first 3, 4 stars, last 4.
      {"13812341234", "138****1234"},
      // Near misses fall back to the general rule.
      {"1381234123", "1*********"},                    // 10 digits
      {"2201021990010112345", "2******************"},  // 19 digits
      {"22010219900101123Y", "2*****************"},
      {"0431-88690920", "0************"},
      // Mixed scripts and edge cases.
      {"吉林省长春市", "吉*****"},
      {"a", "a"},
      {"", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("input: '" + c.input + "'");
    EXPECT_EQ(mask_pii(c.input), c.masked);
  }
}

TEST(MaskPii, CountsInvalidUtf8BytesAsOneCharacterEach) {
  // A lone lead byte, then a stray continuation byte, then 'b'.
  const std::string input =
      "a\xE5\x80"
      "b";
  EXPECT_EQ(mask_pii(input), "a***");
  // A truncated 3-byte character at the very end.
  EXPECT_EQ(mask_pii(std::string("张\xE4\xB8")), "张**");
}

TEST(MaskPiiInText, MasksIdAndPhoneNumbersEmbeddedInFreeText) {
  const MaskCase cases[] = {
      {"opened with id 22011819900101123X today", "opened with id 2201**********123X today"},
      {"电话13812341234，身份证220106199001011234。",
       "电话138****1234，身份证2201**********1234。"},
      {"phone=13812341234,id=22010219900101123x", "phone=138****1234,id=2201**********123x"},
      // Runs of other lengths are left alone: dates, amounts, case ids.
      {"case 2025-000042 due 2025-02-07 amount 8600.00",
       "case 2025-000042 due 2025-02-07 amount 8600.00"},
      {"1234567890123456789 is 19 digits", "1234567890123456789 is 19 digits"},
      {"123456789012 is 12 digits", "123456789012 is 12 digits"},
      {"22010219900101123X5 runs on", "22010219900101123X5 runs on"},
      // A mobile number with the country code, or written in groups.
      {"a:+8613804315678 b:138-0431-5678 c:138 0431 5678 d:电话13804315678号",
       "a:+86138****5678 b:138-****-5678 c:138 **** 5678 d:电话138****5678号"},
      {"8613804315678", "86138****5678"},
      // Not phones: mixed separators, a date-like group, a longer run.
      {"138-0431 5678", "138-0431 5678"},
      {"2025-0101-1234", "2025-0101-1234"},
      {"138-0431-56789", "138-0431-56789"},
      {"", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("input: '" + c.input + "'");
    EXPECT_EQ(mask_pii_in_text(c.input), c.masked);
  }
}

}  // namespace
}  // namespace wageflow
