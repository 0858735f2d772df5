#include "storage/storage.h"

#include <array>
#include <cctype>

#include "storage/errors.h"
#include "storage/postgresql_store.h"
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

// `url` with the password of a scheme://USER:PASSWORD@... URL replaced by
// "***", so that no message ever shows it.
std::string masked(const std::string& url) {
  const std::size_t start = url.find("://");
  if (start == std::string::npos) return url;
  const std::size_t at = url.rfind('@');
  if (at == std::string::npos || at < start) return url;
  const std::size_t colon = url.find(':', start + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

// RFC 3986 percent-decoding; false on a broken %-escape.
bool percent_decode(const std::string& text, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      return false;
    }
    out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return true;
}

// The libpq settings a URL may add after '?'.
constexpr std::array<const char*, 11> kPostgresqlOptions = {
    "sslmode",    "sslrootcert",     "sslcert",          "sslkey",
    "sslcrl",     "connect_timeout", "application_name", "target_session_attrs",
    "keepalives", "keepalives_idle", "options"};

bool known_option(const std::string& key) {
  for (const char* option : kPostgresqlOptions) {
    if (key == option) return true;
  }
  return false;
}

// postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?key=value&...] (also
// postgres://; HOST may be [IPv6] or a %-encoded socket folder). Throws
// malformed_url, with the password masked, naming what is wrong.
PostgresqlTarget parse_postgresql_url(const std::string& url) {
  const std::string shown = masked(url);
  auto refuse = [&](const std::string& why) { return malformed_url(shown, why); };
  const std::size_t start = url.find("://");
  if (start == std::string::npos) {
    throw refuse("is not of the form postgresql://USER[:PASSWORD]@HOST:PORT/DB");
  }
  std::string rest = url.substr(start + 3);
  std::string query;
  if (const std::size_t mark = rest.find('?'); mark != std::string::npos) {
    query = rest.substr(mark + 1);
    rest = rest.substr(0, mark);
  }
  PostgresqlTarget target;
  const std::size_t at = rest.rfind('@');
  if (at == std::string::npos || at == 0) throw refuse("names no user (USER@HOST)");
  const std::string userinfo = rest.substr(0, at);
  const std::size_t colon = userinfo.find(':');
  if (!percent_decode(userinfo.substr(0, colon), target.user) ||
      (colon != std::string::npos &&
       !percent_decode(userinfo.substr(colon + 1), target.password))) {
    throw refuse("has a broken %-escape in the user or password");
  }
  if (target.user.empty()) throw refuse("names no user (USER@HOST)");

  const std::string location = rest.substr(at + 1);
  const std::size_t slash = location.find('/');
  if (slash == std::string::npos) throw refuse("names no database (HOST:PORT/DB)");
  std::string hostport = location.substr(0, slash);
  std::string port_text;
  if (starts_with(hostport, "[")) {
    const std::size_t close = hostport.find(']');
    if (close == std::string::npos) throw refuse("has an unclosed [ in the host");
    target.host = hostport.substr(1, close - 1);
    if (close + 1 < hostport.size()) {
      if (hostport[close + 1] != ':') throw refuse("has text after the ] of the host");
      port_text = hostport.substr(close + 2);
    }
  } else {
    const std::size_t port_colon = hostport.rfind(':');
    std::string host = hostport.substr(0, port_colon);
    if (port_colon != std::string::npos) port_text = hostport.substr(port_colon + 1);
    if (!percent_decode(host, target.host)) throw refuse("has a broken %-escape in the host");
  }
  if (target.host.empty()) throw refuse("names no host (USER@HOST:PORT)");
  if (!port_text.empty() || hostport.back() == ':') {
    const bool digits = !port_text.empty() && port_text.size() <= 5 &&
                        port_text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stoi(port_text) < 1 || std::stoi(port_text) > 65535) {
      throw refuse("has a bad port '" + port_text + "' (1 to 65535)");
    }
    target.port = std::stoi(port_text);
  }
  if (!percent_decode(location.substr(slash + 1), target.database)) {
    throw refuse("has a broken %-escape in the database name");
  }
  if (target.database.empty()) throw refuse("names no database (HOST:PORT/DB)");
  if (target.database.find('/') != std::string::npos) {
    throw refuse("has a '/' in the database name '" + target.database + "'");
  }

  std::size_t begin = 0;
  while (!query.empty() && begin <= query.size()) {
    std::size_t end = query.find('&', begin);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(begin, end - begin);
    begin = end + 1;
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    const std::string key = pair.substr(0, equals);
    std::string value;
    if (equals == std::string::npos || !percent_decode(pair.substr(equals + 1), value)) {
      throw refuse("has a setting '" + key + "' without a proper value (key=value)");
    }
    if (!known_option(key)) {
      std::string known;
      for (const char* option : kPostgresqlOptions)
        known += (known.empty() ? "" : ", ") + std::string(option);
      throw refuse("has an unknown setting '" + key + "' (known: " + known + ")");
    }
    target.options.emplace_back(key, value);
  }
  return target;
}

}  // namespace

std::unique_ptr<Store> open_store(const std::string& url) {
  return open_store(url, StoreNotice());
}

std::unique_ptr<Store> open_store(const std::string& url, const StoreNotice& notice) {
  if (url.empty()) throw malformed_url(url, "is empty");
  if (starts_with(url, "postgresql:") || starts_with(url, "postgres:")) {
    return open_postgresql_store(parse_postgresql_url(url), notice);
  }
  std::string path = url;
  if (starts_with(path, "sqlite:")) {
    path = path.substr(7);
    // The URL form sqlite:///abs/path or sqlite://relative/path.
    if (starts_with(path, "//")) path = path.substr(2);
  } else if (const std::string scheme = url_scheme(url); !scheme.empty()) {
    throw malformed_url(masked(url), "has an unknown scheme '" + scheme + "'");
  }
  if (path.empty()) throw malformed_url(url, "names no file");
  return open_sqlite_store(path, notice);
}

AccountStore* account_store(Store& store) {
  return dynamic_cast<AccountStore*>(&store);
}

ReportSubmissionStore* report_submission_store(Store& store) {
  return dynamic_cast<ReportSubmissionStore*>(&store);
}

}  // namespace wageflow
