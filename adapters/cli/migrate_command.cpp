// migrate WORKFLOW --from V1 --to V2: moves open cases to a published
// version, one transaction per case (docs/workflow-versions.md).
#include <cstdlib>
#include <map>
#include <ostream>

#include "adapters/cli/versions_commands.h"
#include "engine/core/pii.h"
#include "engine/runtime/codec.h"
#include "engine/runtime/migration.h"

namespace wageflow::cli {
namespace {

constexpr int kCasesPerPage = 500;
constexpr int kProgressEvery = 100;
constexpr const char* kRole = "administrator";

// "OLD=NEW" or "FIELD=VALUE" pairs; the error names the option.
Result<std::vector<std::pair<std::string, std::string>>> parse_pairs(
    const std::vector<std::string>& items, const std::string& option, const std::string& example) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& item : items) {
    auto equals = item.find('=');
    if (equals == std::string::npos || equals == 0) {
      return Error{option + " expects " + example + ", got '" + item + "'"};
    }
    pairs.emplace_back(item.substr(0, equals), item.substr(equals + 1));
  }
  return pairs;
}

// Tests only: WAGEFLOW_TEST_MIGRATE_CRASH_AFTER=N ends the process at once,
// like a crash, after N committed cases.
int crash_after() {
  const char* value = std::getenv("WAGEFLOW_TEST_MIGRATE_CRASH_AFTER");
  return value ? std::atoi(value) : 0;
}

struct Tally {
  int migrated = 0;
  int refused = 0;
  int already = 0;
  int conflicts = 0;
};

class Migrator {
 public:
  Migrator(const Context& context, Session& session, const MigrateOptions& options,
           MigrationOptions migration, DefinitionVersion to, Instant now)
      : context_(context),
        session_(session),
        options_(options),
        migration_(std::move(migration)),
        to_(std::move(to)),
        now_(now),
        crash_after_(crash_after()) {}

  // Migrates (or plans) one stored case.
  void one(const CaseRecord& record) {
    auto from = definition_of(record.definition_sha256);
    if (!from) return refuse(record.id, from.error());
    auto snapshot = from_record(**from, record);
    if (!snapshot) return refuse(record.id, snapshot.error());
    MigrationOptions migration = migration_;
    if (snapshot->status == CaseStatus::kSuspended) {
      migration.suspended_since = suspended_since(session_.store->audit_log(record.id));
    }
    auto planned = plan_migration(DefinitionVersion{from->get(), record.definition_sha256}, to_,
                                  *snapshot, migration, now_);
    if (auto* refusal = std::get_if<MigrationRefusal>(&planned)) {
      return refuse(record.id, refusal->reason);
    }
    MigrationPlan& plan = std::get<MigrationPlan>(planned);
    for (const std::string& line : plan_lines(record.id, plan, *to_.definition)) {
      context_.out << line << '\n';
    }
    if (!options_.dry_run) {
      CommitRequest request;
      request.after = to_record(*to_.definition, plan.next, to_.sha256);
      request.expected_row_version = record.row_version;
      request.records = std::move(plan.records);
      CommitResult committed = session_.store->commit(request);
      if (committed.status != CommitResult::Status::kCommitted) {
        ++tally_.conflicts;
        context_.out << "case " << record.id
                     << ": changed by someone else meanwhile; nothing was written for it: run the "
                        "command again\n";
        return;
      }
    }
    ++tally_.migrated;
    context_.out.flush();
    if (!options_.dry_run && crash_after_ > 0 && tally_.migrated >= crash_after_) std::_Exit(137);
    if (tally_.migrated % kProgressEvery == 0) {
      context_.err << (options_.dry_run ? "planned " : "migrated ") << tally_.migrated
                   << " cases\n";
    }
  }

  void refuse(const std::string& case_id, const std::string& reason) {
    ++tally_.refused;
    context_.out << "case " << case_id << ": refused: " << mask_pii_in_text(reason) << '\n';
  }
  void already(const std::string& case_id, bool say) {
    ++tally_.already;
    if (say) {
      context_.out << "case " << case_id << ": already on v" << to_.definition->version
                   << ", left alone\n";
    }
  }

  const Tally& tally() const { return tally_; }

 private:
  Result<std::shared_ptr<const Definition>> definition_of(const std::string& sha256) {
    if (auto it = loaded_.find(sha256); it != loaded_.end()) return it->second;
    std::optional<DefinitionRecord> text = session_.store->definition(sha256);
    if (!text) return Error{"its definition " + sha256 + " is missing from the database"};
    auto loaded = session_.definitions.from_text(sha256, text->yaml_text);
    if (!loaded) return Error{"its definition no longer loads: " + loaded.error()};
    loaded_.emplace(sha256, *loaded);
    return *loaded;
  }

  const Context& context_;
  Session& session_;
  const MigrateOptions& options_;
  const MigrationOptions migration_;
  const DefinitionVersion to_;
  const Instant now_;
  const int crash_after_;
  std::map<std::string, std::shared_ptr<const Definition>> loaded_;
  Tally tally_;
};

