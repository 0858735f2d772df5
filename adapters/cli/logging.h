// The CLI's logger: spdlog lines on stderr, every line passed through
// mask_pii_in_text. Quiet by default (warnings and errors only); `--verbose`
// or WAGEFLOW_LOG=trace|debug|info|warn|error|off sets the level.
// Private to adapters/cli.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace spdlog {
class logger;
}

namespace wageflow::cli {

// A logger writing to `err`, not registered globally (each run() has its
// own). `level_name` is WAGEFLOW_LOG (empty: unset); `verbose` wins over it
// and means debug. Returns the logger and, for an unknown level name, a
// warning to print.
struct LoggerSetup {
  std::shared_ptr<spdlog::logger> logger;
  std::optional<std::string> warning;
};
LoggerSetup make_logger(std::ostream& err, const std::string& level_name, bool verbose);

}  // namespace wageflow::cli
