// A field's `check:`: resident_id, the GB 11643 resident ID number.
#include "engine/definition/field_check.h"

#include <gtest/gtest.h>

namespace wageflow {
namespace {

struct IdCase {
  const char* text;
  const char* problem;  // "" when the number passes; else a part of what is said
};

TEST(FieldCheck, ResidentIdPassesRealNumbersAndSaysWhatIsWrongWithOthers) {
  for (const IdCase& c : {
           IdCase{"11010519491231002X", ""},  // the example of GB 11643-1999
           IdCase{"440524190001010017", ""},  // born on the first day counted
           IdCase{"22011819900101123X", ""}, IdCase{"220106199001011234", ""},
           IdCase{"11010519491231002", "it has 17 characters where an ID number has 18"},
           IdCase{"11010519491231002X1", "it has 19 characters"}, IdCase{"", "it has 0 characters"},
           IdCase{"11010519491231002x", "(a capital X)"},
           IdCase{"1101051949123100XX", "an ID number is 17 digits, then a digit or X"},
           IdCase{"A1010519491231002X", "an ID number is 17 digits"},
           IdCase{"11010519491231003X", "does not fit them"},  // one digit mistyped
           IdCase{"11010519492131002X", "(19492131, the 7th to 14th characters) is not a real"},
           IdCase{"22010219900230123X", "(19900230"},          // 30 February
           IdCase{"22010218991231123X", "(18991231"},          // before 1900
           IdCase{"11010591491231002X", "does not fit them"},  // two digits swapped
       }) {
    SCOPED_TRACE(std::string("'") + c.text + "'");
    const std::string problem = field_check_problem(FieldCheck::kResidentId, c.text);
    if (*c.problem == '\0') {
      EXPECT_EQ(problem, "");
    } else {
      EXPECT_EQ(problem.rfind("is not a resident ID number: ", 0), 0u) << problem;
      EXPECT_NE(problem.find(c.problem), std::string::npos) << problem;
    }
  }
}

TEST(FieldCheck, NoCheckPassesEverything) {
  EXPECT_EQ(field_check_problem(FieldCheck::kNone, "anything"), "");
}

TEST(FieldCheck, EveryNameStandsForTheCheckThatCarriesIt) {
  for (std::string_view name : kFieldCheckNames) {
    auto check = field_check_named(name);
    ASSERT_TRUE(check) << name;
    EXPECT_EQ(field_check_name(*check), name);
  }
  EXPECT_FALSE(field_check_named("resident-id"));
  EXPECT_FALSE(field_check_named(""));
}

}  // namespace
}  // namespace wageflow
