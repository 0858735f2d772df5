// The `wageflow` executable: hands the command line to wageflow::cli::run.
#include <iostream>
#include <string>
#include <vector>

#include "adapters/cli/cli.h"
#include "storage/storage.h"

int main(int argc, char** argv) {
  // Before any database is opened (docs/performance.md, HTTP).
  wageflow::use_sqlite_without_memory_statistics();
  std::vector<std::string> args(argv, argv + argc);
  return wageflow::cli::run(args, std::cout, std::cerr);
}
