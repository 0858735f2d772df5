// A field's `check:`: resident_id, the GB 11643 resident ID number.
#include "engine/definition/field_check.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace wageflow {
namespace {

// tests/support/resident_ids.json: the numbers the staff pages' own check
// (adapters/web/fields.js) is tested with too, so both agree on each.
nlohmann::json resident_ids() {
  std::ifstream in(std::string(WAGEFLOW_SOURCE_DIR) + "/tests/support/resident_ids.json");
  return nlohmann::json::parse(in);
}

TEST(FieldCheck, ResidentIdPassesRealNumbersAndSaysWhatIsWrongWithOthers) {
  const nlohmann::json numbers = resident_ids()["numbers"];
  ASSERT_GE(numbers.size(), 10u);
  for (const auto& c : numbers) {
    const std::string number = c["number"];
    SCOPED_TRACE("'" + number + "' " + c.value("why", ""));
    const std::string problem = field_check_problem(FieldCheck::kResidentId, number);
    if (c["valid"]) {
      EXPECT_EQ(problem, "");
    } else {
      EXPECT_EQ(problem.rfind("is not a resident ID number: ", 0), 0u) << problem;
      EXPECT_NE(problem.find(c["problem"].get<std::string>()), std::string::npos) << problem;
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