// Checks the --map targets and --set fields against the new version.
std::optional<std::string> check_options(const Definition& to, const MigrationOptions& options) {
  for (const auto& [old_state, new_state] : options.state_map) {
    if (!to.state_id(new_state)) {
      return "--map " + old_state + "=" + new_state + ": v" + std::to_string(to.version) + " of " +
             to.id + " has no state " + new_state;
    }
  }
  for (const auto& [field, value] : options.sets) {
    if (!to.field_id(field)) {
      return "--set " + field + "=...: v" + std::to_string(to.version) + " of " + to.id +
             " has no field " + field;
    }
  }
  return std::nullopt;
}

}  // namespace

int migrate_cases(const Context& context, const MigrateOptions& options) {
  auto maps = parse_pairs(options.maps, "--map", "OLD_STATE=NEW_STATE");
  if (!maps) return context.fail(kExitUsage, maps.error());
  auto sets = parse_pairs(options.sets, "--set", "FIELD=VALUE");
  if (!sets) return context.fail(kExitUsage, sets.error());
  if (options.from == options.to) {
    return context.fail(kExitUsage, "--from and --to are the same version");
  }
  MigrationOptions migration;
  for (const auto& [from, to] : *maps) migration.state_map[from] = to;
  migration.sets = *sets;
  migration.start_new_timers = options.start_new_timers;
  migration.actor = acting_user(options.actor);
  migration.role = kRole;
  if (migration.actor.empty()) {
    return context.fail(kExitUsage, "who migrates is unknown: give --actor NAME");
  }

  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();

  std::optional<PublishedDefinition> target;
  for (const auto& p : session.store->published_definitions(options.workflow)) {
    if (p.version == options.to) target = p;
  }
  if (!target) {
    return context.fail(kExitInvalid, "version " + std::to_string(options.to) + " of " +
                                          options.workflow +
                                          " is not published; publish it first "
                                          "(wageflow publish FILE)");
  }
  std::optional<DefinitionRecord> text = session.store->definition(target->sha256);
  if (!text) return context.fail(kExitInvalid, "the text of the published version is missing");
  auto to = session.definitions.from_text(target->sha256, text->yaml_text);
  if (!to) {
    return context.fail(kExitInvalid, "published version " + std::to_string(options.to) +
                                          " no longer loads: " + to.error());
  }
  if (auto problem = check_options(**to, migration)) return context.fail(kExitInvalid, *problem);

  const Instant now = context.now(utc_offset_of(**to));
  Migrator migrator(context, session, options, migration,
                    DefinitionVersion{to->get(), target->sha256}, now);
  auto consider = [&](const CaseRecord& record, bool named) {
    if (record.workflow != options.workflow) {
      return migrator.refuse(record.id, "it is a case of " + record.workflow);
    }
    if (record.version == options.to) return migrator.already(record.id, named);
    if (record.status == "closed") {
      if (named) migrator.refuse(record.id, "the case is closed");
      return;
    }
    if (record.version != options.from) {
      if (named) {
        migrator.refuse(record.id, "it is on v" + std::to_string(record.version) + ", not v" +
                                       std::to_string(options.from));
      }
      return;
    }
    migrator.one(record);
  };
  if (!options.cases.empty()) {
    for (const std::string& id : options.cases) {
      std::optional<CaseRecord> record = session.store->load_case(id);
      if (!record) {
        migrator.refuse(id, "no such case");
        continue;
      }
      consider(*record, true);
    }
  } else {
    // Ordered by id; a migration changes no case's workflow, so the pages
    // stay put while cases move.
    CaseFilter filter;
    filter.workflow = options.workflow;
    filter.limit = kCasesPerPage;
    for (filter.offset = 0;; filter.offset += kCasesPerPage) {
      std::vector<CaseRecord> page = session.store->list_cases(filter);
      for (const CaseRecord& record : page) {
        if (record.status != "closed") consider(record, false);
      }
      if (static_cast<int>(page.size()) < kCasesPerPage) break;
    }
  }

  const Tally& tally = migrator.tally();
  const std::string versions =
      "v" + std::to_string(options.from) + " to v" + std::to_string(options.to);
  if (options.dry_run) {
    context.out << "dry run: " << tally.migrated << " case(s) of " << options.workflow
                << " would move from " << versions << "; " << tally.refused << " refused; "
                << tally.already << " already on v" << options.to << "; nothing was written\n";
  } else {
    context.out << "migrated " << tally.migrated << " case(s) of " << options.workflow << " from "
                << versions << "; " << tally.refused << " refused; " << tally.already
                << " already on v" << options.to << "; " << tally.conflicts
                << " changed meanwhile\n";
  }
  if (tally.refused > 0) {
    return context.fail(kExitInvalid, std::to_string(tally.refused) +
                                          " case(s) refused (see the lines above); nothing was "
                                          "written for them: fix the cause and run again");
  }
  if (tally.conflicts > 0) {
    return context.fail(kExitConflict, std::to_string(tally.conflicts) +
                                           " case(s) changed while they were migrated; run the "
                                           "command again to migrate them");
  }
  return kExitDone;
}

}  // namespace wageflow::cli
