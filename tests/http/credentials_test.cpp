// Tokens, session secrets and their hashes; the names `user add` accepts.
#include "adapters/http/credentials.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace wageflow::http {
namespace {

TEST(CredentialsTest, TokensAreLongRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string token = issue_token();
    EXPECT_TRUE(std::regex_match(token, std::regex("wft_[A-Za-z0-9_-]{43}"))) << token;
    EXPECT_TRUE(seen.insert(token).second) << "repeated token " << token;
  }
  EXPECT_TRUE(std::regex_match(random_secret(), std::regex("[A-Za-z0-9_-]{43}")));
}

TEST(CredentialsTest, TheHashIsSha256HexOfTheSecret) {
  EXPECT_EQ(secret_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(secret_hash("wft_a"), secret_hash("wft_b"));
}

TEST(CredentialsTest, SameSecretComparesWholeStrings) {
  EXPECT_TRUE(same_secret("abc", "abc"));
  EXPECT_FALSE(same_secret("abc", "abd"));
  EXPECT_FALSE(same_secret("abc", "abcd"));
  EXPECT_FALSE(same_secret("", "a"));
}

TEST(CredentialsTest, UserNamesRolesAndOfficesAreChecked) {
  struct Case {
    std::string text;
    bool user, role, office;
  };
  const std::vector<Case> cases = {
      {"李明", true, false, true},
      {"li.ming", true, false, true},
      {"intake_clerk", true, true, true},
      {"", false, false, false},
      {" 李明", false, false, false},  // an office with a space before it is another office
      {"  ", false, false, false},
      {"a:b", false, false, true},
      {"a\nb", false, false, false},
      {"system", false, true, true},
      {"Director", true, false, true},
      {"9lives", true, false, true},
      {std::string(65, 'a'), false, false, false},
      {"\xff\xfe", false, false, false},
      {"李四\xC2\xA0", false, false, false},      // a no-break space at the end
      {"\xE3\x80\x80李四", false, false, false},  // an ideographic space first
      {"李\xC2\x85四", false, false, false},      // U+0085, a C1 control
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("'" + c.text + "'");
    EXPECT_EQ(check_user_name(c.text).ok(), c.user);
    EXPECT_EQ(check_role_name(c.text).ok(), c.role);
    EXPECT_EQ(check_office_name(c.text).ok(), c.office);
  }
  EXPECT_NE(check_user_name("system").error().find("reserved"), std::string::npos);
  // A name that would not print as text is not repeated in the message.
  for (const std::string bad : {"长春\x1b[2J市", "长春\n市", "\xb3\xa4\xb4\xba"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(check_office_name(bad).error().find(bad), std::string::npos);
    EXPECT_EQ(check_office_name(bad).error().rfind("the office is not accepted: it ", 0), 0u)
        << check_office_name(bad).error();
    EXPECT_EQ(check_user_name(bad).error().find(bad), std::string::npos);
  }
  EXPECT_EQ(
      check_office_name(" 长春市").error(),
      "office ' 长春市' is not accepted: it starts or ends with a space: remove it (an office "
      "is 1 to 64 printable characters, e.g. 长春市)");
}

}  // namespace
}  // namespace wageflow::http
