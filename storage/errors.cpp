#include "storage/errors.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <regex>
#include <sstream>
#include <vector>

namespace wageflow {
namespace {

StoreError about(const std::string& db, const std::string& message) {
  return StoreError(message + ": " + db);
}

// SOCI prefixes messages with the backend function that failed
// ("sqlite3_statement_backend::loadOne: "): of no use to a person.
std::string engine_text(const soci::soci_error& error) {
  static const std::regex kBackendPrefix(R"(^[A-Za-z0-9_]+::[A-Za-z0-9_]+: )");
  std::string text = std::regex_replace(error.get_error_message(), kBackendPrefix, "");
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

[[noreturn]] void throw_sqlite(const std::string& db, const std::string& doing,
                               const soci::sqlite3_soci_error& error) {
  const std::string text = engine_text(error);
  switch (error.result() & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      throw about(db, "DB is busy: another wageflow process kept it locked too long while " +
                          doing + "; nothing was changed, try again");
    case SQLITE_READONLY:
    case SQLITE_PERM:
      throw read_only_file(db);
    case SQLITE_NOTADB:
      throw about(db, "DB is not a database file");
    case SQLITE_CORRUPT:
      throw about(db, "DB file is damaged (" + text + "): restore it from a backup");
    case SQLITE_FULL:
      throw about(db, "disk full while " + doing + ": nothing was changed; free some space");
    case SQLITE_CANTOPEN:
      throw cannot_open(db, text);
    case SQLITE_IOERR:
      throw about(db, "DB input/output error while " + doing + " (" + text +
                          "): check the disk and the file");
    case SQLITE_CONSTRAINT:
      throw about(db,
                  "DB refused the change while " + doing + " (" + text + "): nothing was changed");
    default:
      throw about(db, "DB error while " + doing + ": " + text);
  }
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// libpq and server messages as one line: the primary message of each
// failure, without SOCI's preamble ("Cannot execute query. Fatal error."),
// libpq's "connection to server at ... failed:" prefixes, severity labels,
// DETAIL/HINT/CONTEXT lines and indented continuation lines; distinct
// messages joined by "; ".
std::string postgresql_text(const std::string& message) {
  static const std::regex kSociPreamble(
      R"(^(Cannot [A-Za-z ]+\.\s*)?(Fatal error\.\s*)?(Connection failed\.\s*)?)");
  static const std::regex kServerPrefix(R"(^connection to server (at|on) .*?, port \d+ failed: )");
  static const std::regex kSeverity(R"(^(ERROR|FATAL|PANIC):\s+)");
  static const std::regex kLabel(R"(^(DETAIL|HINT|CONTEXT|LINE \d+|QUERY|STATEMENT):)");
  std::vector<std::string> parts;
  std::istringstream lines(message);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || std::isspace(static_cast<unsigned char>(line[0]))) continue;
    if (std::regex_search(line, kLabel)) continue;
    line = std::regex_replace(line, kSociPreamble, "");
    line = std::regex_replace(line, kServerPrefix, "");
    line = std::regex_replace(line, kSeverity, "");
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    if (line.empty() || line[0] == '^') continue;
    if (std::find(parts.begin(), parts.end(), line) == parts.end()) parts.push_back(line);
  }
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text.empty() ? "connection failed" : text;
}

bool connection_lost(const std::string& text) {
  const std::string l = lower(text);
  return contains(l, "server closed the connection") ||
         contains(l, "no connection to the server") || contains(l, "terminating connection") ||
         contains(l, "connection to server was lost") || contains(l, "could not receive data") ||
         contains(l, "could not send data");
}

// Error codes: https://www.postgresql.org/docs/15/errcodes-appendix.html
[[noreturn]] void throw_postgresql(const std::string& db, const std::string& doing,
                                   const soci::postgresql_soci_error& error) {
  const std::string state = error.sqlstate();
  const std::string text = postgresql_text(error.get_error_message());
  auto is = [&](const char* code) { return state == code; };
  auto in_class = [&](const char* prefix) { return state.rfind(prefix, 0) == 0; };
  if (in_class("08") || is("57P01") || is("57P02") || is("57P03") || connection_lost(text)) {
    throw about(db, "lost the connection to PostgreSQL while " + doing + " (" + text +
                        "): nothing more was done; check the server, then look at the case "
                        "before retrying (a command with --key can simply be retried)");
  }
  if (is("40001") || is("40P01") || is("55P03") || is("57014")) {
    throw about(db,
                "DB is busy: PostgreSQL stopped this transaction because of another "
                "wageflow process (" +
                    text + ") while " + doing + "; nothing was changed, try again");
  }
  // 23: a constraint; 21: a statement that would write one row twice (two
  // timers of one name in a commit written as one statement).
  if (in_class("23") || in_class("21")) {
    throw about(db,
                "DB refused the change while " + doing + " (" + text + "): nothing was changed");
  }
  if (is("42501")) {
    throw about(db, "PostgreSQL denied this login a permission it needs while " + doing + " (" +
                        text + "): grant it, or connect as the database's owner");
  }
  if (is("25006")) {
    throw about(db, "DB is read-only: the PostgreSQL server accepts no writes (" + text +
                        "): connect to the primary server");
  }
  if (is("53100")) {
    throw about(db, "disk full on the PostgreSQL server while " + doing +
                        ": nothing was changed; free some space");
  }
  if (is("53200")) throw about(db, "PostgreSQL ran out of memory while " + doing);
  if (in_class("XX")) {
    throw about(db, "PostgreSQL reports damaged data (" + text + ") while " + doing +
                        ": restore it from a backup");
  }
  throw about(db, "DB error while " + doing + ": " + text);
}

}  // namespace

void rethrow_as_store_error(const std::string& db, const std::string& doing) {
  try {
    throw;
  } catch (const StoreError&) {
    throw;
  } catch (const soci::sqlite3_soci_error& error) {
    throw_sqlite(db, doing, error);
  } catch (const soci::postgresql_soci_error& error) {
    throw_postgresql(db, doing, error);
  } catch (const soci::soci_error& error) {
    switch (error.get_error_category()) {
      case soci::soci_error::connection_error:
        throw cannot_open(db, engine_text(error));
      case soci::soci_error::no_privilege:
        throw read_only_file(db);
      default:
        throw about(db, "DB error while " + doing + ": " + engine_text(error));
    }
  } catch (const std::bad_alloc&) {
    throw about(db, "out of memory while " + doing);
  } catch (const std::exception& error) {
    throw about(db, "DB error while " + doing + ": " + error.what());
  } catch (...) {
    throw about(db, "unknown fault while " + doing);
  }
}

StoreError not_a_wageflow_database(const std::string& db) {
  return about(db, "DB is not a wageflow database (no schema_version table, and it is not empty)");
}

StoreError newer_schema(const std::string& db, int found, int known) {
  return about(db, "DB has schema version " + std::to_string(found) +
                       "; this wageflow knows up to " + std::to_string(known) +
                       ": upgrade wageflow");
}

StoreError damaged_schema(const std::string& db, const std::string& what) {
  return about(db, "DB is damaged or was changed by hand (" + what + "): restore it from a backup");
}

StoreError read_only_file(const std::string& db) {
  return about(db, "DB is read-only: cannot write (check the file's permissions)");
}

StoreError read_only_folder(const std::string& db, const std::string& folder) {
  return about(db, "DB folder " + folder +
                       " is read-only: cannot create the DB or its journal files there (check "
                       "the folder's permissions)");
}

StoreError cannot_open(const std::string& db, const std::string& reason) {
  return StoreError("cannot open DB " + db + ": " + reason);
}

StoreError backend_not_built(const std::string& backend) {
  return StoreError(backend + " support is not built into this wageflow yet");
}

StoreError malformed_url(const std::string& url, const std::string& why) {
  return StoreError("DB URL '" + url + "' " + why +
                    " (use sqlite:PATH, a plain file path, or postgresql://USER@HOST:PORT/DB)");
}

StoreError postgresql_connect_error(const std::string& address, const std::string& user,
                                    const std::string& database, const std::string& text) {
  const std::string reason = postgresql_text(text);
  const std::string l = lower(reason);
  if (contains(l, "database \"") && contains(l, "does not exist")) {
    return StoreError("PostgreSQL database " + database + " does not exist on " + address +
                      ": create it first (createdb -E UTF8 -T template0 " + database + ")");
  }
  if (contains(l, "password authentication failed") || contains(l, "no password supplied") ||
      contains(l, "authentication failed") || contains(l, "pg_hba.conf") ||
      (contains(l, "role \"") && contains(l, "does not exist")) ||
      contains(l, "not permitted to log in") || contains(l, "permission denied for database")) {
    return StoreError("PostgreSQL refused the login of " + user + ": " + reason);
  }
  if (contains(l, "too many clients") || contains(l, "remaining connection slots")) {
    return StoreError("PostgreSQL at " + address + " has no free connection (" + reason +
                      "): close some, or raise max_connections");
  }
  if (contains(l, "starting up") || contains(l, "shutting down") || contains(l, "recovery mode")) {
    return StoreError("PostgreSQL at " + address + " is not accepting connections yet (" + reason +
                      "): try again shortly");
  }
  return StoreError("cannot reach PostgreSQL at " + address + ": " + reason);
}

StoreError not_utf8_database(const std::string& db, const std::string& database,
                             const std::string& encoding) {
  return about(db, "PostgreSQL database " + database + " uses encoding " + encoding +
                       "; wageflow needs UTF8 (createdb -E UTF8 -T template0 " + database + ")");
}

}  // namespace wageflow
