// The one place where database faults become StoreError messages a person
// can act on. Every message names the database it is about.
#pragma once

#include <string>

#include "engine/runtime/store.h"

namespace wageflow {

// Call only inside a catch block: rethrows the exception being handled as a
// StoreError. A StoreError passes through unchanged; SOCI, SQLite and
// PostgreSQL errors (busy, read-only, not a database, disk full, constraint,
// lost connection, permission) get a message saying what happened to `db`
// while `doing` and what to do about it.
[[noreturn]] void rethrow_as_store_error(const std::string& db, const std::string& doing);

// Messages for problems found by wageflow itself rather than the engine.
StoreError not_a_wageflow_database(const std::string& db);
StoreError newer_schema(const std::string& db, int found, int known);
StoreError damaged_schema(const std::string& db, const std::string& what);
StoreError read_only_file(const std::string& db);
StoreError read_only_folder(const std::string& db, const std::string& folder);
StoreError cannot_open(const std::string& db, const std::string& reason);
StoreError backend_not_built(const std::string& backend);
// `url` must already have any password masked.
StoreError malformed_url(const std::string& url, const std::string& why);

// Connecting to PostgreSQL at `address` (HOST:PORT) as `user` failed with
// libpq's message `text`: says whether the server could not be reached,
// refused the login, or lacks `database`, in one line.
StoreError postgresql_connect_error(const std::string& address, const std::string& user,
                                    const std::string& database, const std::string& text);
StoreError not_utf8_database(const std::string& db, const std::string& database,
                             const std::string& encoding);

}  // namespace wageflow
