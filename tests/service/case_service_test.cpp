// CaseService on a real SQLite file with the shipped workflows: load ->
// decide -> commit, idempotency keys, optimistic concurrency and ticking.
#include "engine/runtime/case_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "engine/runtime/codec.h"
#include "engine/runtime/folder_definitions.h"
#include "engine/runtime/migration.h"
#include "storage/storage.h"
#include "support/temp_dir.h"

namespace wageflow {
namespace {

Instant at(const char* text) {
  return *parse_instant(text, 8 * 60);
}

// Forwards to a real store; just before a commit it runs `before_commit`
// once, so a test can let a second writer change the case in between
// another writer's load and its commit (the race optimistic concurrency
// exists for).
class InterleavingStore : public Store {
 public:
  explicit InterleavingStore(Store& inner) : inner_(inner) {}
  std::function<void()> before_commit;
  // Records for which this returns true are left out of audit_log(), as
  // if the trail had never held them.
  std::function<bool(const StoredAuditRecord&)> hide_record;

  std::string pin_definition(const std::string& w, int v, const std::string& t) override {
    return inner_.pin_definition(w, v, t);
  }
  std::optional<DefinitionRecord> definition(const std::string& sha) override {
    return inner_.definition(sha);
  }
  std::optional<CaseRecord> load_case(const std::string& id) override {
    return inner_.load_case(id);
  }
  CommitResult commit(const CommitRequest& request) override {
    if (before_commit) {
      auto hook = std::move(before_commit);
      before_commit = nullptr;
      hook();
    }
    return inner_.commit(request);
  }
  std::optional<IdempotentEntry> idempotent_entry(const std::string& key) override {
    return inner_.idempotent_entry(key);
  }
  std::vector<CaseRecord> list_cases(const CaseFilter& f) override { return inner_.list_cases(f); }
  std::vector<std::string> due_cases(std::int64_t now, int limit) override {
    return inner_.due_cases(now, limit);
  }
  std::vector<StoredAuditRecord> audit_log(const std::string& id) override {
    std::vector<StoredAuditRecord> trail = inner_.audit_log(id);
    if (hide_record) {
      trail.erase(std::remove_if(trail.begin(), trail.end(), hide_record), trail.end());
    }
    return trail;
  }
  VerifyResult verify(const std::string& id,
                      const std::function<void(std::size_t, std::size_t)>& progress = {}) override {
    return inner_.verify(id, progress);
  }
  std::vector<std::string> cases_with_provisional_timers() override {
    return inner_.cases_with_provisional_timers();
  }

 private:
  Store& inner_;
};

// A second writer on its own connection to the same database.
struct OtherWriter {
  explicit OtherWriter(const std::string& url) : store(open_store(url)) {}
  std::unique_ptr<Store> store;
  FolderDefinitionSource definitions{std::string(WAGEFLOW_SOURCE_DIR) + "/workflows"};
  CaseService service{*store, definitions};
};

class CaseServiceTest : public ::testing::Test {
 protected:
  CaseServiceTest()
      : store_(open_store("sqlite:" + dir_.file("cases.db"))),
        definitions_(std::string(WAGEFLOW_SOURCE_DIR) + "/workflows"),
        service_(*store_, definitions_) {}

  static Command clerk(Command::Kind kind, const std::string& event = "",
                       std::vector<std::pair<std::string, std::string>> sets = {}) {
    return Command{kind, "王书记员", "intake_clerk", event, std::move(sets), ""};
  }

