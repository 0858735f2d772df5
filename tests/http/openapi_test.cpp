// The OpenAPI document (adapters/http/openapi.json, also served at
// /openapi.json) against the router: every route is documented with its
// method, every documented operation is a route, and who may call it
// (security) matches the route's access.
#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "adapters/http/api.h"
#include "adapters/http/server_clock.h"
#include "adapters/http/store_pool.h"

namespace wageflow::http {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

class OpenApiTest : public ::testing::Test {
 protected:
  OpenApiTest()
      : pool_("never-opened.db", "workflows"),
        log_(std::make_shared<spdlog::logger>("test",
                                              std::make_shared<spdlog::sinks::null_sink_mt>())),
        api_(settings(), pool_, clock_, *log_),
        document_(nlohmann::json::parse(openapi_document())) {}

  static ApiSettings settings() {
    ApiSettings s;
    s.test_clock = true;  // every route there is
    return s;
  }

  StorePool pool_;
  ServerClock clock_;
  std::shared_ptr<spdlog::logger> log_;
  Api api_;
  nlohmann::json document_;
};

TEST_F(OpenApiTest, TheServedDocumentIsTheFileInTheRepository) {
  std::ifstream in(std::string(WAGEFLOW_SOURCE_DIR) + "/adapters/http/openapi.json");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(nlohmann::json::parse(text.str()), document_);
  EXPECT_EQ(document_["openapi"], "3.1.0");
}

TEST_F(OpenApiTest, EveryRouteIsDocumentedWithItsMethod) {
  for (const Route& route : api_.router().routes()) {
    const std::string path = Router::openapi_path(route.pattern);
    SCOPED_TRACE(route.method + " " + route.pattern);
    ASSERT_TRUE(document_["paths"].contains(path)) << "path missing from openapi.json";
    EXPECT_TRUE(document_["paths"][path].contains(lower(route.method)))
        << "method missing from openapi.json";
  }
}

TEST_F(OpenApiTest, EveryDocumentedOperationIsARoute) {
  std::set<std::pair<std::string, std::string>> routes;
  for (const Route& route : api_.router().routes()) {
    routes.emplace(lower(route.method), Router::openapi_path(route.pattern));
  }
  static const std::set<std::string> kMethods = {"get",  "put",     "post", "delete",
                                                 "head", "options", "patch"};
  for (const auto& [path, item] : document_["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (!kMethods.count(method)) continue;
      SCOPED_TRACE(method + " " + path);
      EXPECT_TRUE(routes.count({method, path})) << "documented but not routed";
    }
  }
}

TEST_F(OpenApiTest, DocumentedSecurityMatchesWhetherTheRouteNeedsAUser) {
  for (const Route& route : api_.router().routes()) {
    const auto& operation =
        document_["paths"][Router::openapi_path(route.pattern)][lower(route.method)];
    SCOPED_TRACE(route.method + " " + route.pattern);
    const bool is_public = operation.contains("security") && operation["security"].empty();
    EXPECT_EQ(is_public, route.access == Access::kPublic);
    if (route.access == Access::kAuthenticated) {
      EXPECT_TRUE(operation["responses"].contains("401")) << "401 not documented";
    }
  }
}

TEST_F(OpenApiTest, EveryProblemResponseUsesTheProblemSchema) {
  for (const auto& [path, item] : document_["paths"].items()) {
    for (const auto& [method, operation] : item.items()) {
      if (!operation.is_object() || !operation.contains("responses")) continue;
      for (const auto& [status, response] : operation["responses"].items()) {
        if (status[0] != '4' && status[0] != '5') continue;
        SCOPED_TRACE(method + " " + path + " " + status);
        EXPECT_TRUE(response["content"].contains("application/problem+json"));
      }
    }
  }
}

}  // namespace
}  // namespace wageflow::http
