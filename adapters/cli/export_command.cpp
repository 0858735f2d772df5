// export --out FILE [--force]: every definition, published version and case
// with its audit trail, as a wageflow export file (docs/export-format.md).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>

#include "adapters/cli/commands.h"
#include "adapters/cli/export_format.h"
#include "storage/audit_chain.h"

namespace wageflow::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kCasesPerRead = 500;
constexpr std::int64_t kProgressEvery = 1000;

// The file being written beside the target; removed unless renamed into
// place, so a failed export never leaves a half file under the real name.
class PartialFile {
 public:
  explicit PartialFile(std::string path) : path_(std::move(path)) {}
  ~PartialFile() {
    if (!kept_) ::unlink(path_.c_str());
  }
  PartialFile(const PartialFile&) = delete;
  PartialFile& operator=(const PartialFile&) = delete;

  const std::string& path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  std::string path_;
  bool kept_ = false;
};

}  // namespace

int export_database(const Context& context, const ExportOptions& options) {
  std::error_code ec;
  if (fs::is_directory(options.out, ec)) {
    return context.fail(kExitInvalid, "cannot export to " + options.out + ": it is a folder");
  }
  if (fs::exists(options.out, ec) && !options.force) {
    return context.fail(kExitInvalid, options.out +
                                          " exists already; nothing was written (use --force to "
                                          "overwrite it)");
  }
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Store& store = *opened.value()->store;

  PartialFile partial(options.out + ".partial-" + std::to_string(::getpid()));
  std::ofstream out(partial.path(), std::ios::binary | std::ios::trunc);
  if (!out) {
    return context.fail(kExitInvalid, "cannot write " + partial.path() + ": " +
                                          std::strerror(errno) + "; nothing was exported");
  }
  ::chmod(partial.path().c_str(), 0600);  // personal data: readable by the owner only

  ExportCounts counts;
  out << header_line() << '\n';
  for (const DefinitionRecord& definition : store.all_definitions()) {
    out << definition_line(definition) << '\n';
    ++counts.definitions;
  }
  for (const PublishedDefinition& published : store.published_definitions("")) {
    out << published_line(published) << '\n';
    ++counts.published;
  }
  std::vector<std::string> ids = store.case_ids();
  std::sort(ids.begin(), ids.end());
  const std::int64_t total = static_cast<std::int64_t>(ids.size());
  for (std::size_t first = 0; first < ids.size(); first += kCasesPerRead) {
    const std::size_t count = std::min(kCasesPerRead, ids.size() - first);
    const std::vector<std::string> chunk(ids.begin() + first, ids.begin() + first + count);
    for (const CaseWithTrail& c : store.export_cases(chunk)) {
      // A broken chain is not copied on: the import would refuse it anyway.
      ChainChecker checker(c.record.id, c.audit_seq);
      std::optional<std::string> broken;
      for (const StoredAuditRecord& record : c.trail) {
        if ((broken = checker.next(record))) break;
      }
      if (!broken) broken = checker.finish();
      if (broken) {
        return context.fail(kExitInvalid, "the audit trail is broken: " + *broken +
                                              "; nothing was exported (see audit verify)");
      }
      out << case_line(c) << '\n';
      for (const StoredAuditRecord& record : c.trail) out << audit_line(record) << '\n';
      ++counts.cases;
      counts.records += static_cast<std::int64_t>(c.trail.size());
      if (total > kProgressEvery && counts.cases % kProgressEvery == 0) {
        context.err << "exported " << counts.cases << "/" << total << " cases\n";
      }
    }
  }
  out << end_line(counts) << '\n';
  out.flush();
  if (!out || (out.close(), !out)) {
    return context.fail(kExitFault,
                        "writing " + partial.path() + " failed (disk full?); nothing was exported");
  }
  if (std::rename(partial.path().c_str(), options.out.c_str()) != 0) {
    return context.fail(kExitFault, "cannot move " + partial.path() + " to " + options.out + ": " +
                                        std::strerror(errno) + "; nothing was exported");
  }
  partial.keep();
  context.out << "exported " << counts.cases << " cases, " << counts.records << " audit records, "
              << counts.definitions << " definitions and " << counts.published
              << " published versions to " << options.out << '\n';
  return kExitDone;
}

}  // namespace wageflow::cli
