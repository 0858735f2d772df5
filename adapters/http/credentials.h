// Secrets of wageflow accounts: access tokens (printed once by `wageflow
// user add`), session ids (the browser's cookie) and CSRF tokens. Only
// SHA-256 hashes of tokens and session ids reach the database.
// Thread-safe (OpenSSL's RAND_bytes and EVP are).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/result.h"

namespace wageflow::http {

// A new access token: "wft_" and 43 base64url characters (256 random bits
// from OpenSSL's RAND_bytes). Throws std::runtime_error if the system has
// no randomness to give (never silently weaker).
std::string issue_token();
// A new session id or CSRF token: 43 base64url characters (256 bits).
std::string random_secret();
// Lower-case hex SHA-256 of `secret`: what is stored for tokens and session
// ids. Tokens carry 256 random bits, so a plain (unsalted, fast) hash is
// enough: the hash cannot be turned back into the token by guessing.
std::string secret_hash(std::string_view secret);

// Compares two secrets in time independent of where they differ.
bool same_secret(std::string_view a, std::string_view b);

// Checks for `wageflow user add`. Each error says what is accepted.
// A user name: 1..64 characters of printable UTF-8, no spaces at the ends,
// none of : ; , " \ and not "system" (the actor of timer work).
Result<std::string> check_user_name(const std::string& name);
// A role: [a-z][a-z0-9_]* up to 64 characters (the form workflows use).
Result<std::string> check_role_name(const std::string& role);
// An office: the rule of engine/core/name_text.h (1..64 printable characters, not blank, no
// space at either end); the error names the office and what is wrong.
Result<std::string> check_office_name(const std::string& office);

}  // namespace wageflow::http
