#include "adapters/http/static_files.h"

#include <fstream>
#include <map>
#include <sstream>

#include "adapters/http/api_context.h"

namespace wageflow::http {
namespace {

namespace fs = std::filesystem;

bool is_inside(const fs::path& root, const fs::path& candidate) {
  auto r = root.begin();
  auto c = candidate.begin();
  for (; r != root.end(); ++r, ++c) {
    if (r->empty()) continue;  // a trailing separator
    if (c == candidate.end() || *r != *c) return false;
  }
  return true;
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

HttpResponse file_response(const fs::path& file) {
  auto text = read_file(file);
  if (!text) throw ProblemError(Problem{404, "unknown-route", "no such file"});
  HttpResponse response;
  response.content_type = content_type_for(file);
  response.body = std::move(*text);
  response.set_header("Cache-Control", "no-cache");
  return response;
}

constexpr const char* kPlaceholderIndex = R"(<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>wageflow</title></head>
<body>
<h1>wageflow</h1>
<p>The staff pages are coming. Until then, use the JSON API (<a href="/openapi.json">/openapi.json</a>)
or log in here to get a session.</p>
<form method="post" action="/login">
  <label>User <input name="user" autocomplete="username"></label>
  <label>Token <input name="token" type="password" autocomplete="current-password"></label>
  <button type="submit">Log in</button>
</form>
</body>
</html>
)";

HttpResponse index_page(Exchange& ex) {
  const fs::path index = fs::path(ex.services.settings.web_dir) / "index.html";
  std::error_code ec;
  if (fs::is_regular_file(index, ec)) return file_response(index);
  HttpResponse response;
  response.content_type = "text/html; charset=utf-8";
  response.body = kPlaceholderIndex;
  response.set_header("Cache-Control", "no-cache");
  return response;
}

HttpResponse static_file(Exchange& ex) {
  const std::string& relative = ex.param("path");
  StaticLookup lookup = find_static_file(ex.services.settings.web_dir, relative);
  switch (lookup.status) {
    case StaticLookup::Status::kTraversal:
      throw ProblemError(Problem{400, "invalid-parameter",
                                 "the path of a static file may not contain '..', '.', hidden "
                                 "names, backslashes or empty segments"});
    case StaticLookup::Status::kMissing:
      throw ProblemError(Problem{404, "unknown-route", "no file /static/" + relative});
    case StaticLookup::Status::kFound:
      break;
  }
  return file_response(lookup.file);
}

}  // namespace

StaticLookup find_static_file(const std::string& web_dir, const std::string& relative) {
  StaticLookup result;
  if (relative.empty() || relative.find('\\') != std::string::npos ||
      relative.find('\0') != std::string::npos) {
    result.status = StaticLookup::Status::kTraversal;
    return result;
  }
  std::size_t start = 0;
  while (start <= relative.size()) {
    std::size_t end = relative.find('/', start);
    if (end == std::string::npos) end = relative.size();
    const std::string segment = relative.substr(start, end - start);
    if (segment.empty() || segment.front() == '.') {
      result.status = StaticLookup::Status::kTraversal;
      return result;
    }
    start = end + 1;
  }
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::absolute(web_dir, ec), ec);
  if (ec) return result;
  const fs::path candidate = fs::weakly_canonical(root / relative, ec);
  if (ec || !is_inside(root, candidate) || !fs::is_regular_file(candidate, ec)) return result;
  result.status = StaticLookup::Status::kFound;
  result.file = candidate;
  return result;
}

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".htm", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".webp", "image/webp"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto found = kTypes.find(file.extension().string());
  return found == kTypes.end() ? "application/octet-stream" : found->second;
}

void add_page_routes(Router& router) {
  router.add({"GET", "/", Access::kPublic, "the staff pages (index.html)", index_page});
  router.add(
      {"GET", "/static/{path...}", Access::kPublic, "files of the staff pages", static_file});
}

}  // namespace wageflow::http
