// The audit hash chain (docs/schema.md, "The audit chain"): each record's
// hash covers the previous record's hash and the record's canonical form,
// so editing, deleting or reordering stored records is detected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/runtime/store.h"

namespace wageflow {

// The prev_hash of a case's first record: 64 '0' characters.
const std::string& genesis_hash();

// The canonical form of one record: the JSON array
// [case_id, seq, at, actor, role, kind, event, from_state, to_state, data, comment]
// with seq and at as integers and the rest as strings, serialized compactly
// (no spaces, non-ASCII UTF-8 as is). Throws StoreError when a text is not
// valid UTF-8.
std::string canonical_audit_record(const std::string& case_id, std::int64_t seq,
                                   const AuditRecord& record);

// Lower-case hex SHA-256 of `bytes` (OpenSSL EVP).
std::string sha256_hex(std::string_view bytes);

// hex SHA-256(prev_hash || canonical record).
std::string chain_hash(const std::string& prev_hash, const std::string& case_id, std::int64_t seq,
                       const AuditRecord& record);

// Walks one case's records in seq order and finds the first broken one.
class ChainChecker {
 public:
  // `expected_records`: how many records the case row says it has.
  ChainChecker(std::string case_id, std::int64_t expected_records);

  // Feeds the next stored record (ascending seq). Returns the problem with
  // it, if any; after a problem the checker must not be fed again.
  std::optional<std::string> next(const StoredAuditRecord& stored);
  // After the last record: a problem when records are missing at the end.
  std::optional<std::string> finish() const;

 private:
  std::string case_id_;
  std::int64_t expected_records_;
  std::int64_t last_seq_ = 0;
  std::string last_hash_;
};

}  // namespace wageflow
