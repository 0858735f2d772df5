// The SQLite backend: its Dialect and how a database file is opened.
#pragma once

#include <memory>
#include <string>

#include "engine/runtime/store.h"
#include "storage/dialect.h"
#include "storage/storage.h"

namespace wageflow {

// How long a writer waits for another connection's write lock before
// giving up with "DB is busy".
inline constexpr int kSqliteBusyTimeoutSeconds = 10;

std::unique_ptr<const Dialect> make_sqlite_dialect();

// Opens (creating it if absent) the SQLite database file at `path` in WAL
// mode with synchronous=FULL (or NORMAL when `path` ends in
// "?synchronous=normal"; "?synchronous=full" is the default; another value
// throws StoreError), foreign keys on and a busy timeout, and
// brings its schema up to date. Throws StoreError, before anything is
// written, when the folder is missing, the file or folder is read-only
// (judged by access(2) and, so that it also holds for root, by the
// permission bits: a file or folder without any write bit is read-only), or
// the file is not a wageflow database.
std::unique_ptr<Store> open_sqlite_store(const std::string& path, const StoreNotice& notice = {});

}  // namespace wageflow
