// Fuzzes the workflow loader: any text must come back as a definition or as
// diagnostics, never as a crash, a hang or undefined behaviour. Calendars
// are the shipped ones (a fuzzed `calendar:` name reads a file or reports
// it missing).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/definition/definition.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const wageflow::LoadOptions options = [] {
    wageflow::LoadOptions o;
    o.calendars_dir = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows/calendars";
    return o;
  }();
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<wageflow::Diagnostic> diagnostics;
  auto loaded = wageflow::load_definition_text(text, "fuzz.yaml", options, &diagnostics);
  if (loaded.ok() && !(*loaded)->source_text.empty() && (*loaded)->source_text != text) {
    __builtin_trap();  // a loaded definition keeps its exact text
  }
  return 0;
}
