// The wageflow schema: an ordered list of forward migrations, recorded in
// the schema_version table. docs/schema.md describes every table.
#pragma once

#include <string>
#include <vector>

#include "storage/dialect.h"
#include "storage/storage.h"

namespace soci {
class session;
}

namespace wageflow {

struct Migration {
  int version;  // 1, 2, ... without gaps
  std::string summary;
  std::vector<std::string> (*statements)(const Dialect& dialect);
};

// Every migration this program knows, oldest first.
const std::vector<Migration>& migrations();
// The version the newest migration brings a database to.
int latest_schema_version();

// Makes the database behind `sql` a current wageflow database, or throws
// StoreError (naming `db`) and changes nothing:
// - refuses a database that has tables but no schema_version table, one
//   whose version is newer than latest_schema_version(), or one missing a
//   wageflow table;
// - configures the database (journal mode) only after that check, so a
//   foreign file is never touched;
// - applies the missing migrations in one write transaction, which also
//   proves that the database can be written (a read-only one fails here,
//   not halfway through a later command).
// Safe to run from several processes at once: the version is read again
// under the write lock. When it upgrades a database that had a schema
// already, `notice` (if set) hears a line before (which versions, what they
// change, that it may take a while) and one after.
void prepare_schema(soci::session& sql, const Dialect& dialect, const std::string& db,
                    const StoreNotice& notice = {});

}  // namespace wageflow
