#include "engine/core/name_text.h"

#include <gtest/gtest.h>

#include <string>

namespace wageflow {
namespace {

std::string repeated(const std::string& text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

TEST(NameProblem, AcceptsPrintableNamesAndSaysWhatIsWrongWithTheRest) {
  const struct {
    std::string name;
    const char* problem;  // the start of it; nullptr: accepted
  } cases[] = {
      {"长春市", nullptr},
      {"长春市劳动人事争议仲裁院", nullptr},
      {"li.ming", nullptr},
      {"松原市 宁江区", nullptr},  // a space inside is part of the name
      {std::string(64, 'a'), nullptr},
      {repeated("院", 64), nullptr},  // 64 characters of three bytes each
      {repeated("院", 65), "is longer than 64 characters"},
      {"", "is blank"},
      {"  ", "is blank"},
      {"\xE3\x80\x80", "is blank"},  // the ideographic space
      {"\xff\xfe", "is not UTF-8 text"},
      {"长春\xE5", "is not UTF-8 text"},  // cut short
      {"刘\x1b[31m科长", "holds a control character"},
      {"a\tb", "holds a control character"},
      {"a\nb", "holds a control character"},
      {"a\xC2\x85"
       "b",
       "holds a control character"},  // U+0085, a C1 control
      {std::string(65, 'a'), "is longer than 64 characters"},
      {" 长春市", "starts or ends with a space"},
      {"长春市 ", "starts or ends with a space"},
      {"长春市\xE3\x80\x80", "starts or ends with a space"},
      {"\xC2\xA0长春市", "starts or ends with a space"},
  };
  for (const auto& c : cases) {
    const std::optional<std::string> problem = name_problem(c.name);
    if (c.problem == nullptr) {
      EXPECT_EQ(problem, std::nullopt) << "name: '" << c.name << "'";
    } else {
      ASSERT_TRUE(problem.has_value()) << "name: '" << c.name << "'";
      EXPECT_EQ(problem->rfind(c.problem, 0), 0u) << "name: '" << c.name << "': " << *problem;
    }
  }
}

}  // namespace
}  // namespace wageflow
