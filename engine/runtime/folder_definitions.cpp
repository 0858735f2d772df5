#include "engine/runtime/folder_definitions.h"

#include <algorithm>
#include <filesystem>

namespace wageflow {
namespace {

std::vector<std::filesystem::path> workflow_files(const std::string& dir) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

FolderDefinitionSource::FolderDefinitionSource(std::string workflows_dir)
    : dir_(std::move(workflows_dir)) {}

Result<std::shared_ptr<const Definition>> FolderDefinitionSource::latest(const std::string& id) {
  if (auto it = by_id_.find(id); it != by_id_.end()) return it->second;
  LoadOptions options;
  options.calendars_dir = calendars_dir();
  auto load = [&](const std::filesystem::path& path) -> Result<std::shared_ptr<const Definition>> {
    std::vector<Diagnostic> diagnostics;
    auto loaded = load_definition_file(path.string(), options, &diagnostics);
    if (!loaded) {
      // The first two errors (a broken calendar's line, then the first of
      // its own), and how many more there are.
      std::vector<std::string> errors;
      for (const auto& d : diagnostics) {
        if (d.severity == Diagnostic::Severity::kError) errors.push_back(d.to_string());
      }
      if (errors.empty()) return Error{"workflow " + id + " does not load: " + loaded.error()};
      std::string text = "workflow " + id + " does not load: " + errors[0];
      if (errors.size() > 1) text += "; then " + errors[1];
      if (errors.size() > 2) text += "; and " + std::to_string(errors.size() - 2) + " more";
      return Error{text};
    }
    return *loaded;
  };

  std::filesystem::path direct = std::filesystem::path(dir_) / (id + ".yaml");
  std::vector<std::filesystem::path> candidates;
  if (std::filesystem::exists(direct)) candidates.push_back(direct);
  for (const auto& file : workflow_files(dir_)) {
    if (file != direct) candidates.push_back(file);
  }
  std::vector<std::string> known;
  for (const auto& file : candidates) {
    auto loaded = load(file);
    if (!loaded) {
      if (file == direct) return Error{loaded.error()};
      continue;
    }
    known.push_back((*loaded)->id);
    if ((*loaded)->id == id) {
      by_id_[id] = *loaded;
      return *loaded;
    }
  }
  std::sort(known.begin(), known.end());
  // A file named directly is also in the folder's listing: name it once.
  known.erase(std::unique(known.begin(), known.end()), known.end());
  std::string list;
  for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
  std::error_code error;
  if (!std::filesystem::is_directory(dir_, error)) {
    return Error{"unknown workflow '" + id + "': the workflows folder '" + dir_ +
                 "' does not exist"};
  }
  return Error{"unknown workflow '" + id + "' in " + dir_ +
               "; known: " + (list.empty() ? "none" : list)};
}

Result<std::shared_ptr<const Definition>> FolderDefinitionSource::from_text(
    const std::string& sha256, const std::string& text) {
  if (auto it = by_sha_.find(sha256); it != by_sha_.end()) return it->second;
  LoadOptions options;
  options.calendars_dir = calendars_dir();
  options.stored_text = true;
  std::vector<Diagnostic> diagnostics;
  auto loaded = load_definition_text(text, "stored definition " + sha256.substr(0, 12), options,
                                     &diagnostics);
  if (!loaded) {
    for (const auto& d : diagnostics) {
      if (d.severity == Diagnostic::Severity::kError) return Error{d.to_string()};
    }
    return Error{loaded.error()};
  }
  by_sha_[sha256] = *loaded;
  return *loaded;
}

}  // namespace wageflow
