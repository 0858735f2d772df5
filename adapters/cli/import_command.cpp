// import FILE: definitions, cases and audit trails from a wageflow export
// file (docs/export-format.md). The whole file is checked before anything
// is written; then cases are committed in batches.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <ostream>
#include <set>

#include "adapters/cli/commands.h"
#include "adapters/cli/export_format.h"
#include "adapters/cli/replay_worker.h"
#include "engine/core/name_text.h"
#include "engine/runtime/codec.h"
#include "engine/runtime/migration.h"
#include "storage/audit_chain.h"

namespace wageflow::cli {
namespace {

constexpr std::size_t kHeadsPerLookup = 1000;
constexpr std::int64_t kCasesPerProgressLine = 10000;

struct FileStamp {
  off_t size = 0;
  std::int64_t modified_ns = 0;
  bool operator==(const FileStamp&) const = default;
};

std::optional<FileStamp> stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{st.st_size,
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// What the check pass learns for the write pass.
struct ImportPlan {
  std::vector<DefinitionRecord> definitions;   // those the database does not have yet
  std::vector<PublishedDefinition> published;  // those the database does not have yet
  std::set<std::string> already_imported;      // identical cases already in the database
  std::int64_t cases = 0;                      // in the file
  // ExportReader's digest of each case of the file, in file order: the
  // write pass, which does not walk the chains again, stops at a case
  // whose lines are not those that were checked.
  std::vector<std::uint64_t> case_digests;
  std::int64_t records = 0;
};

// The first pass: everything in the file against itself, the workflows
// folder and the target database. Writes nothing.
class FileCheck {
 public:
  // `progress` gets a line every kCasesPerProgressLine cases: the check of
  // a large file takes a while before anything is written.
  FileCheck(Session& session, ExportReader& reader, ImportPlan& plan, std::ostream& progress)
      : session_(session), reader_(reader), plan_(plan), progress_(progress) {}

  // nullopt when the file can be imported; else the first problem.
  std::optional<std::string> run() {
    std::optional<std::string> problem = read_and_check();
    // The cases being replayed were read before any problem found meanwhile.
    if (auto replayed = replays_.finish()) return replayed;
    return problem;
  }

 private:
  std::optional<std::string> read_and_check() {
    for (;;) {
      Result<ExportReader::Item> item = reader_.next();
      if (!item) return item.error();
      switch (item->kind) {
        case ExportReader::Item::Kind::kDefinition:
          if (auto problem = check_definition(item->definition, item->line)) return problem;
          break;
        case ExportReader::Item::Kind::kPublished:
          if (auto problem = check_published(item->published, item->line)) return problem;
          break;
        case ExportReader::Item::Kind::kCase:
          if (auto problem = check_case(item->c, item->line)) return problem;
          plan_.case_digests.push_back(item->digest);
          queue_replay(std::move(item->c), item->line);
          break;
        case ExportReader::Item::Kind::kEnd:
          return check_heads();
      }
    }
  }

  // The chain proves the trail; only a replay ties the case line (state,
  // values, timers) to it. `c` has passed check_case.
  void queue_replay(CaseWithTrail c, std::int64_t line) {
    ReplayJob job{reader_.where(line), definitions_.at(c.record.definition_sha256), {}, {}};
    for (const StoredAuditRecord& stored : c.trail) {
      if (stored.record.kind != "migrate") continue;
      auto recorded = read_migration_record(stored.record);
      if (!recorded) continue;  // the replay names it
      for (const std::string& sha256 : {recorded->from_sha256, recorded->to_sha256}) {
        if (auto found = definition(sha256)) job.earlier.emplace(sha256, *found);
      }
    }
    job.c = std::move(c);
    replays_.add(std::move(job));
  }

  std::optional<std::string> check_definition(const DefinitionRecord& d, std::int64_t line) {
    const std::string where = reader_.where(line) + "definition " + d.workflow + " version " +
                              std::to_string(d.version) + ": ";
    if (sha256_hex(d.yaml_text) != d.sha256) {
      return where + "its text does not hash to its sha256 " + d.sha256 + " (altered?)";
    }
    if (definitions_.count(d.sha256)) return where + "appears twice";
    auto loaded = session_.definitions.from_text(d.sha256, d.yaml_text);
    if (!loaded) return where + "does not load here: " + loaded.error();
    if ((*loaded)->id != d.workflow || (*loaded)->version != d.version) {
      return where + "its text is workflow " + (*loaded)->id + " version " +
             std::to_string((*loaded)->version);
    }
    definitions_.emplace(d.sha256, *loaded);
    if (!session_.store->definition(d.sha256)) plan_.definitions.push_back(d);
    return std::nullopt;
  }

  Result<std::shared_ptr<const Definition>> definition(const std::string& sha256) {
    auto it = definitions_.find(sha256);
    if (it != definitions_.end()) return it->second;
    std::optional<DefinitionRecord> stored = session_.store->definition(sha256);
    if (!stored) {
      return Error{"its definition " + sha256 + " is neither in the file nor in the database"};
    }
    auto loaded = session_.definitions.from_text(sha256, stored->yaml_text);
    if (!loaded) return Error{"its definition does not load here: " + loaded.error()};
    definitions_.emplace(sha256, *loaded);
    return *loaded;
  }

  // A published version names a definition of the file or the database of
  // its own workflow and version; the database may have it already, with the
  // same text.
  std::optional<std::string> check_published(const PublishedDefinition& p, std::int64_t line) {
    const std::string where = reader_.where(line) + "published " + p.workflow + " version " +
                              std::to_string(p.version) + ": ";
    if (!published_.insert({p.workflow, p.version}).second) return where + "appears twice";
    auto d = definition(p.sha256);
    if (!d) return where + d.error();
    if ((*d)->id != p.workflow || (*d)->version != p.version) {
      return where + "its definition is " + (*d)->id + " version " + std::to_string((*d)->version);
    }
    auto stored = stored_published_.find(p.workflow);
    if (stored == stored_published_.end()) {
      stored =
          stored_published_.emplace(p.workflow, session_.store->published_definitions(p.workflow))
              .first;
    }
    for (const PublishedDefinition& there : stored->second) {
      if (there.version != p.version) continue;
      if (there.sha256 == p.sha256) return std::nullopt;  // imported or published before
      return where + "the database has another text published as this version (sha256 " +
             there.sha256 + ")";
    }
    plan_.published.push_back(p);
    return std::nullopt;
  }

  std::optional<std::string> check_case(const CaseWithTrail& c, std::int64_t line) {
    const CaseRecord& r = c.record;
    const std::string where = reader_.where(line) + "case " + r.id + ": ";
    if (!ids_.insert(r.id).second) return where + "appears twice in the file";
    auto d = definition(r.definition_sha256);
    if (!d) return where + d.error();
    if ((*d)->id != r.workflow || (*d)->version != r.version) {
      return where + "says workflow " + r.workflow + " version " + std::to_string(r.version) +
             " but its definition is " + (*d)->id + " version " + std::to_string((*d)->version);
    }
    if (auto snapshot = from_record(**d, r); !snapshot) {
      return reader_.where(line) + snapshot.error();  // it names the case
    }
    if (c.trail.empty()) return where + "has no audit records (every case has at least its open)";
    // The office is not in the trail: it must at least be a name `user add`
    // would take, or no report could name it.
    if (!r.office.empty()) {
      if (auto problem = name_problem(r.office)) {
        return where + "its office is not accepted: it " + *problem +
               " (the file was altered or damaged)";
      }
    }
    ChainChecker checker(r.id, c.audit_seq);
    for (const StoredAuditRecord& record : c.trail) {
      if (auto problem = checker.next(record)) {
        return reader_.where(line) + *problem + " (the file was altered or damaged)";
      }
    }
    if (auto problem = checker.finish()) {
      return reader_.where(line) + *problem + " (the file was altered or damaged)";
    }
    ++plan_.cases;
    if (plan_.cases % kCasesPerProgressLine == 0) {
      progress_ << "checked " << plan_.cases << " cases (nothing written yet)\n";
    }
    plan_.records += static_cast<std::int64_t>(c.trail.size());
    pending_.push_back(
        {r.id, line, CaseHead{r.id, r.row_version, c.audit_seq, c.trail.back().hash}});
    if (pending_.size() >= kHeadsPerLookup) return check_heads();
    return std::nullopt;
  }

  // Cases of the file whose id the database already has: the same case
  // (imported before: same row_version, record count and newest hash) is
  // left alone; anything else stops the import.
  std::optional<std::string> check_heads() {
    if (pending_.empty()) return std::nullopt;
    std::vector<std::string> ids;
    for (const auto& p : pending_) ids.push_back(p.id);
    std::map<std::string, CaseHead> stored;
    for (CaseHead& head : session_.store->case_heads(ids)) stored[head.id] = std::move(head);
    for (const auto& p : pending_) {
      auto it = stored.find(p.id);
      if (it == stored.end()) continue;
      const CaseHead& mine = p.head;
      const CaseHead& theirs = it->second;
      if (mine.row_version == theirs.row_version && mine.audit_seq == theirs.audit_seq &&
          mine.last_hash == theirs.last_hash) {
        plan_.already_imported.insert(p.id);
        continue;
      }
      return reader_.where(p.line) + "case " + p.id +
             " already exists in the database with a different history (" +
             std::to_string(theirs.audit_seq) + " audit records there, " +
             std::to_string(mine.audit_seq) + " in the file)";
    }
    pending_.clear();
    return std::nullopt;
  }

  struct Pending {
    std::string id;
    std::int64_t line;
    CaseHead head;
  };

  Session& session_;
  ExportReader& reader_;
  ImportPlan& plan_;
  std::ostream& progress_;
  std::map<std::string, std::shared_ptr<const Definition>> definitions_;
  // Its thread touches only its own members and its jobs, which hold their
  // own references to the definitions they need.
  ReplayWorker replays_;
  std::set<std::string> ids_;
  std::set<std::pair<std::string, int>> published_;  // (workflow, version) seen in the file
  std::map<std::string, std::vector<PublishedDefinition>> stored_published_;  // by workflow
  std::vector<Pending> pending_;
};

}  // namespace

int import_file(const Context& context, const ImportOptions& options) {
  const std::string& file = options.file;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return context.fail(kExitInvalid,
                        "cannot read " + file + ": " + std::strerror(errno) + "; nothing imported");
  }
  const std::optional<FileStamp> stamp = stamp_of(file);
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();

