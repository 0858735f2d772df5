// Masking of personal data (PII) for lists, logs and exports. Pure
// functions on UTF-8 text: no I/O, thread-safe.
//
// Which fields are personal is the workflow's business (FieldDef::pii);
// these functions only decide how a value is shown once it is known to be.
#pragma once

#include <string>
#include <string_view>

namespace wageflow {

// The masked form of one personal value, by its shape:
//   an 18-character ID number (17 digits, then a digit or X):
//       first 4 + 10 '*' + last 4        "220102199001011234" -> "2201**********1234"
//   an 11-digit mobile phone number:
//       first 3 + "****" + last 4        "13812341234" -> "138****1234"
//   anything else (names, addresses, ...):
//       the first character kept, one '*' for each further character
//       (characters, not bytes: "张三丰" -> "张**", "Li" -> "L*").
// "" stays "". Invalid UTF-8 bytes count as one character each.
std::string mask_pii(std::string_view value);

// `text` with every ID number and mobile phone number embedded in it masked
// as above (a run of digits is only taken as one when it is exactly 18 or
// 11 characters long, not part of a longer run), and a mobile number written
// with the country code or in groups masked alike: "+8613804315678" ->
// "+86138****5678", "138-0431-5678" -> "138-****-5678". Names cannot be recognised
// in free text: callers mask known personal fields with mask_pii first.
// Used on every log line as a last safety net.
std::string mask_pii_in_text(std::string_view text);

}  // namespace wageflow
