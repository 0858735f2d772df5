#include "engine/runtime/canonical_json.h"

#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string_view>

#include "engine/core/utf8.h"

namespace wageflow::runtime_detail {
namespace {

// True when one of the 8 bytes of `w` is a control character, '"', '\\' or
// not ASCII (the bytes append_json_string must look at).
bool has_special_byte(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101u;
  constexpr std::uint64_t kHighs = 0x8080808080808080u;
  const auto has_zero = [](std::uint64_t v) { return ((v - kOnes) & ~v & kHighs) != 0; };
  const bool below_space = ((w - kOnes * 0x20) & ~w & kHighs) != 0;
  return below_space || (w & kHighs) != 0 || has_zero(w ^ (kOnes * '"')) ||
         has_zero(w ^ (kOnes * '\\'));
}

}  // namespace
}  // namespace wageflow::runtime_detail

namespace wageflow {

bool append_json_string(std::string& out, std::string_view text) {
  using runtime_detail::has_special_byte;
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = begin + text.size();
  const auto* plain_from = begin;
  const auto* p = begin;
  out += '"';
  while (p < end) {
    if (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (!has_special_byte(w)) {
        p += 8;
        continue;
      }
    }
    const unsigned char c = *p;
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(p, end);
      if (length == 0) return false;
      p += length;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') {
      ++p;
      continue;
    }
    out.append(reinterpret_cast<const char*>(plain_from), static_cast<std::size_t>(p - plain_from));
    ++p;
    plain_from = p;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(reinterpret_cast<const char*>(plain_from), static_cast<std::size_t>(end - plain_from));
  out += '"';
  return true;
}

}  // namespace wageflow

namespace wageflow::runtime_detail {
namespace {

std::string through_nlohmann(const std::map<std::string, std::string>& data) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : data) object[key] = value;
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string canonical_string_object(const std::map<std::string, std::string>& data) {
  std::size_t size = 2;
  for (const auto& [key, value] : data) size += key.size() + value.size() + 6;
  std::string out;
  out.reserve(size + size / 8);
  out += '{';
  bool first = true;
  for (const auto& [key, value] : data) {
    if (!first) out += ',';
    first = false;
    // Invalid UTF-8 is rare (it is replaced, not kept): its exact
    // replacement rules are left to the library that defined them.
    if (!append_json_string(out, key)) return through_nlohmann(data);
    out += ':';
    if (!append_json_string(out, value)) return through_nlohmann(data);
  }
  out += '}';
  return out;
}

}  // namespace wageflow::runtime_detail
