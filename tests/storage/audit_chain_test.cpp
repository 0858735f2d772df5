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

// What canonical_audit_record wrote when it went through nlohmann::json:
// the reference its direct writer must equal byte for byte, or "invalid"
// where nlohmann refuses the text.
std::string nlohmann_canonical(const std::string& case_id, std::int64_t seq, const AuditRecord& r) {
  const nlohmann::json array =
      nlohmann::json::array({case_id, seq, r.at.seconds, r.actor, r.role, r.kind, r.event,
                             r.from_state, r.to_state, r.data, r.comment});
  try {
    return array.dump();
  } catch (const nlohmann::json::exception&) {
    return "invalid";
  }
}

std::string direct_canonical(const std::string& case_id, std::int64_t seq, const AuditRecord& r) {
  try {
    return canonical_audit_record(case_id, seq, r);
  } catch (const StoreError&) {
    return "invalid";
  }
}

std::string hex_of(const std::string& bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 0x0f]);
    hex.push_back(' ');
  }
  return hex;
}

TEST(AuditChainTest, EveryOneTwoAndThreeByteTextIsWrittenAsNlohmannWouldOrRefusedAsItWould) {
  // Each text in the comment, between other bytes, so a sequence cut short
  // by the end of the text and one followed by more text are both tried.
  AuditRecord r = sample();
  auto check = [&](const std::string& text) {
    for (const std::string& comment : {text, "a" + text + "\\"}) {
      r.comment = comment;
      ASSERT_EQ(direct_canonical("2025-000001", 7, r), nlohmann_canonical("2025-000001", 7, r))
          << "comment bytes: " << hex_of(comment);
    }
  };
  for (int a = 0; a < 256; ++a) {
    check(std::string(1, static_cast<char>(a)));
    for (int b = 0; b < 256; ++b) {
      check(std::string{static_cast<char>(a), static_cast<char>(b)});
    }
  }
  // Three bytes: every lead byte from 0xE0 with every second and third
  // byte around the continuation range's edges.
  const int edges[] = {0x00, 0x22, 0x5c, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff};
  for (int a = 0xe0; a < 0x100; ++a) {
    for (int b : edges) {
      for (int c : edges) {
        check(std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c)});
        for (int d : edges) {
          check(std::string{static_cast<char>(a), static_cast<char>(b), static_cast<char>(c),
                            static_cast<char>(d)});
        }
      }
    }
  }
}

TEST(AuditChainTest, GeneratedRecordsAreWrittenAsNlohmannWould) {
  // Texts drawn from Chinese, ASCII with quotes and backslashes, every
  // control character, DEL and 4-byte UTF-8; seq and times over the whole
  // int64 range.
  const std::vector<std::string> pieces = {
      "张三",         "工资",   "\"", "\\", "\n", "\t", "\x01",
      "\x1f",         "\x7f",   "a",  "Z",  " ",  "{}", "\xf0\x9f\x98\x80",
      "\xe4\xb8\x80", "\u00e9", "\b", "\f", "\r", "/",  "0"};
  std::uint64_t state = 12345;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
  };
  auto text = [&] {
    std::string out;
    for (std::uint64_t n = next() % 6; n > 0; --n) out += pieces[next() % pieces.size()];
    return out;
  };
  for (int i = 0; i < 20000; ++i) {
    AuditRecord r;
    r.at = Instant{static_cast<std::int64_t>(next() << 31) - (std::int64_t{1} << 62)};
    r.actor = text();
    r.role = text();
    r.kind = text();
    r.event = text();
    r.from_state = text();
    r.to_state = text();
    r.data = text();
    r.comment = text();
    const std::string case_id = "2025-" + text();
    const std::int64_t seq = i % 3 == 0 ? -static_cast<std::int64_t>(next()) : i;
    ASSERT_EQ(direct_canonical(case_id, seq, r), nlohmann_canonical(case_id, seq, r))
        << "record " << i;
  }
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
