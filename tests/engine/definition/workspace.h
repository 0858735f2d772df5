// Test helpers for the definition loader: a temporary folder with a small
// calendar in calendars/, workflow files written into it, and lookups of
// diagnostics by place and text.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "engine/definition/definition.h"

namespace wageflow::testing {

// calendars/test-cal.yaml: weekends sat/sun, 2025 with New Year's Day off
// and one make-up working day.
inline constexpr const char* kTestCalendar = R"(calendar: test-cal
timezone: '+08:00'
weekend: [sat, sun]
years:
  2025:
    holidays: ['2025-01-01']
    workdays: ['2025-01-26']
)";

struct Loaded {
  Result<std::shared_ptr<const Definition>> result = Error{"not loaded"};
  std::vector<Diagnostic> diagnostics;
  std::string file;

  bool ok() const { return result.ok(); }
  const Definition& def() const { return *result.value(); }
  int errors() const {
    int n = 0;
    for (const auto& d : diagnostics) n += d.severity == Diagnostic::Severity::kError;
    return n;
  }
  int warnings() const { return static_cast<int>(diagnostics.size()) - errors(); }
  // Every diagnostic, one a line, for failure messages.
  std::string listing() const {
    std::string text = result.ok() ? "(loaded)\n" : "(failed: " + result.error() + ")\n";
    for (const auto& d : diagnostics) text += d.to_string() + "\n";
    return text;
  }
};

class Workspace {
 public:
  Workspace() {
    static std::atomic<int> counter{0};
    auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    dir_ = std::filesystem::temp_directory_path() /
           ("wageflow-definition-" + std::to_string(stamp) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(dir_ / "calendars");
    write("calendars/test-cal.yaml", kTestCalendar);
  }
  ~Workspace() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream out(path(name), std::ios::binary);
    out << text;
    return path(name);
  }

  LoadOptions options() const {
    LoadOptions options;
    options.calendars_dir = path("calendars");
    return options;
  }

  Loaded load(const std::string& yaml, const LoadOptions& options) const {
    Loaded loaded;
    loaded.file = write("workflow.yaml", yaml);
    loaded.result = load_definition_file(loaded.file, options, &loaded.diagnostics);
    return loaded;
  }
  Loaded load(const std::string& yaml) const { return load(yaml, options()); }

 private:
  std::filesystem::path dir_;
};

// The diagnostics at line:column whose message contains `text`.
inline std::vector<Diagnostic> at(const Loaded& loaded, int line, int column,
                                  const std::string& text) {
  std::vector<Diagnostic> found;
  for (const auto& d : loaded.diagnostics) {
    if (d.line == line && d.column == column && d.message.find(text) != std::string::npos) {
      found.push_back(d);
    }
  }
  return found;
}

// Expects exactly one error at line:column containing `text`.
inline void expect_error(const Loaded& loaded, int line, int column, const std::string& text) {
  auto found = at(loaded, line, column, text);
  EXPECT_EQ(found.size(), 1u) << "no single error at " << line << ":" << column << " with '" << text
                              << "' in:\n"
                              << loaded.listing();
  if (found.size() == 1) {
    EXPECT_EQ(found[0].severity, Diagnostic::Severity::kError);
  }
  EXPECT_FALSE(loaded.ok()) << loaded.listing();
}

// Expects exactly one warning at line:column containing `text`.
inline void expect_warning(const Loaded& loaded, int line, int column, const std::string& text) {
  auto found = at(loaded, line, column, text);
  EXPECT_EQ(found.size(), 1u) << "no single warning at " << line << ":" << column << " with '"
                              << text << "' in:\n"
                              << loaded.listing();
  if (found.size() == 1) {
    EXPECT_EQ(found[0].severity, Diagnostic::Severity::kWarning);
  }
}

// A complete, valid workflow to start from (11 lines).
inline constexpr const char* kMinimal = R"(workflow: demo
version: 1
calendar: test-cal
roles: [clerk, director]
states:
  open: {initial: true}
  done: {final: true}
transitions:
  - event: finish
    from: open
    to: done
)";

}  // namespace wageflow::testing
