// The fixture most API tests share: a server on every backend with a few
// real users, and helpers to open and look at cases.
#pragma once

#include <gtest/gtest.h>

#include "api/support/api_client.h"
#include "api/support/api_server.h"
#include "support/postgres.h"

namespace wageflow::api {

inline Json fasttrack_values() {
  return {{"worker_name", "张三丰"},
          {"worker_id_no", "220106199001011234"},
          {"worker_phone", "13812341234"},
          {"employer", "长春宏达建筑工程有限公司"},
          {"region", "长春市"},
          {"claim_amount", "8600"}};
}

class ApiTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kPostgresql) {
      WAGEFLOW_REQUIRE_POSTGRES();
    }
    server_ = std::make_unique<ApiServer>(GetParam(), settings());
    clerk_token_ = server_->add_user("李明", {"intake_clerk", "mediator"}, "长春市");
    director_token_ = server_->add_user("王芳", {"director", "arbitrator"}, "", true);
    jilin_token_ = server_->add_user("赵敏", {"intake_clerk", "mediator"}, "吉林市");
    lawyer_token_ = server_->add_user("陈律师", {"lawyer"}, "长春市");
    add_users();
    server_->start();
  }

  virtual ServeSettings settings() const { return {}; }
  virtual void add_users() {}

  ApiClient as(const std::string& token) const { return ApiClient(server_->port(), token); }
  ApiClient clerk() const { return as(clerk_token_); }
  ApiClient director() const { return as(director_token_); }
  ApiClient jilin() const { return as(jilin_token_); }
  ApiClient lawyer() const { return as(lawyer_token_); }
  ApiClient anonymous() const { return ApiClient(server_->port()); }

  // Opens a fast-track case as the clerk (office 长春市); returns its id.
  std::string open_fasttrack(const ApiClient& client, Json values = fasttrack_values()) const {
    Reply reply = client.post_json(
        "/api/cases", {{"workflow", "wage-arbitration-fasttrack"}, {"values", values}});
    EXPECT_EQ(reply.status, 201) << reply.describe();
    return reply.json().value("id", "");
  }
  std::string open_fasttrack() const { return open_fasttrack(clerk()); }

  Json show(const std::string& id) const { return director().get("/api/cases/" + id).json(); }
  std::size_t audit_records(const std::string& id) const {
    return director().get("/api/cases/" + id + "/audit").json()["records"].size();
  }
  // The server still answers.
  void expect_serving() const {
    Reply health = anonymous().get("/healthz");
    EXPECT_EQ(health.status, 200) << health.describe();
  }

  std::unique_ptr<ApiServer> server_;
  std::string clerk_token_, director_token_, jilin_token_, lawyer_token_;
};

}  // namespace wageflow::api

#define WAGEFLOW_API_ON_EVERY_BACKEND(suite)                                              \
  INSTANTIATE_TEST_SUITE_P(                                                               \
      , suite, ::testing::Values(::wageflow::api::kSqlite, ::wageflow::api::kPostgresql), \
      [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; })
