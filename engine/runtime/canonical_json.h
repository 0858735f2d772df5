// Private to engine/runtime: the canonical JSON text of an audit record's
// `data`, a flat object of strings. Audit records are hash-chained, so these
// bytes are a contract: they equal what nlohmann::json's
// dump(-1, ' ', false, error_handler_t::replace) writes for the same object
// (keys sorted bytewise, no spaces, UTF-8 kept as is, control characters
// escaped, invalid UTF-8 replaced by U+FFFD).
// tests/engine/runtime/canonical_json_test.cpp compares the two.
#pragma once

#include <map>
#include <string>

namespace wageflow::runtime_detail {

// {"key":"value",...} in the map's (sorted) order; "{}" when empty. Never
// throws on any input bytes.
std::string canonical_string_object(const std::map<std::string, std::string>& data);

}  // namespace wageflow::runtime_detail
