// What every command of the `wageflow` CLI is given: the global options,
// where to print, the logger, and the clock (`--now` or the system clock).
// Private to adapters/cli.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/presentation/case_json.h"
#include "engine/core/date.h"
#include "engine/core/result.h"
#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "engine/runtime/published_definitions.h"

namespace spdlog {
class logger;
}

namespace wageflow::cli {

// The exit codes of the contract (design/cli.md).
enum ExitCode : int {
  kExitDone = 0,
  kExitInvalid = 1,   // refused, or the input is wrong: nothing changed
  kExitUsage = 2,     // command-line usage error
  kExitConflict = 3,  // the case changed under us: nothing changed, try again
  kExitFault = 4,     // internal fault (database gone, disk full, a bug)
};

// The zone of a bare `--now` date when no workflow calendar is at hand.
inline constexpr int kDefaultUtcOffsetMinutes = presentation::kDefaultUtcOffsetMinutes;

struct GlobalOptions {
  std::string db = "wageflow.db";
  std::string workflows = "workflows";
  std::optional<std::string> now;  // the text of --now / WAGEFLOW_NOW, checked at start
};

class Context {
 public:
  Context(GlobalOptions options, std::ostream& out, std::ostream& err, spdlog::logger& log)
      : options(std::move(options)), out(out), err(err), log(log) {}

  // The current time: --now read in a zone `utc_offset_minutes` east of UTC
  // (a bare date is 09:00 there), or the system clock. --now was checked
  // when the command line was parsed.
  Instant now(int utc_offset_minutes = kDefaultUtcOffsetMinutes) const;

  // Prints "wageflow: MESSAGE" on stderr (PII in it masked as on log lines)
  // and returns `code`.
  int fail(ExitCode code, std::string_view message) const;

  const GlobalOptions options;
  std::ostream& out;
  std::ostream& err;
  spdlog::logger& log;
};

// The database, the workflows folder and the service over them, for the
// commands that work on cases. Not copyable or movable (the service holds
// references to the other two).
struct Session {
  explicit Session(std::unique_ptr<Store> opened, const std::string& workflows_dir)
      : store(std::move(opened)),
        definitions(workflows_dir),
        latest_definitions(*store, definitions),
        service(*store, latest_definitions) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::unique_ptr<Store> store;
  FolderDefinitionSource definitions;
  // New cases get the latest published version, else the folder's file.
  PublishedFirstDefinitionSource latest_definitions;
  CaseService service;
};

// Opens --db and --workflows. A database that cannot be opened (not a
// wageflow database, a newer schema, read-only, a bad URL) is wrong input:
// the error is open_store's message, for exit code 1. Faults after opening
// are thrown (StoreError) and become exit code 4 in run().
Result<std::unique_ptr<Session>> open_session(const Context& context);

// The UTC offset of a definition's calendar, or the default without one.
int utc_offset_of(const Definition& definition);

}  // namespace wageflow::cli
