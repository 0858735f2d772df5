#include "storage/errors.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <sqlite3.h>

#include <exception>
#include <regex>

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

}  // namespace

void rethrow_as_store_error(const std::string& db, const std::string& doing) {
  try {
    throw;
  } catch (const StoreError&) {
    throw;
  } catch (const soci::sqlite3_soci_error& error) {
    throw_sqlite(db, doing, error);
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

}  // namespace wageflow
