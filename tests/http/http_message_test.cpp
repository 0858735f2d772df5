// Reading headers, cookies, media types and forms of a request.
#include "adapters/http/http_message.h"

#include <gtest/gtest.h>

namespace wageflow::http {
namespace {

TEST(HttpMessageTest, HeadersAreFoundWhateverTheirCase) {
  HttpRequest request;
  request.headers = {{"content-type", "Application/JSON; charset=utf-8"}, {"X-A", "1"}};
  EXPECT_EQ(request.header("Content-Type"), "Application/JSON; charset=utf-8");
  EXPECT_EQ(request.media_type(), "application/json");
  EXPECT_TRUE(request.has_header("x-a"));
  EXPECT_FALSE(request.has_header("X-B"));
  EXPECT_EQ(request.header("X-B"), "");
}

TEST(HttpMessageTest, CookiesAreReadFromEveryCookieHeader) {
  HttpRequest request;
  request.headers = {{"Cookie", "a=1; wageflow_session=abc ;b=2"}, {"cookie", "c=3"}};
  EXPECT_EQ(request.cookie("wageflow_session"), "abc");
  EXPECT_EQ(request.cookie("c"), "3");
  EXPECT_FALSE(request.cookie("wageflow").has_value());
}

TEST(HttpMessageTest, FormsAreDecoded) {
  auto form =
      parse_form("user=%E6%9D%8E%E6%98%8E&token=wft_a+b&next=%2Fcases%3Fx%3D1&empty&bad=%zz");
  EXPECT_EQ(form.find("user")->second, "李明");
  EXPECT_EQ(form.find("token")->second, "wft_a b");
  EXPECT_EQ(form.find("next")->second, "/cases?x=1");
  EXPECT_EQ(form.find("empty")->second, "");
  EXPECT_EQ(form.find("bad")->second, "%zz");
}

TEST(HttpMessageTest, SetHeaderReplacesAndAddHeaderKeepsBoth) {
  HttpResponse response;
  response.set_header("ETag", "\"1\"");
  response.set_header("etag", "\"2\"");
  response.add_header("Set-Cookie", "a=1");
  response.add_header("Set-Cookie", "b=2");
  EXPECT_EQ(response.header("ETag"), "\"2\"");
  EXPECT_EQ(response.headers.size(), 3u);
}

}  // namespace
}  // namespace wageflow::http
