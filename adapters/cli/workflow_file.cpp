#include "adapters/cli/workflow_file.h"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

namespace wageflow::cli {
namespace {

namespace fs = std::filesystem;

std::string resolve(const Context& context, const std::string& file) {
  std::error_code ec;
  if (fs::exists(file, ec)) return file;
  const fs::path by_id = fs::path(context.options.workflows) / (file + ".yaml");
  if (file.find('/') == std::string::npos && fs::is_regular_file(by_id, ec)) {
    return by_id.string();
  }
  return file;
}

}  // namespace

Result<std::string> read_workflow_text(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Error{"no such file"};
  if (fs::is_directory(path, ec)) return Error{"is a folder, not a file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"cannot be read (permissions?)"};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string calendars_dir_for(const Context& context, const std::string& file) {
  const fs::path beside = fs::path(file).parent_path() / "calendars";
  std::error_code ec;
  if (fs::is_directory(beside, ec)) return beside.string();
  return (fs::path(context.options.workflows) / "calendars").string();
}

std::shared_ptr<const Definition> load_workflow_file(const Context& context,
                                                     const std::string& file) {
  const std::string path = resolve(context, file);
  LoadOptions options;
  options.calendars_dir = calendars_dir_for(context, path);
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_file(path, options, &diagnostics);
  if (loaded.ok()) return loaded.value();
  for (const auto& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) context.err << d.to_string() << '\n';
  }
  context.fail(kExitInvalid, loaded.error() + "; run wageflow validate " + path);
  return nullptr;
}

}  // namespace wageflow::cli