  std::string open_case(const char* when = "2025-01-24T09:30:00+08:00",
                        const std::string& key = "") {
    CommandResult r = service_.open("wage-arbitration-fasttrack",
                                    clerk(Command::Kind::kOpen, "",
                                          {{"worker_name", "李四"},
                                           {"employer", "长春市某建筑公司"},
                                           {"region", "长春市"},
                                           {"claim_amount", "18600"}}),
                                    at(when), key);
    EXPECT_EQ(r.status, CommandResult::Status::kDone) << r.message;
    return r.case_id;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  FolderDefinitionSource definitions_;
  CaseService service_;
};

TEST_F(CaseServiceTest, OpensCasesNumberedByYearAndPinnedToTheirDefinitionText) {
  EXPECT_EQ(open_case(), "2025-000001");
  EXPECT_EQ(open_case(), "2025-000002");
  EXPECT_EQ(open_case("2026-01-05T09:00:00+08:00"), "2026-000001");
  std::optional<CaseRecord> record = store_->load_case("2025-000001");
  ASSERT_TRUE(record);
  std::optional<DefinitionRecord> pinned = store_->definition(record->definition_sha256);
  ASSERT_TRUE(pinned);
  auto latest = definitions_.latest("wage-arbitration-fasttrack");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(pinned->yaml_text, (*latest)->source_text);
}

TEST_F(CaseServiceTest, FiresEventsAndKeepsTheAuditChainVerifiable) {
  std::string id = open_case();
  CommandResult accepted =
      service_.apply(id, clerk(Command::Kind::kFire, "accept"), at("2025-01-27T10:00:00+08:00"));
  ASSERT_EQ(accepted.status, CommandResult::Status::kDone) << accepted.message;
  EXPECT_EQ(accepted.answer, "accepted");
  auto loaded = service_.load(id);
  ASSERT_TRUE(loaded.ok()) << loaded.error();
  EXPECT_EQ(loaded->snapshot.row_version, 2);
  EXPECT_EQ(loaded->definition->states[loaded->snapshot.state].name, "accepted");
  std::vector<StoredAuditRecord> log = store_->audit_log(id);
  ASSERT_GE(log.size(), 3u);
  EXPECT_EQ(log.front().record.kind, "open");
  EXPECT_TRUE(store_->verify(id).ok);
}

TEST_F(CaseServiceTest, RefusalChangesNothing) {
  std::string id = open_case();
  const auto before = store_->audit_log(id).size();
  CommandResult r = service_.apply(
      id, Command{Command::Kind::kFire, "调解员", "mediator", "accept", {}, ""}, at("2025-01-27"));
  EXPECT_EQ(r.status, CommandResult::Status::kRefused);
  EXPECT_NE(r.message.find("role mediator may not fire accept; allowed: intake_clerk"),
            std::string::npos)
      << r.message;
  EXPECT_EQ(store_->audit_log(id).size(), before);
  EXPECT_EQ(store_->load_case(id)->row_version, 1);
}

TEST_F(CaseServiceTest, RepeatedIdempotencyKeyReturnsTheFirstAnswerAndChangesNothing) {
  std::string first = open_case("2025-01-24T09:30:00+08:00", "open-key-1");
  std::string again = open_case("2025-01-24T09:31:00+08:00", "open-key-1");
  EXPECT_EQ(first, again);
  EXPECT_FALSE(store_->load_case("2025-000002").has_value());

  CommandResult a =
      service_.apply(first, clerk(Command::Kind::kFire, "accept"), at("2025-01-27"), "fire-key-1");
  const auto records = store_->audit_log(first).size();
  CommandResult b =
      service_.apply(first, clerk(Command::Kind::kFire, "accept"), at("2025-01-28"), "fire-key-1");
  EXPECT_EQ(a.answer, "accepted");
  EXPECT_EQ(b.answer, "accepted");
  EXPECT_TRUE(b.repeated);
  EXPECT_EQ(store_->audit_log(first).size(), records);
}

// A key stands for its command: the same key with other values, another
// comment or another actor is refused, before it runs, and also when a
// racing command stored the key first; the first command again repeats.
TEST_F(CaseServiceTest, AKeyReusedForAnotherCommandIsRefusedAndChangesNothing) {
  const std::string id = open_case("2025-01-24T09:30:00+08:00", "open-key-2");
  CommandResult first =
      service_.apply(id, clerk(Command::Kind::kFire, "accept"), at("2025-01-27"), "fire-key-2");
  ASSERT_EQ(first.status, CommandResult::Status::kDone) << first.message;
  const auto records = store_->audit_log(id).size();
  Command commented = clerk(Command::Kind::kFire, "accept");
  commented.comment = "补充材料已收到";
  Command by_other = clerk(Command::Kind::kFire, "accept");
  by_other.actor = "赵书记员";
  for (const Command& other : {commented, by_other}) {
    CommandResult reused = service_.apply(id, other, at("2025-01-28"), "fire-key-2");
    EXPECT_EQ(reused.status, CommandResult::Status::kRefused) << reused.answer;
    EXPECT_TRUE(reused.key_reused);
    EXPECT_NE(reused.message.find("used before for another command"), std::string::npos)
        << reused.message;
  }
  EXPECT_EQ(store_->audit_log(id).size(), records);
  CommandResult retry =
      service_.apply(id, clerk(Command::Kind::kFire, "accept"), at("2025-01-28"), "fire-key-2");
  EXPECT_TRUE(retry.repeated);
  EXPECT_EQ(retry.answer, "accepted");

  // Racing: another process stores the key for a command of its own
  // between this command's look-up and its commit.
  const std::string second = open_case("2025-01-24T09:40:00+08:00");
  OtherWriter other_writer("sqlite:" + dir_.file("cases.db"));
  CaseService& other = other_writer.service;
  InterleavingStore racing(*store_);
  CaseService service(racing, definitions_);
  racing.before_commit = [&] {
    CommandResult won = other.apply(
        second, Command{Command::Kind::kFire, "王书记员", "intake_clerk", "reject", {}, "材料不全"},
        at("2025-01-27"), "race-key");
    ASSERT_EQ(won.status, CommandResult::Status::kDone) << won.message;
  };
  CommandResult lost =
      service.apply(second, clerk(Command::Kind::kFire, "accept"), at("2025-01-27"), "race-key");
  EXPECT_EQ(lost.status, CommandResult::Status::kRefused) << lost.answer;
  EXPECT_TRUE(lost.key_reused);
  EXPECT_EQ(store_->load_case(second)->state, "rejected");
}

TEST_F(CaseServiceTest, StaleWriteIsAConflictAndChangesNothing) {
  std::string id = open_case();
  OtherWriter other_writer("sqlite:" + dir_.file("cases.db"));
  CaseService& other = other_writer.service;

  InterleavingStore racing(*store_);
  CaseService service(racing, definitions_);
  racing.before_commit = [&] {
    CommandResult won = other.apply(id, clerk(Command::Kind::kFire, "accept"), at("2025-01-27"));
    ASSERT_EQ(won.status, CommandResult::Status::kDone) << won.message;
  };
  const auto records_before_race = store_->audit_log(id).size();
  CommandResult lost = service.apply(
      id, Command{Command::Kind::kFire, "王书记员", "intake_clerk", "reject", {}, "材料不全"},
      at("2025-01-27"));
  EXPECT_EQ(lost.status, CommandResult::Status::kConflict) << lost.message;
  std::optional<CaseRecord> after = store_->load_case(id);
  EXPECT_EQ(after->state, "accepted");
  EXPECT_EQ(after->row_version, 2);
  EXPECT_GT(store_->audit_log(id).size(), records_before_race);
  for (const auto& r : store_->audit_log(id)) EXPECT_NE(r.record.event, "reject");
  EXPECT_TRUE(store_->verify("").ok);
}

TEST_F(CaseServiceTest, TickWarnsAndEscalatesEachThresholdOnce) {
  std::string id = open_case();  // acceptance_decision due 2025-02-07, warned from 02-06
  TickReport none = service_.tick(at("2025-02-05T10:00:00+08:00"));
  EXPECT_EQ(none.counts.warned, 0);
  TickReport warned = service_.tick(at("2025-02-06T10:00:00+08:00"));
  EXPECT_EQ(warned.counts.warned, 1);
  EXPECT_EQ(warned.cases, 1);
  TickReport again = service_.tick(at("2025-02-06T11:00:00+08:00"));
  EXPECT_EQ(again.counts.warned, 0);
  TickReport overdue = service_.tick(at("2025-02-08T00:00:01+08:00"));
  EXPECT_EQ(overdue.counts.overdue, 1);
  EXPECT_EQ(overdue.counts.escalated, 1);
  // An overdue timer has nothing more to do: the index no longer lists it.
  EXPECT_TRUE(store_->due_cases(at("2025-12-31").seconds, 10).empty());
  EXPECT_EQ(service_.tick(at("2025-12-31")).counts.overdue, 0);
  EXPECT_TRUE(store_->verify(id).ok);
}

// A caller that read the case row itself (the server, to check the
// office first) gets from it what load(id) gives, without reading it again.
TEST_F(CaseServiceTest, LoadFromARowReadAlreadyGivesWhatLoadByIdGives) {
  const std::string id = open_case();
  ASSERT_EQ(
      service_.apply(id, clerk(Command::Kind::kFire, "accept"), at("2025-01-27T10:00:00+08:00"))
          .status,
      CommandResult::Status::kDone);
  std::optional<CaseRecord> row = store_->load_case(id);
  ASSERT_TRUE(row);
  auto by_id = service_.load(id);
  auto by_row = service_.load(*row);
  ASSERT_TRUE(by_id.ok()) << by_id.error();
  ASSERT_TRUE(by_row.ok()) << by_row.error();
  EXPECT_EQ(by_row->definition_sha256, by_id->definition_sha256);
  EXPECT_EQ(by_row->definition->source_text, by_id->definition->source_text);
  const CaseRecord a = to_record(*by_row->definition, by_row->snapshot, by_row->definition_sha256);
  const CaseRecord b = to_record(*by_id->definition, by_id->snapshot, by_id->definition_sha256);
  EXPECT_EQ(a.id + a.office + a.state + a.status + a.data,
            b.id + b.office + b.state + b.status + b.data);
  EXPECT_EQ(a.timers, b.timers);
  EXPECT_EQ(a.state, "accepted");
  EXPECT_EQ(by_row->snapshot.row_version, 2);

  CaseRecord unpinned = *row;
  unpinned.definition_sha256 = std::string(64, '0');
  auto missing = service_.load(unpinned);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error(), "case " + id + " is pinned to a definition missing from the database");
}

TEST_F(CaseServiceTest, UnknownCaseAndUnknownWorkflowAreClearRefusals) {
  CommandResult missing =
      service_.apply("2025-999999", clerk(Command::Kind::kFire, "accept"), at("2025-01-27"));
  EXPECT_EQ(missing.status, CommandResult::Status::kNotFound);
  EXPECT_EQ(missing.message, "no case 2025-999999");
  CommandResult unknown =
      service_.open("wage-arbitraton", clerk(Command::Kind::kOpen), at("2025-01-27"));
  EXPECT_EQ(unknown.status, CommandResult::Status::kRefused);
  EXPECT_NE(unknown.message.find("unknown workflow 'wage-arbitraton'"), std::string::npos)
      << unknown.message;
  EXPECT_NE(unknown.message.find("wage-arbitration-fasttrack"), std::string::npos);
}

// The shipped workflows with a calendar that lists an INVENTED 2027
// (New Year's Day a holiday: not the State Council's dates), for counting
// provisional due dates again.
class WorkflowsWith2027 {
 public:
  WorkflowsWith2027() {
    namespace fs = std::filesystem;
    const std::string shipped = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";
    fs::copy(shipped + "/wage-arbitration-fasttrack.yaml", dir_.path());
    fs::create_directories(dir_.path() / "calendars");
    std::ifstream in(shipped + "/calendars/cn-mainland.yaml");
    std::ostringstream text;
    text << in.rdbuf();
    std::ofstream(dir_.path() / "calendars" / "cn-mainland.yaml")
        << text.str() << "  2027:\n    holidays: ['2027-01-01']\n    workdays: []\n";
  }
  std::string path() const { return dir_.path().string(); }

