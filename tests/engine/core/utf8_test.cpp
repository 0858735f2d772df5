#include "engine/core/utf8.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/core/value.h"

namespace wageflow {
namespace {

// Printed as escapes: the failing input is not always printable.
std::string escaped(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02X", c);
    out += c < 0x80 && c >= 0x20 ? std::string(1, static_cast<char>(c)) : std::string(hex);
  }
  return out;
}

TEST(IsValidUtf8, AcceptsStrictUtf8AndRejectsGbkAndMalformedSequences) {
  const struct {
    std::string text;
    bool valid;
  } cases[] = {
      {"", true},
      {"Zhang San", true},
      {"张三丰", true},
      {"\xF0\x9F\x98\x80", true},   // U+1F600, four bytes
      {"\xF4\x8F\xBF\xBF", true},   // U+10FFFF, the last code point
      {"\xD5\xC5\xC8\xFD", false},  // 张三 in GBK
      {"bad\xFF", false},
      {"\xE5\xBC", false},          // 张 cut short
      {"\xC0\xAF", false},          // overlong '/'
      {"\xE0\x80\xAF", false},      // overlong, three bytes
      {"\xED\xA0\x80", false},      // a UTF-16 surrogate
      {"\xF4\x90\x80\x80", false},  // past U+10FFFF
      {"\x80", false},              // a lone continuation byte
  };
  for (const auto& c : cases) {
    EXPECT_EQ(is_valid_utf8(c.text), c.valid) << "text: " << escaped(c.text);
  }
}

TEST(FirstInvalidUtf8, GivesTheLineAndTheByteColumnOfTheFirstBadByte) {
  const struct {
    std::string text;
    int line, column;  // 0: none
  } cases[] = {
      {"workflow: x\ntitle: 张三\n", 0, 0},
      {"\xD5\xC5", 1, 1},
      {"a: b\ntitle: \xD5\xC5\n", 2, 8},
      {"a: 长春\xFF", 1, 10},  // 长 and 春 are 3 bytes each, as the loader counts
      {"\n\n# \xB8", 3, 3},
  };
  for (const auto& c : cases) {
    const std::optional<TextPlace> place = first_invalid_utf8(c.text);
    if (c.line == 0) {
      EXPECT_FALSE(place) << escaped(c.text);
      continue;
    }
    ASSERT_TRUE(place) << escaped(c.text);
    EXPECT_EQ(place->line, c.line) << escaped(c.text);
    EXPECT_EQ(place->column, c.column) << escaped(c.text);
  }
}

TEST(HasControlCharacters, AllowsLineBreaksOnlyWhereAsked) {
  const struct {
    std::string text;
    bool in_a_line, in_text;
  } cases[] = {
      {"张三丰", false, false},
      {"第一行\n第二行\r\n\t缩进", true, false},
      {std::string("张\0三", 4), true, true},
      {"bell\x07", true, true},
      {"escape\x1B[2J", true, true},
      {"delete\x7F", true, true},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(has_control_characters(c.text, false), c.in_a_line) << escaped(c.text);
    EXPECT_EQ(has_control_characters(c.text, true), c.in_text) << escaped(c.text);
  }
}

TEST(IsValidUtf8, ATextValueThatIsNotUtf8IsRefusedWithAdviceAndNotEchoed) {
  for (FieldType type : {FieldType::kString, FieldType::kText, FieldType::kEnum}) {
    Result<Value> parsed = parse_value(type, "\xD5\xC5\xC8\xFD");
    ASSERT_FALSE(parsed.ok()) << field_type_name(type);
    EXPECT_NE(parsed.error().find("is not UTF-8 text"), std::string::npos) << parsed.error();
    EXPECT_EQ(parsed.error().find("\xD5\xC5"), std::string::npos) << "echoed the bytes";
    EXPECT_TRUE(parse_value(type, "张三丰").ok()) << field_type_name(type);
  }
}

}  // namespace
}  // namespace wageflow
