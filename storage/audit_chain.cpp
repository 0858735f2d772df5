#include "storage/audit_chain.h"

#include <openssl/evp.h>

#include <memory>

#include "engine/runtime/canonical_json.h"

namespace wageflow {

const std::string& genesis_hash() {
  static const std::string kGenesis(64, '0');
  return kGenesis;
}

std::string canonical_audit_record(const std::string& case_id, std::int64_t seq,
                                   const AuditRecord& record) {
  // Written directly rather than through nlohmann::json (a hot path of
  // every commit and of import): tests/storage/audit_chain_test.cpp checks
  // that the bytes equal nlohmann's dump of the same array.
  const std::string_view texts[] = {record.actor, record.role,       record.kind,
                                    record.event, record.from_state, record.to_state,
                                    record.data,  record.comment};
  std::size_t size = case_id.size() + 64;
  for (std::string_view text : texts) size += text.size() + 3;
  std::string out;
  out.reserve(size);
  out.push_back('[');
  bool valid = append_json_string(out, case_id);
  out.push_back(',');
  out += std::to_string(seq);
  out.push_back(',');
  out += std::to_string(record.at.seconds);
  for (std::string_view text : texts) {
    out.push_back(',');
    valid = valid && append_json_string(out, text);
  }
  out.push_back(']');
  if (!valid) {
    throw StoreError("audit record " + std::to_string(seq) + " of case " + case_id +
                     " contains text that is not valid UTF-8: nothing was written");
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  // Fetched once: OpenSSL 3 otherwise looks SHA-256 up again on every digest.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (!kSha256 || !context || EVP_DigestInit_ex(context.get(), kSha256, nullptr) != 1 ||
      EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) != 1 ||
      EVP_DigestFinal_ex(context.get(), digest, &length) != 1) {
    throw StoreError("SHA-256 is not available from OpenSSL: check the OpenSSL installation");
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

std::string chain_hash(const std::string& prev_hash, const std::string& case_id, std::int64_t seq,
                       const AuditRecord& record) {
  return sha256_hex(prev_hash + canonical_audit_record(case_id, seq, record));
}

ChainChecker::ChainChecker(std::string case_id, std::int64_t expected_records)
    : case_id_(std::move(case_id)),
      expected_records_(expected_records),
      last_hash_(genesis_hash()) {}

std::optional<std::string> ChainChecker::next(const StoredAuditRecord& stored) {
  const std::string where = "case " + case_id_ + " seq " + std::to_string(stored.seq);
  if (stored.seq != last_seq_ + 1) {
    return "case " + case_id_ + ": record seq " + std::to_string(last_seq_ + 1) + " is missing";
  }
  if (stored.prev_hash != last_hash_) {
    return where + ": prev_hash does not match the hash of " +
           (last_seq_ == 0 ? std::string("the chain start") : "seq " + std::to_string(last_seq_)) +
           " (records reordered or replaced)";
  }
  if (chain_hash(stored.prev_hash, case_id_, stored.seq, stored.record) != stored.hash) {
    return where + ": hash mismatch (the record was edited)";
  }
  last_seq_ = stored.seq;
  last_hash_ = stored.hash;
  return std::nullopt;
}

std::optional<std::string> ChainChecker::finish() const {
  if (last_seq_ < expected_records_) {
    return "case " + case_id_ + ": record seq " + std::to_string(last_seq_ + 1) +
           " is missing (the case has " + std::to_string(expected_records_) + " records)";
  }
  if (last_seq_ > expected_records_) {
    return "case " + case_id_ + " seq " + std::to_string(expected_records_ + 1) +
           ": more records than the case row counts (" + std::to_string(expected_records_) +
           "): records were added by hand";
  }
  return std::nullopt;
}

}  // namespace wageflow
