// Canonical JSON text as the audit trail writes it. Audit records are
// hash-chained, so these bytes are a contract: they equal what
// nlohmann::json's dump(-1, ' ', false, error_handler_t::replace) writes for
// the same value (keys sorted bytewise, no spaces, UTF-8 kept as is, control
// characters escaped, invalid UTF-8 replaced by U+FFFD).
// tests/engine/runtime/canonical_json_test.cpp and
// tests/storage/audit_chain_test.cpp compare the two.
//
// Thread-safe: no shared state.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace wageflow {

// Appends `text` as a JSON string ('"', '\\' and control characters escaped,
// the latter as \b \f \n \r \t or \u00xx; UTF-8 as is). Returns false, with
// `out` partly written, when `text` is not valid UTF-8 (no overlong forms,
// no surrogates, nothing above U+10FFFF); the caller decides what that means.
bool append_json_string(std::string& out, std::string_view text);

}  // namespace wageflow

namespace wageflow::runtime_detail {

// {"key":"value",...} in the map's (sorted) order; "{}" when empty. Never
// throws on any input bytes.
std::string canonical_string_object(const std::map<std::string, std::string>& data);

}  // namespace wageflow::runtime_detail
