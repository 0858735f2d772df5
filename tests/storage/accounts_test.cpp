// The AccountStore (users, roles, tokens, sessions) and the office of cases
// (migration 3), on every backend fixture.
#include <gtest/gtest.h>

#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

std::string roles_of(const UserRecord& user) {
  std::string text;
  for (const auto& role : user.roles) text += (text.empty() ? "" : ",") + role;
  return text;
}

class AccountsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    WAGEFLOW_REQUIRE_BACKEND(GetParam());
    fixture_ = GetParam().make();
    store_ = fixture_->open();
    accounts_ = account_store(*store_);
    ASSERT_NE(accounts_, nullptr);
  }

  // A case of workflow `w` in `office`, committed directly; returns its id.
  std::string open_case(const std::string& office) {
    CommitRequest request;
    request.after.workflow = "w";
    request.after.version = 1;
    request.after.definition_sha256 = store_->pin_definition("w", 1, "workflow: w\n");
    request.after.office = office;
    request.after.state = "intake";
    request.after.status = "active";
    request.after.data = "{}";
    request.after.row_version = 1;
    request.new_case_id_prefix = "2025-";
    AuditRecord open;
    open.actor = "李明";
    open.role = "intake_clerk";
    open.kind = "open";
    open.to_state = "intake";
    open.data = "{}";
    request.records = {open};
    return store_->commit(request).case_id;
  }

  std::unique_ptr<BackendFixture> fixture_;
  std::unique_ptr<Store> store_;
  AccountStore* accounts_ = nullptr;
};

TEST_P(AccountsTest, AUserIsFoundByNameAndByTokenWithRolesInTheOrderGiven) {
  UserRecord user{"李明", {"mediator", "intake_clerk"}, "长春市", false, 1737680000};
  ASSERT_TRUE(accounts_->add_user(user, "hash-of-token-1"));

  for (const auto& found :
       {accounts_->find_user("李明"), accounts_->user_with_token("hash-of-token-1")}) {
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->name, "李明");
    EXPECT_EQ(roles_of(*found), "mediator,intake_clerk");
    EXPECT_EQ(found->office, "长春市");
    EXPECT_FALSE(found->province_wide);
    EXPECT_EQ(found->created_at, 1737680000);
  }
  EXPECT_FALSE(accounts_->user_with_token("another-hash").has_value());
  EXPECT_FALSE(accounts_->find_user("李").has_value());
}

TEST_P(AccountsTest, ASecondUserOfTheSameNameIsRefusedAndItsTokenIsNotStored) {
  ASSERT_TRUE(accounts_->add_user({"王芳", {"director"}, "", true, 1}, "first"));
  EXPECT_FALSE(accounts_->add_user({"王芳", {"mediator"}, "吉林市", false, 2}, "second"));
  EXPECT_FALSE(accounts_->user_with_token("second").has_value());
  auto kept = accounts_->find_user("王芳");
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(roles_of(*kept), "director");
  EXPECT_TRUE(kept->province_wide);
}

TEST_P(AccountsTest, AnotherTokenWorksBesideTheFirstAndNeedsAnExistingUser) {
  ASSERT_TRUE(accounts_->add_user({"赵敏", {"mediator"}, "长春市", false, 1}, "first"));
  ASSERT_TRUE(accounts_->add_token("赵敏", "second", 2));
  EXPECT_EQ(accounts_->user_with_token("first")->name, "赵敏");
  EXPECT_EQ(accounts_->user_with_token("second")->name, "赵敏");
  EXPECT_FALSE(accounts_->add_token("nobody", "third", 3));
  EXPECT_FALSE(accounts_->user_with_token("third").has_value());
}

TEST_P(AccountsTest, UsersAreListedByName) {
  ASSERT_TRUE(accounts_->add_user({"b", {"mediator"}, "o", false, 1}, "t1"));
  ASSERT_TRUE(accounts_->add_user({"a", {"director", "arbitrator"}, "", true, 1}, "t2"));
  auto users = accounts_->list_users();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name, "a");
  EXPECT_EQ(roles_of(users[0]), "director,arbitrator");
  EXPECT_EQ(users[1].name, "b");
}

