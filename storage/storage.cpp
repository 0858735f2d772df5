#include "storage/storage.h"

#include <cctype>

#include "storage/errors.h"
#include "storage/sqlite_store.h"

namespace wageflow {
namespace {

// "scheme" of "scheme://...", or "" when `url` has no such prefix.
std::string url_scheme(const std::string& url) {
  const std::size_t end = url.find("://");
  if (end == std::string::npos || end == 0) return "";
  if (!std::isalpha(static_cast<unsigned char>(url[0]))) return "";
  for (std::size_t i = 0; i < end; ++i) {
    const unsigned char c = static_cast<unsigned char>(url[i]);
    if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return "";
  }
  return url.substr(0, end);
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

}  // namespace

std::unique_ptr<Store> open_store(const std::string& url) {
  if (url.empty()) throw malformed_url(url, "is empty");
  if (starts_with(url, "postgresql:") || starts_with(url, "postgres:")) {
    throw backend_not_built("PostgreSQL");
  }
  std::string path = url;
  if (starts_with(path, "sqlite:")) {
    path = path.substr(7);
    // The URL form sqlite:///abs/path or sqlite://relative/path.
    if (starts_with(path, "//")) path = path.substr(2);
  } else if (const std::string scheme = url_scheme(url); !scheme.empty()) {
    throw malformed_url(url, "has an unknown scheme '" + scheme + "'");
  }
  if (path.empty()) throw malformed_url(url, "names no file");
  return open_sqlite_store(path);
}

}  // namespace wageflow
