// `wageflow user add|token|list` and `wageflow serve` refusing to start.
#include <sys/wait.h>

#include <regex>
#include <thread>

#include "api/support/fixture.h"

namespace wageflow::api {
namespace {

class AccountsCli : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kPostgresql) {
      WAGEFLOW_REQUIRE_POSTGRES();
    }
    server_ = std::make_unique<ApiServer>(GetParam());
  }
  RunResult run(const std::vector<std::string>& command) const { return server_->cli(command); }
  std::unique_ptr<ApiServer> server_;
};

TEST_P(AccountsCli, UserAddPrintsATokenOnceAndKeepsOnlyItsHash) {
  RunResult added = run({"user", "add", "李明", "--role", "intake_clerk", "--role", "mediator",
                         "--office", "长春市"});
  ASSERT_EQ(added.exit_code, 0) << added.describe();
  const std::string token = added.last_line();
  EXPECT_TRUE(std::regex_match(token, std::regex("wft_[A-Za-z0-9_-]{43}"))) << added.out;
  EXPECT_NE(added.out.find("user 李明 added: roles intake_clerk, mediator; office 长春市"),
            std::string::npos)
      << added.out;

  RunResult listed = run({"user", "list"});
  EXPECT_EQ(listed.out, "李明  intake_clerk,mediator  长春市\n");
  EXPECT_EQ(listed.out.find(token), std::string::npos);
  if (GetParam() == kSqlite) {
    for (const char* suffix : {"", "-wal"}) {
      const std::string bytes = e2e::read_file(server_->sandbox().db() + suffix);
      EXPECT_EQ(bytes.find(token.substr(4)), std::string::npos) << "the token is stored in clear";
    }
  }

  RunResult another = run({"user", "token", "李明"});
  ASSERT_EQ(another.exit_code, 0) << another.describe();
  EXPECT_NE(another.last_line(), token);
  server_->start();
  EXPECT_EQ(ApiClient(server_->port(), token).get("/api/session").status, 200);
  EXPECT_EQ(ApiClient(server_->port(), another.last_line()).get("/api/session").status, 200);
}

TEST_P(AccountsCli, UserAddRefusesWhatItCannotUse) {
  ASSERT_EQ(run({"user", "add", "王芳", "--role", "director", "--province"}).exit_code, 0);
  struct Case {
    std::vector<std::string> command;
    int exit_code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"user", "add", "王芳", "--role", "director", "--province"}, 1, "user 王芳 exists already"},
      {{"user", "add", "赵敏", "--role", "judge", "--office", "长春市"},
       1,
       "role 'judge' is a role of no workflow"},
      {{"user", "add", "赵敏", "--role", "Judge", "--office", "长春市"},
       1,
       "role 'Judge' is not a role name"},
      {{"user", "add", "赵敏", "--role", "mediator"}, 2, "needs --office OFFICE (or --province"},
      {{"user", "add", "system", "--role", "mediator", "--office", "长春市"}, 1, "reserved"},
      {{"user", "add", "a:b", "--role", "mediator", "--office", "长春市"}, 1, "not allowed"},
      {{"user", "add", "赵敏", "--office", "长春市"}, 2, "--role"},
      {{"user", "token", "nobody"}, 1, "no user nobody"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.message);
    RunResult result = run(c.command);
    EXPECT_EQ(result.exit_code, c.exit_code) << result.describe();
    EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
  }
  EXPECT_EQ(run({"user", "list"}).out, "王芳  director  -  (province-wide)\n");
}

TEST_P(AccountsCli, ServeRefusesToStartOnABadAddressOrABusyPort) {
  RunResult bad = run({"serve", "--listen", "localhost"});
  EXPECT_EQ(bad.exit_code, 1) << bad.describe();
  EXPECT_NE(bad.err.find("--listen expects HOST:PORT"), std::string::npos) << bad.err;

  server_->start();
  auto second =
      server_->sandbox().start({"serve", "--listen", "127.0.0.1:" + std::to_string(server_->port()),
                                "--tick-interval", "0"});
  int status = 0;
  pid_t exited = 0;
  for (int i = 0; i < 100 && exited != second->pid(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    exited = waitpid(second->pid(), &status, WNOHANG);
  }
  if (exited != second->pid()) {
    second->kill(SIGTERM);
    FAIL() << "a second server started on a port in use: " << second->wait().describe();
  }
  EXPECT_EQ(WEXITSTATUS(status), 1);
  RunResult busy = second->wait();  // its output (the exit code was collected above)
  EXPECT_NE(busy.err.find("cannot listen on 127.0.0.1:"), std::string::npos) << busy.err;
}

TEST(ServeCli, RefusesADatabaseThatIsNotWageflowsBeforeListening) {
  Sandbox sandbox;
  e2e::write_file(sandbox.dir() / "other.db", "not a database at all, just text");
  sandbox.set_db((sandbox.dir() / "other.db").string());
  RunResult result = sandbox.run({"serve", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(result.exit_code, 1) << result.describe();
  EXPECT_NE(result.err.find("not a database"), std::string::npos) << result.err;
  EXPECT_EQ(result.out.find("listening"), std::string::npos);
}

WAGEFLOW_API_ON_EVERY_BACKEND(AccountsCli);

}  // namespace
}  // namespace wageflow::api
