// Files of the web pages (--web DIR, default adapters/web) served under
// /static/ and at /. Private to adapters/http.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "engine/core/result.h"

namespace wageflow::http {

// The file that `relative` (the percent-decoded path after /static/) names
// inside `web_dir`:
//  - kTraversal for a path with a "..", ".", empty or hidden (".name")
//    segment, a backslash or a NUL byte: refused before the file system is
//    touched;
//  - kMissing for a path that resolves outside `web_dir` (a symbolic link
//    pointing out: the canonical path, by std::filesystem::weakly_canonical,
//    must lie under the canonical `web_dir`) or to no regular file;
//  - kFound with the canonical file otherwise.
struct StaticLookup {
  enum class Status { kFound, kTraversal, kMissing };
  Status status = Status::kMissing;
  std::filesystem::path file;
};
StaticLookup find_static_file(const std::string& web_dir, const std::string& relative);

// The Content-Type for a file name by its extension (UTF-8 for text).
std::string content_type_for(const std::filesystem::path& file);

}  // namespace wageflow::http
