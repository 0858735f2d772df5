// The `wageflow` command (../../docs/cli.md and the design contract cli.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace wageflow::cli {

// Runs the command line `args` (args[0] is the program name), writing to
// `out` and `err`; environment variables are read through `getenv`.
// Returns the exit code of the contract: 0 done, 1 refused or invalid,
// 2 usage, 3 conflict, 4 internal fault. Never throws.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace wageflow::cli
