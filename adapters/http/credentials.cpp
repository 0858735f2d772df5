#include "adapters/http/credentials.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <regex>
#include <stdexcept>

#include "engine/core/name_text.h"

namespace wageflow::http {
namespace {

constexpr int kSecretBytes = 32;

std::string base64url(const unsigned char* bytes, int size) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int i = 0;
  for (; i + 2 < size; i += 3) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (size - i == 1) {
    const unsigned v = bytes[i] << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (size - i == 2) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

// "office '长春市'", or "the office" when the name would not print as text
// (a control character, a byte that is not UTF-8): a message is one line
// that moves no cursor.
std::string named(const std::string& what, const std::string& name) {
  if (!prints_as_text(name)) return "the " + what;
  return what + " '" + name + "'";
}

}  // namespace

std::string random_secret() {
  unsigned char bytes[kSecretBytes];
  if (RAND_bytes(bytes, kSecretBytes) != 1) {
    throw std::runtime_error("the system's random number generator failed; no secret was made");
  }
  return base64url(bytes, kSecretBytes);
}

std::string issue_token() {
  return "wft_" + random_secret();
}

std::string secret_hash(std::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(secret.data(), secret.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed in OpenSSL");
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

bool same_secret(std::string_view a, std::string_view b) {
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return difference == 0;
}

Result<std::string> check_user_name(const std::string& name) {
  if (auto problem = name_problem(name)) {
    return Error{named("user name", name) + " is not accepted: it " + *problem +
                 " (a user name is 1 to 64 printable characters, e.g. 李明 or li.ming)"};
  }
  if (name.find_first_of(":;,\"\\") != std::string::npos) {
    return Error{"user name '" + name + "' contains one of : ; , \" \\ which are not allowed"};
  }
  if (name == "system") {
    return Error{"user name 'system' is reserved for the server's own timer work"};
  }
  return name;
}

Result<std::string> check_role_name(const std::string& role) {
  static const std::regex kRole("[a-z][a-z0-9_]{0,63}");
  if (!std::regex_match(role, kRole)) {
    return Error{"role '" + role +
                 "' is not a role name: lower-case letters, digits and _ (e.g. intake_clerk)"};
  }
  return role;
}

Result<std::string> check_office_name(const std::string& office) {
  if (auto problem = name_problem(office)) {
    return Error{named("office", office) + " is not accepted: it " + *problem +
                 " (an office is 1 to 64 printable characters, e.g. 长春市)"};
  }
  return office;
}

}  // namespace wageflow::http
