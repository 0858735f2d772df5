// Opening a wageflow database. The only storage header other folders use;
// SOCI never appears in it.
#pragma once

#include <memory>
#include <string>

#include "engine/runtime/store.h"

namespace wageflow {

// Opens (and on first use creates) the database named by `url`:
//   "sqlite:PATH" or a plain path -> SQLite file (WAL, busy timeout,
//                                    synchronous=FULL)
//   "postgresql://USER@HOST:PORT/DB" -> PostgreSQL (issue 3; until then a
//                                    StoreError saying it is not built in)
// Creates the schema in an empty database and applies forward migrations.
// Throws StoreError with a one-line message a person can act on when the
// file is not a wageflow database, has a newer schema than this program,
// cannot be opened or written (read-only file or folder), or the URL is
// malformed. The returned Store is used by one thread at a time; open one
// per thread or process.
std::unique_ptr<Store> open_store(const std::string& url);

}  // namespace wageflow
