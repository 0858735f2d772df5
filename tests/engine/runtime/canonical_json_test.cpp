// The audit `data` object is written by a small canonical writer instead of
// nlohmann::json (it was a fifth of `decide`). Audit records are
// hash-chained, so its bytes must equal nlohmann's dump(-1, ' ', false,
// replace) for every input: checked here over generated objects of strings
// (the only shape audit data has: a flat map of strings) mixing Chinese
// text, quotes, backslashes, every control character, DEL, 2-4 byte UTF-8,
// long digit strings and invalid UTF-8 of every kind.
#include "engine/runtime/canonical_json.h"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/runtime/case_editor.h"

namespace wageflow::runtime_detail {
namespace {

std::string with_nlohmann(const std::map<std::string, std::string>& data) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : data) object[key] = value;
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string printable(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
    out += ' ';
  }
  return out;
}

std::string describe(const std::map<std::string, std::string>& data) {
  std::string out;
  for (const auto& [key, value] : data)
    out += "[" + printable(key) + "] = [" + printable(value) + "]\n";
  return out;
}

std::vector<std::string> pieces(bool invalid) {
  std::vector<std::string> out = {"a",
                                  "due",
                                  "explanation",
                                  " ",
                                  "5 working_days after 2025-01-24",
                                  "张三",
                                  "李明",
                                  "劳动仲裁",
                                  "速裁",
                                  "\"",
                                  "\\",
                                  "/",
                                  "\\u0041",
                                  "{}",
                                  "[1,2]",
                                  ":",
                                  ",",
                                  "12345678901234567890123456789",
                                  "-0",
                                  "1e400",
                                  "8600.00",
                                  "true",
                                  "null",
                                  "\x7f",
                                  "\xc2\xa9",
                                  "\xc3\xa9",
                                  "\xe2\x80\xa8",
                                  "\xe2\x80\xa9",
                                  "\xef\xbf\xbd",
                                  "\xef\xbb\xbf",
                                  "\xf0\x9f\x98\x80",
                                  "\xf4\x8f\xbf\xbf",
                                  "\xed\x9f\xbf",
                                  "\xee\x80\x80",
                                  "\xe0\xa0\x80",
                                  "\xf0\x90\x80\x80",
                                  "abcdefgh",
                                  "0123456789abcdef"};
  for (int c = 0; c < 0x20; ++c) out.push_back(std::string(1, static_cast<char>(c)));
  if (invalid) {
    for (const char* bad : {"\x80",
                            "\xbf",
                            "\xc0\x80",
                            "\xc1\xbf",
                            "\xc2",
                            "\xe2\x82",
                            "\xe0\x80\x80",
                            "\xe0\x9f\xbf",
                            "\xed\xa0\x80",
                            "\xed\xbf\xbf",
                            "\xf0\x80\x80\x80",
                            "\xf0\x8f\xbf\xbf",
                            "\xf4\x90\x80\x80",
                            "\xf5\x80\x80\x80",
                            "\xf8\x88\x80\x80\x80",
                            "\xfe",
                            "\xff",
                            "\xe5\xbc",
                            "\xf0\x9f\x98",
                            "\xc2\x41",
                            "\xe5\x41\x80"}) {
      out.push_back(bad);
    }
  }
  return out;
}

std::string random_text(std::mt19937_64& random, const std::vector<std::string>& from) {
  std::uniform_int_distribution<int> count(0, 12);
  std::uniform_int_distribution<std::size_t> pick(0, from.size() - 1);
  std::string text;
  for (int i = count(random); i > 0; --i) text += from[pick(random)];
  return text;
}

void expect_same_as_nlohmann(bool invalid, std::uint64_t seed, int objects) {
  std::mt19937_64 random(seed);
  const auto from = pieces(invalid);
  std::uniform_int_distribution<int> size(0, 7);
  for (int i = 0; i < objects; ++i) {
    std::map<std::string, std::string> data;
    for (int n = size(random); n > 0; --n)
      data[random_text(random, from)] = random_text(random, from);
    ASSERT_EQ(canonical_string_object(data), with_nlohmann(data)) << describe(data);
  }
}

TEST(CanonicalJsonTest, WritesTheSameBytesAsNlohmannForValidUtf8Objects) {
  expect_same_as_nlohmann(false, 7, 100000);
}

TEST(CanonicalJsonTest, WritesTheSameBytesAsNlohmannWhenTextIsNotValidUtf8) {
  expect_same_as_nlohmann(true, 11, 100000);
}

TEST(CanonicalJsonTest, WritesTheSameBytesAsNlohmannForEverySingleByteAndPair) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string text = {static_cast<char>(a), static_cast<char>(b)};
      const std::map<std::string, std::string> data = {{"k" + text, text}};
      ASSERT_EQ(canonical_string_object(data), with_nlohmann(data)) << describe(data);
    }
  }
}

TEST(CanonicalJsonTest, WritesAnEmptyObjectAndEscapesAsTheAuditTrailShowsThem) {
  EXPECT_EQ(canonical_string_object({}), "{}");
  EXPECT_EQ(canonical_string_object({{"b", "x\"y\\z\n\x01"}, {"a", "张三"}}),
            "{\"a\":\"张三\",\"b\":\"x\\\"y\\\\z\\n\\u0001\"}");
}

// A timer record's data is written directly (timer_data_json) rather than
// through a map: the same bytes as nlohmann's dump of the map, for every
// combination of the optional keys and texts with escapes and invalid UTF-8.
TEST(CanonicalJsonTest, TimerDataIsWrittenAsTheMapOfItsKeysWouldBe) {
  std::mt19937_64 random(20261129);
  for (bool invalid : {false, true}) {
    const auto from = pieces(invalid);
    for (int round = 0; round < 4000; ++round) {
      TimerState timer;
      if (round % 2 == 0) timer.due_date = Date::from_ymd(2025, 1 + round % 12, 1 + round % 28);
      timer.due_at = Instant{1737682200 + 3600LL * round};
      if (round % 3 == 0) timer.warn_at = Instant{1737682200 + 60LL * round};
      timer.provisional = round % 5 == 0;
      timer.explanation = random_text(random, from);
      const std::string because = random_text(random, from);
      const bool with_because = round % 4 < 2;
      std::map<std::string, std::string> data = timer_data(timer);
      if (with_because) data["because"] = because;
      const std::string written = timer_data_json(timer, with_because ? &because : nullptr);
      ASSERT_EQ(written, with_nlohmann(data)) << describe(data);
    }
  }
}

}  // namespace
}  // namespace wageflow::runtime_detail