 private:
  testing::TempDir dir_;
};

TEST_F(CaseServiceTest, RecomputeTellsItsProgressAndACaseChangedMeanwhileIsAConflict) {
  const std::string first = open_case("2026-12-28T09:00:00+08:00");
  const std::string second = open_case("2026-12-28T10:00:00+08:00");
  const std::string third = open_case("2026-12-28T11:00:00+08:00");
  WorkflowsWith2027 folder;
  FolderDefinitionSource with_2027(folder.path());
  InterleavingStore interleaving(*store_);
  CaseService recount(interleaving, with_2027);
  // Just before the first commit, a clerk accepts that case.
  interleaving.before_commit = [&] {
    CommandResult accepted = service_.apply(first, clerk(Command::Kind::kFire, "accept"),
                                            at("2026-12-30T09:00:00+08:00"));
    ASSERT_EQ(accepted.status, CommandResult::Status::kDone) << accepted.message;
  };
  std::vector<std::string> progress;
  const std::vector<ProvisionalTimer> timers = recount.recompute_provisional(
      at("2026-12-30T09:00:00+08:00"), false, [&](std::size_t done, std::size_t total) {
        progress.push_back(std::to_string(done) + "/" + std::to_string(total));
      });
  EXPECT_EQ(progress, (std::vector<std::string>{"1/3", "2/3", "3/3"}));
  ASSERT_EQ(timers.size(), 3u);
  EXPECT_EQ(timers[0].case_id, first);
  EXPECT_EQ(timers[0].result, ProvisionalTimer::Result::kConflict);
  EXPECT_EQ(timers[0].reason, "the case changed meanwhile; nothing was written: run again");
  for (const ProvisionalTimer& t : {timers[1], timers[2]}) {
    EXPECT_EQ(t.result, ProvisionalTimer::Result::kMoved) << t.case_id;
    EXPECT_EQ(t.was_due + " -> " + t.due, "2027-01-04 -> 2027-01-05") << t.case_id;
    EXPECT_FALSE(t.provisional);
  }
  EXPECT_EQ(timers[1].case_id, second);
  EXPECT_EQ(timers[2].case_id, third);
  // Left to count: the accepted case, whose new timers were counted on the
  // shipped calendar (due in 2027, provisional); the others are done.
  EXPECT_EQ(store_->cases_with_provisional_timers(), std::vector<std::string>{first});
  std::vector<StoredAuditRecord> log = store_->audit_log(first);
  EXPECT_EQ(
      std::count_if(log.begin(), log.end(),
                    [](const StoredAuditRecord& r) { return r.record.kind == "timer_recompute"; }),
      0);
  EXPECT_TRUE(store_->verify("").ok);
}

// A due date whose trail does not tell how it was counted is left to a
// clerk, with a reason the clerk can act on, and nothing is written. Such
// trails are not made by wageflow; here the store hides one record.
TEST_F(CaseServiceTest, RecomputeLeavesADueDateToAClerkWhenItsTrailDoesNotTellHowItWasCounted) {
  struct Row {
    const char* name;
    bool suspend;             // suspend the case before counting again
    const char* hidden_kind;  // the acceptance_decision record hidden
    const char* reason;
  };
  const Row rows[] = {
      {"no start", false, "timer_start", "the trail has no start of it: count it by hand"},
      {"paused without a pause", true, "timer_pause",
       "it is paused, but its trail does not pause it: count it by hand"},
  };
  WorkflowsWith2027 folder;
  FolderDefinitionSource with_2027(folder.path());
  for (const Row& row : rows) {
    SCOPED_TRACE(row.name);
    const std::string id = open_case("2026-12-28T09:00:00+08:00");
    if (row.suspend) {
      CommandResult suspended = service_.apply(
          id, {Command::Kind::kSuspend, "钱仲裁", "arbitrator", "", {}, "等待工资表"},
          at("2026-12-29T09:00:00+08:00"));
      ASSERT_EQ(suspended.status, CommandResult::Status::kDone) << suspended.message;
    }
    const std::size_t records = store_->audit_log(id).size();
    InterleavingStore hiding(*store_);
    hiding.hide_record = [&](const StoredAuditRecord& r) {
      return r.record.kind == row.hidden_kind && r.record.event == "acceptance_decision";
    };
    CaseService recount(hiding, with_2027);
    const std::vector<ProvisionalTimer> timers =
        recount.recompute_provisional(at("2026-12-30T09:00:00+08:00"), false);
    ASSERT_EQ(timers.size(), 1u);
    EXPECT_EQ(timers[0].case_id, id);
    EXPECT_EQ(timers[0].timer, "acceptance_decision");
    EXPECT_EQ(timers[0].result, ProvisionalTimer::Result::kByHand);
    EXPECT_EQ(timers[0].reason, row.reason);
    EXPECT_EQ(timers[0].was_due, "2027-01-04");
    EXPECT_EQ(timers[0].due, "2027-01-04");
    EXPECT_TRUE(timers[0].provisional);
    EXPECT_EQ(store_->audit_log(id).size(), records);
    EXPECT_EQ(store_->cases_with_provisional_timers(), std::vector<std::string>{id});
    // The trail as it is counts the same due date again.
    CaseService plain(*store_, with_2027);
    const std::vector<ProvisionalTimer> counted =
        plain.recompute_provisional(at("2026-12-30T09:00:00+08:00"), false);
    ASSERT_EQ(counted.size(), 1u);
    EXPECT_EQ(counted[0].result, ProvisionalTimer::Result::kMoved) << counted[0].reason;
  }
}

// A legal-aid case migrated from version 1 to version 2 while suspended,
// by a wageflow from before a migration took on the new version's
// on_suspend: (Definition::knows_on_suspend_run false), so its
// suit_window stayed paused. A recount of every due date takes the pause
// off and says why (docs/workflow-versions.md, "Timers").
TEST_F(CaseServiceTest, ARecountTakesOffAPauseThatAMigrationKeptOnATimeToSueThatRunsOn) {
  namespace fs = std::filesystem;
  const std::string shipped = std::string(WAGEFLOW_SOURCE_DIR) + "/workflows";
  std::ifstream in(shipped + "/legal-aid.yaml");
  const std::string v2_text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string v1_text = v2_text;
  for (auto [from, to] : {std::pair<std::string, std::string>{"\nversion: 2\n", "\nversion: 1\n"},
                          {"    on_suspend: run\n", ""}}) {
    const auto found = v1_text.find(from);
    ASSERT_NE(found, std::string::npos) << from;
    v1_text.replace(found, from.size(), to);
  }
  testing::TempDir v1_dir;
  fs::copy(shipped + "/calendars", v1_dir.path() / "calendars", fs::copy_options::recursive);
  std::ofstream(v1_dir.path() / "legal-aid.yaml") << v1_text;
  FolderDefinitionSource v1_folder(v1_dir.path().string());
  CaseService on_v1(*store_, v1_folder);

  using Sets = std::vector<std::pair<std::string, std::string>>;
  auto command = [](Command::Kind kind, const char* actor, const char* role, const char* event = "",
                    Sets sets = {}, const char* comment = "") {
    return Command{kind, actor, role, event, std::move(sets), comment};
  };
  CommandResult opened = on_v1.open(
      "legal-aid", command(Command::Kind::kOpen, "王芳", "consultant", "", {{"channel", "来访"}}),
      at("2025-11-03T09:00:00+08:00"));
  ASSERT_EQ(opened.status, CommandResult::Status::kDone) << opened.message;
  const std::string id = opened.case_id;
  const std::vector<std::pair<Command, const char*>> steps = {
      {command(Command::Kind::kFire, "王芳", "consultant", "apply",
               {{"applicant_name", "李秀英"},
                {"employer", "吉林市鑫源劳务派遣有限公司"},
                {"region", "吉林市"},
                {"claim_type", "劳动报酬"},
                {"applicant_is_migrant_worker", "true"},
                {"claim_amount", "12000"}}),
       "2025-11-03T10:00:00+08:00"},
      {command(Command::Kind::kFire, "陈静", "reviewer", "grant"), "2025-11-03T11:00:00+08:00"},
      {command(Command::Kind::kFire, "刘洋", "coordinator", "assign_lawyer",
               {{"lawyer_name", "周律师"}}),
       "2025-11-03T12:00:00+08:00"},
      {command(Command::Kind::kFire, "周律师", "lawyer", "represent_in_arbitration"),
       "2025-11-03T13:00:00+08:00"},
      {command(Command::Kind::kFire, "周律师", "lawyer", "award_received"),
       "2025-11-14T09:00:00+08:00"},
      {command(Command::Kind::kSuspend, "刘洋", "coordinator", "", {}, "等待劳动者补充证据"),
       "2025-11-20T09:00:00+08:00"},
  };
  for (const auto& [step, when] : steps) {
    CommandResult r = on_v1.apply(id, step, at(when));
    ASSERT_EQ(r.status, CommandResult::Status::kDone) << step.event << ": " << r.message;
  }

  // The migration as it ran then, committed as `wageflow migrate` commits it.
  std::optional<CaseRecord> stored = store_->load_case(id);
  ASSERT_TRUE(stored);
  auto v1 = v1_folder.from_text(stored->definition_sha256, v1_text);
  ASSERT_TRUE(v1.ok()) << v1.error();
  auto v2 = definitions_.from_text("", v2_text);
  ASSERT_TRUE(v2.ok()) << v2.error();
  auto as_then = std::make_shared<Definition>(**v2);
  as_then->knows_on_suspend_run = false;
  const std::string v2_sha = store_->pin_definition("legal-aid", 2, v2_text);
  auto snapshot = from_record(**v1, *stored);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error();
  MigrationOptions options;
  options.actor = "admin";
  auto planned = plan_migration(DefinitionVersion{v1->get(), stored->definition_sha256},
                                DefinitionVersion{as_then.get(), v2_sha}, snapshot.value(), options,
                                at("2025-11-24T10:00:00+08:00"));
  ASSERT_TRUE(std::holds_alternative<MigrationPlan>(planned));
  MigrationPlan& plan = std::get<MigrationPlan>(planned);
  CommitRequest request;
  request.after = to_record(**v2, plan.next, v2_sha);
  request.expected_row_version = stored->row_version;
  request.records = std::move(plan.records);
  ASSERT_EQ(store_->commit(request).status, CommitResult::Status::kCommitted);
  auto suit_status = [&] {
    const std::optional<CaseRecord> now = store_->load_case(id);
    for (const TimerRecord& t : now->timers) {
      if (t.name == "suit_window") return t.status;
    }
    return std::string("none");
  };
  ASSERT_EQ(suit_status(), "paused");

  const std::vector<ProvisionalTimer> counted =
      service_.recount_every_due_date(at("2025-11-25T09:00:00+08:00"), false);
  ASSERT_EQ(counted.size(), 1u);
  EXPECT_EQ(counted[0].timer, "suit_window");
  EXPECT_EQ(counted[0].result, ProvisionalTimer::Result::kMoved) << counted[0].reason;
  EXPECT_EQ(counted[0].was_due, "2025-12-01");
  EXPECT_EQ(counted[0].due, "2025-12-01");
  EXPECT_EQ(counted[0].reason, "no longer paused: it runs through suspensions (on_suspend: run)");
  EXPECT_EQ(suit_status(), "running");
  const StoredAuditRecord last = store_->audit_log(id).back();
  EXPECT_EQ(last.record.kind, "timer_recompute");
  EXPECT_NE(last.record.data.find("\"because\":\"counted again on calendar cn-mainland as it is "
                                  "now: due date unchanged; the suspension of 2025-11-20 does "
                                  "not pause it (it runs through suspensions: on_suspend: run)\""),
            std::string::npos)
      << last.record.data;
}

}  // namespace
}  // namespace wageflow
