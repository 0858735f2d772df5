// The `wageflow` executable: hands the command line to wageflow::cli::run.
#include <iostream>
#include <string>
#include <vector>

#include "adapters/cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  return wageflow::cli::run(args, std::cout, std::cerr);
}
