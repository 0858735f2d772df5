// Opening a wageflow database. The only storage header other folders use;
// SOCI never appears in it.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/runtime/store.h"
#include "storage/accounts.h"
#include "storage/report_submissions.h"

namespace wageflow {

// Opens (and on first use creates) the database named by `url`:
//   "sqlite:PATH" or a plain path -> SQLite file (WAL, busy timeout,
//                                    synchronous=FULL; "sqlite:PATH?synchronous=normal"
//                                    for NORMAL: a power loss may lose the last commits)
//   "postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=...]" (or
//   "postgres://") -> a database on a PostgreSQL server (port 5432 by
//                                    default; docs/postgresql.md)
// Creates the schema in an empty database and applies forward migrations.
// Throws StoreError with a one-line message a person can act on when the
// file is not a wageflow database, has a newer schema than this program,
// cannot be opened or written (read-only file or folder), the server cannot
// be reached or refuses the login, or the URL is malformed. No message ever
// contains a password. The returned Store is used by one thread at a time; open one
// per thread or process.
std::unique_ptr<Store> open_store(const std::string& url);

// A line open_store wants a person to see while it works, without the
// "wageflow: " prefix. Today: that it is upgrading the schema of an existing
// database (which rewrites tables: about half a minute per million cases
// for the upgrade to version 6 on SQLite) and, after, that it did. Called
// on the opening thread; must not throw.
using StoreNotice = std::function<void(const std::string& line)>;

// open_store, telling `notice` (when set) what a person should know.
std::unique_ptr<Store> open_store(const std::string& url, const StoreNotice& notice);

// Turns off SQLite's memory statistics for the whole process, so that its
// allocations stop taking one process-wide mutex: with many connections
// on threads (wageflow serve) they waited on it. Nothing in wageflow reads
// those statistics. Call it at the start of main, before anything opens a
// database: true when done; false once SQLite has started (a database was
// opened), and then nothing changes. Not thread-safe.
bool use_sqlite_without_memory_statistics();

// The accounts (users, tokens, sessions) of the database behind a Store that
// open_store returned, on the same connection (so the same thread rules);
// nullptr for any other Store. Owned by `store`.
AccountStore* account_store(Store& store);

// The report submissions (storage/report_submissions.h) of the database
// behind a Store that open_store returned, on the same connection; nullptr
// for any other Store. Owned by `store`.
ReportSubmissionStore* report_submission_store(Store& store);

}  // namespace wageflow
