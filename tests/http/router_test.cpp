// Router: literal segments, {name} and {name...} parameters, 404 versus
// 405 with the allowed methods, HEAD answered by GET.
#include "adapters/http/router.h"

#include <gtest/gtest.h>

namespace wageflow::http {
namespace {

Router sample() {
  Router router;
  auto ok = [](Exchange&) { return HttpResponse{}; };
  router.add({"GET", "/api/cases", Access::kAuthenticated, "", ok});
  router.add({"POST", "/api/cases", Access::kAuthenticated, "", ok});
  router.add({"GET", "/api/cases/{id}", Access::kAuthenticated, "", ok});
  router.add({"POST", "/api/cases/{id}/events", Access::kAuthenticated, "", ok});
  router.add({"GET", "/api/workflows/{id}", Access::kAuthenticated, "", ok});
  router.add({"POST", "/api/workflows/validate", Access::kAuthenticated, "", ok});
  router.add({"GET", "/static/{path...}", Access::kPublic, "", ok});
  return router;
}

struct MatchCase {
  std::string method;
  std::string path;
  std::string pattern;  // "" : no route
  std::string params;   // "name=value;..."
  std::string allowed;  // for 405: "GET,HEAD"
};

std::string params_text(const std::map<std::string, std::string>& params) {
  std::string text;
  for (const auto& [k, v] : params) text += k + "=" + v + ";";
  return text;
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& n : names) text += (text.empty() ? "" : ",") + n;
  return text;
}

TEST(RouterTest, MatchesPatternsAndTellsNotFoundFromMethodNotAllowed) {
  const Router router = sample();
  const std::vector<MatchCase> cases = {
      {"GET", "/api/cases", "/api/cases", "", ""},
      {"POST", "/api/cases", "/api/cases", "", ""},
      {"HEAD", "/api/cases", "/api/cases", "", ""},
      {"DELETE", "/api/cases", "", "", "GET,POST,HEAD"},
      {"GET", "/api/cases/2025-000001", "/api/cases/{id}", "id=2025-000001;", ""},
      {"PUT", "/api/cases/2025-000001", "", "", "GET,HEAD"},
      {"POST", "/api/cases/2025-000001/events", "/api/cases/{id}/events", "id=2025-000001;", ""},
      {"GET", "/api/cases/2025-000001/events", "", "", "POST"},
      {"GET", "/api/cases/", "", "", ""},  // an empty id is no id
      {"GET", "/api/cases/a/b", "", "", ""},
      {"POST", "/api/workflows/validate", "/api/workflows/validate", "", ""},
      {"GET", "/api/workflows/validate", "/api/workflows/{id}", "id=validate;", ""},
      {"GET", "/static/css/site.css", "/static/{path...}", "path=css/site.css;", ""},
      {"GET", "/static/a", "/static/{path...}", "path=a;", ""},
      {"GET", "/static/", "", "", ""},
      {"GET", "/static", "", "", ""},
      {"GET", "/nothing", "", "", ""},
      {"GET", "", "", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.method + " " + c.path);
    RouteMatch match = router.match(c.method, c.path);
    EXPECT_EQ(match.route ? match.route->pattern : "", c.pattern);
    EXPECT_EQ(params_text(match.params), c.params);
    EXPECT_EQ(joined(match.allowed_methods), c.allowed);
  }
}

TEST(RouterTest, RefusesDuplicateRoutesAndMisplacedRestParameters) {
  Router router = sample();
  auto ok = [](Exchange&) { return HttpResponse{}; };
  EXPECT_THROW(router.add({"GET", "/api/cases", Access::kPublic, "", ok}), std::invalid_argument);
  EXPECT_THROW(router.add({"GET", "/a/{rest...}/b", Access::kPublic, "", ok}),
               std::invalid_argument);
  EXPECT_THROW(router.add({"GET", "no-slash", Access::kPublic, "", ok}), std::invalid_argument);
}

TEST(RouterTest, OpenApiPathDropsTheRestMarker) {
  EXPECT_EQ(Router::openapi_path("/static/{path...}"), "/static/{path}");
  EXPECT_EQ(Router::openapi_path("/api/cases/{id}"), "/api/cases/{id}");
}

}  // namespace
}  // namespace wageflow::http
