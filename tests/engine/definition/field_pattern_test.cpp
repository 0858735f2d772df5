// FieldPattern: a field's `pattern:` compiled once, matched like
// std::regex_search (anywhere in the value unless anchored).
#include "engine/definition/field_pattern.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace wageflow {
namespace {

struct PatternCase {
  const char* pattern;
  const char* text;
  bool found;
};

TEST(FieldPattern, FindsTheExpressionAsRegexSearchDoes) {
  const PatternCase cases[] = {
      {"^[0-9]{17}[0-9X]$", "22011819900101123X", true},
      {"^[0-9]{17}[0-9X]$", "220106199001011234", true},
      {"^[0-9]{17}[0-9X]$", "22010219900101123", false},    // 17 digits
      {"^[0-9]{17}[0-9X]$", "2201021990010112345", false},  // 19 digits
      {"^[0-9]{17}[0-9X]$", "22010219900101123x", false},   // lower-case x
      {"^1[3-9][0-9]{9}$", "13812341234", true},
      {"^1[3-9][0-9]{9}$", "12812341234", false},
      {"[A-Z]", "abcDef", true},  // unanchored: found anywhere
      {"[A-Z]", "abcdef", false},
      {"^长春", "长春市", true},
      {"^长春", "吉林市", false},
      {"", "anything", true},
  };
  for (const PatternCase& c : cases) {
    std::string error;
    auto pattern = FieldPattern::compile(c.pattern, &error);
    ASSERT_NE(pattern, nullptr) << c.pattern << ": " << error;
    EXPECT_EQ(pattern->source(), c.pattern);
    EXPECT_EQ(pattern->found_in(c.text), c.found) << c.pattern << " in " << c.text;
  }
}

TEST(FieldPattern, RefusesAnInvalidExpressionWithTheReason) {
  for (const char* bad : {"[0-9", "(ab", "a{2,1}", "*x"}) {
    std::string error;
    EXPECT_EQ(FieldPattern::compile(bad, &error), nullptr) << bad;
    EXPECT_FALSE(error.empty()) << bad;
    EXPECT_EQ(FieldPattern::compile(bad, nullptr), nullptr) << bad;
  }
}

TEST(FieldPattern, OnePatternServesManyThreadsAtOnce) {
  auto pattern = FieldPattern::compile("^[0-9]{17}[0-9X]$", nullptr);
  ASSERT_NE(pattern, nullptr);
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (!pattern->found_in("22011819900101123X")) ++wrong[t];
        if (pattern->found_in("2201021990010112")) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace wageflow
