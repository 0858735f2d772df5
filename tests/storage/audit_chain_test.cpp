// The canonical record and chain hash exactly as docs/schema.md defines
// them, so that anyone can re-check a chain outside wageflow.
#include "storage/audit_chain.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/storage/backend_fixture.h"

namespace wageflow::testing {
namespace {

AuditRecord sample() {
  AuditRecord r;
  r.at = Instant{1737682200};
  r.actor = "张三";
  r.role = "clerk";
  r.kind = "fire";
  r.event = "start_mediation";
  r.from_state = "intake";
  r.to_state = "mediation";
  r.data = R"({"claim_amount":"8600.00"})";
  r.comment = "工资拖欠 \"三个月\"";
  return r;
}

TEST(AuditChainTest, CanonicalRecordIsACompactJsonArrayWithUtf8AsIs) {
  EXPECT_EQ(canonical_audit_record("2025-000001", 2, sample()),
            R"(["2025-000001",2,1737682200,"张三","clerk","fire","start_mediation","intake",)"
            R"("mediation","{\"claim_amount\":\"8600.00\"}","工资拖欠 \"三个月\""])");
}

TEST(AuditChainTest, Sha256MatchesTheStandardTestVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(AuditChainTest, ChainHashCoversThePreviousHashThenTheCanonicalRecord) {
  const std::string prev(64, '0');
  EXPECT_EQ(chain_hash(prev, "2025-000001", 2, sample()),
            sha256_hex(prev + canonical_audit_record("2025-000001", 2, sample())));
  EXPECT_NE(chain_hash(prev, "2025-000001", 2, sample()),
            chain_hash(std::string(64, '1'), "2025-000001", 2, sample()));
  EXPECT_NE(chain_hash(prev, "2025-000001", 2, sample()),
            chain_hash(prev, "2025-000001", 3, sample()));
}

TEST(AuditChainTest, TextThatIsNotUtf8IsRefusedWithTheRecordNamed) {
  AuditRecord bad = sample();
  bad.comment = "\xff\xfe";
  try {
    canonical_audit_record("2025-000001", 5, bad);
    ADD_FAILURE() << "invalid UTF-8 must be refused";
  } catch (const StoreError& error) {
    EXPECT_EQ(std::string(error.what()),
              "audit record 5 of case 2025-000001 contains text that is not valid UTF-8: "
              "nothing was written");
  }
}

// Recomputes every stored hash from the table's columns alone, the way an
// auditor with only the database file and docs/schema.md would.
TEST(AuditChainTest, StoredHashesCanBeRecomputedFromTheColumnsAsDocumented) {
  SqliteFixture fixture;
  auto store = fixture.open();
  CommitRequest request;
  request.after.workflow = "w";
  request.after.version = 1;
  request.after.definition_sha256 = store->pin_definition("w", 1, "id: w\n");
  request.after.state = "intake";
  request.after.status = "active";
  request.after.data = "{}";
  request.after.row_version = 1;
  request.new_case_id_prefix = "2025-";
  request.records = {sample(), sample()};
  request.records[1].comment = "第二条";
  store->commit(request);

  auto rows = sqlite_rows(fixture.file(),
                          "SELECT case_id, seq, at, actor, role, kind, event, from_state,"
                          " to_state, data, comment, prev_hash, hash FROM audit_log"
                          " ORDER BY case_id, seq");
  ASSERT_EQ(rows.size(), 2u);
  std::string prev(64, '0');
  for (const auto& row : rows) {
    SCOPED_TRACE(row[0] + " seq " + row[1]);
    nlohmann::json canonical =
        nlohmann::json::array({row[0], std::stoll(row[1]), std::stoll(row[2]), row[3], row[4],
                               row[5], row[6], row[7], row[8], row[9], row[10]});
    EXPECT_EQ(row[11], prev);
    EXPECT_EQ(row[12], sha256_hex(row[11] + canonical.dump()));
    prev = row[12];
  }
}

}  // namespace
}  // namespace wageflow::testing