TEST_P(AccountsTest, SessionsAreFoundRemovedAndSweptWhenExpired) {
  ASSERT_TRUE(accounts_->add_user({"李明", {"mediator"}, "长春市", false, 1}, "t"));
  accounts_->add_session("s-old", {"李明", "csrf-old", 100, 200});
  accounts_->add_session("s-new", {"李明", "csrf-new", 100, 900});
  auto found = accounts_->find_session("s-new");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user, "李明");
  EXPECT_EQ(found->csrf_token, "csrf-new");
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(found->expires_at, 900);

  EXPECT_EQ(accounts_->remove_expired_sessions(200), 1);
  EXPECT_FALSE(accounts_->find_session("s-old").has_value());
  EXPECT_TRUE(accounts_->find_session("s-new").has_value());
  accounts_->remove_session("s-new");
  EXPECT_FALSE(accounts_->find_session("s-new").has_value());
}

TEST_P(AccountsTest, AccountsSurviveReopeningTheDatabase) {
  ASSERT_TRUE(accounts_->add_user({"李明", {"mediator"}, "长春市", false, 1}, "t"));
  accounts_->add_session("s", {"李明", "c", 1, 2});
  store_.reset();
  auto reopened = fixture_->open();
  AccountStore* accounts = account_store(*reopened);
  ASSERT_NE(accounts, nullptr);
  EXPECT_EQ(accounts->user_with_token("t")->office, "长春市");
  EXPECT_TRUE(accounts->find_session("s").has_value());
}

// The lookups that authenticate requests are prepared once per connection
// and run again: each must see what another connection wrote since (no
// read snapshot kept from the previous run), and a user without roles is
// found with none.
TEST_P(AccountsTest, LookupsRunAgainSeeWhatAnotherConnectionWroteMeanwhile) {
  ASSERT_TRUE(accounts_->add_user({"李明", {"mediator", "arbitrator"}, "长春市", false, 1}, "t1"));
  accounts_->add_session("s1", {"李明", "c1", 1, 900});
  ASSERT_TRUE(accounts_->user_with_token("t1").has_value());
  ASSERT_TRUE(accounts_->find_user("李明").has_value());
  ASSERT_TRUE(accounts_->find_session("s1").has_value());
  EXPECT_FALSE(accounts_->user_with_token("t2").has_value());

  auto other_store = fixture_->open();
  AccountStore* other = account_store(*other_store);
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(other->add_user({"王芳", {"intake_clerk"}, "吉林市", false, 2}, "t2"));
  ASSERT_TRUE(other->add_token("李明", "t3", 3));
  other->remove_session("s1");
  other->add_session("s2", {"王芳", "c2", 2, 900});
  ASSERT_TRUE(other->add_user({"赵敏", {}, "", true, 4}, "t4"));

  for (int round = 0; round < 2; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    auto wang = accounts_->user_with_token("t2");
    ASSERT_TRUE(wang.has_value());
    EXPECT_EQ(wang->name, "王芳");
    EXPECT_EQ(wang->office, "吉林市");
    EXPECT_EQ(roles_of(*wang), "intake_clerk");
    auto li = accounts_->user_with_token("t3");
    ASSERT_TRUE(li.has_value());
    EXPECT_EQ(roles_of(*li), "mediator,arbitrator");
    EXPECT_FALSE(accounts_->find_session("s1").has_value());
    auto session = accounts_->find_session("s2");
    ASSERT_TRUE(session.has_value());
    EXPECT_EQ(session->user, "王芳");
    EXPECT_EQ(session->csrf_token, "c2");
    auto zhao = accounts_->find_user("赵敏");
    ASSERT_TRUE(zhao.has_value());
    EXPECT_TRUE(zhao->province_wide);
    EXPECT_EQ(zhao->roles.size(), 0u);
    EXPECT_EQ(accounts_->user_with_token("t4")->created_at, 4);
  }
}

TEST_P(AccountsTest, ACaseKeepsItsOfficeThroughCommitsAndListsFilterByOffice) {
  const std::string changchun = open_case("长春市");
  const std::string jilin = open_case("吉林市");
  EXPECT_EQ(store_->load_case(changchun)->office, "长春市");

  CaseRecord after = *store_->load_case(jilin);
  CommitRequest advance;
  advance.after = after;
  advance.after.office = "somewhere else";  // a commit never moves a case to another office
  advance.after.state = "accepted";
  advance.after.row_version = after.row_version + 1;
  advance.expected_row_version = after.row_version;
  ASSERT_EQ(store_->commit(advance).status, CommitResult::Status::kCommitted);
  EXPECT_EQ(store_->load_case(jilin)->office, "吉林市");

  CaseFilter filter;
  filter.office = "吉林市";
  auto listed = store_->list_cases(filter);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, jilin);
  EXPECT_EQ(listed[0].office, "吉林市");
  filter.office = "";
  EXPECT_EQ(store_->list_cases(filter).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountsTest, ::testing::ValuesIn(backend_fixtures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace wageflow::testing