  ImportPlan plan;
  {
    ExportReader reader(in, file);
    if (auto problem = FileCheck(session, reader, plan, context.err).run()) {
      return context.fail(kExitInvalid, *problem + "; nothing was imported");
    }
  }
  if (stamp_of(file) != stamp) {
    return context.fail(kExitInvalid, file +
                                          " changed while it was being checked; nothing was "
                                          "imported: run the import again");
  }

  // The write pass: the same reading again, committed in batches.
  in.clear();
  in.seekg(0);
  ExportReader reader(in, file);
  const std::int64_t to_import =
      plan.cases - static_cast<std::int64_t>(plan.already_imported.size());
  const std::size_t batch_size = static_cast<std::size_t>(std::max(1, options.batch_size));
  std::vector<CaseWithTrail> batch;
  std::int64_t imported = 0, records = 0;
  std::size_t case_index = 0;
  auto commit = [&]() -> std::optional<std::string> {
    if (batch.empty()) return std::nullopt;
    std::optional<std::string> problem;
    try {
      problem = session.store->import_verified_batch({}, batch);
    } catch (const StoreError& e) {
      problem = std::string("database fault: ") + e.what();
    }
    if (problem) return problem;
    imported += static_cast<std::int64_t>(batch.size());
    for (const auto& c : batch) records += static_cast<std::int64_t>(c.trail.size());
    batch.clear();
    if (to_import > static_cast<std::int64_t>(batch_size)) {
      context.err << "imported " << imported << "/" << to_import << " cases\n";
    }
    return std::nullopt;
  };
  auto stopped = [&](const std::string& problem) {
    const std::string committed =
        imported == 0 ? "nothing was imported"
                      : std::to_string(imported) +
                            " cases were committed before it; run the same import again to "
                            "import the rest (cases already imported are recognised and left "
                            "alone)";
    return context.fail(problem.rfind("database fault", 0) == 0 ? kExitFault : kExitInvalid,
                        "import stopped: " + problem + "; " + committed);
  };
  // Definitions and published versions first, in one transaction: the
  // cases need their definitions.
  try {
    if (auto problem = session.store->import_definitions(plan.definitions, plan.published)) {
      return stopped(*problem);
    }
  } catch (const StoreError& e) {
    return stopped(std::string("database fault: ") + e.what());
  }
  for (;;) {
    Result<ExportReader::Item> item = reader.next();
    if (!item) return stopped(item.error() + " (the file changed during the import?)");
    if (item->kind == ExportReader::Item::Kind::kEnd) break;
    if (item->kind != ExportReader::Item::Kind::kCase) continue;
    if (case_index >= plan.case_digests.size() || plan.case_digests[case_index++] != item->digest) {
      return stopped(reader.where(item->line) + "case " + item->c.record.id +
                     " is not what was checked (the file changed during the import?)");
    }
    if (plan.already_imported.count(item->c.record.id)) continue;
    batch.push_back(std::move(item->c));
    if (batch.size() >= batch_size) {
      if (auto problem = commit()) return stopped(*problem);
    }
  }
  if (auto problem = commit()) return stopped(*problem);

  context.out << "imported " << imported << " cases, " << records << " audit records, "
              << plan.definitions.size() << " definitions and " << plan.published.size()
              << " published versions from " << file;
  if (!plan.already_imported.empty()) {
    context.out << " (" << plan.already_imported.size()
                << " cases were already imported and were left alone)";
  }
  context.out << '\n';
  return kExitDone;
}

}  // namespace wageflow::cli
