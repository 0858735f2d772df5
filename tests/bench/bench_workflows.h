// A workflows folder for the benchmarks that go through CaseService or the
// `wageflow` binary: <scratch>/workflows with reference.yaml and the
// shipped calendars.
#pragma once

#include <filesystem>
#include <string>

namespace wageflow::bench {

// Creates (again) <scratch>/workflows and returns its path.
inline std::string make_workflows_folder(const std::string& scratch) {
  namespace fs = std::filesystem;
  const fs::path source(WAGEFLOW_SOURCE_DIR);
  const fs::path dir = fs::path(scratch) / "workflows";
  fs::remove_all(dir);
  fs::create_directories(dir / "calendars");
  fs::copy_file(source / "tests/bench/reference.yaml", dir / "bench-reference.yaml");
  for (const auto& entry : fs::directory_iterator(source / "workflows/calendars")) {
    fs::copy_file(entry.path(), dir / "calendars" / entry.path().filename());
  }
  return dir.string();
}

}  // namespace wageflow::bench
