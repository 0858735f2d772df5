#include "engine/core/pii.h"

#include <cstddef>

namespace wageflow {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// 17 digits then a digit or X (either case).
bool is_id_number(std::string_view s) {
  if (s.size() != 18) return false;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(s[i])) return false;
  }
  return is_digit(s[17]) || s[17] == 'X' || s[17] == 'x';
}

bool is_phone_number(std::string_view s) {
  if (s.size() != 11) return false;
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Length in bytes of the UTF-8 character starting with `lead`; 1 for a
// byte that cannot start one.
std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

// The byte length of the character at s[pos], never past the end and never
// swallowing a byte that is not a continuation byte.
std::size_t character_at(std::string_view s, std::size_t pos) {
  std::size_t want = utf8_length(static_cast<unsigned char>(s[pos]));
  std::size_t len = 1;
  while (len < want && pos + len < s.size() &&
         (static_cast<unsigned char>(s[pos + len]) & 0xC0) == 0x80) {
    ++len;
  }
  return len == want ? len : 1;
}

std::string mask_id_number(std::string_view s) {
  return std::string(s.substr(0, 4)) + std::string(10, '*') + std::string(s.substr(14));
}

std::string mask_phone_number(std::string_view s) {
  return std::string(s.substr(0, 3)) + "****" + std::string(s.substr(7));
}

// Where an ID number or phone number embedded at text[pos] ends, or pos
// when none starts there. Digits must not continue on either side.
std::size_t number_end(std::string_view text, std::size_t pos) {
  if (pos > 0 && is_digit(text[pos - 1])) return pos;
  std::size_t end = pos;
  while (end < text.size() && is_digit(text[end])) ++end;
  std::size_t digits = end - pos;
  if (digits == 17 && end < text.size() && (text[end] == 'X' || text[end] == 'x')) {
    ++end;
    digits = 18;
  }
  if (digits != 18 && digits != 11) return pos;
  if (end < text.size() && (is_digit(text[end]) || text[end] == 'X' || text[end] == 'x')) {
    return pos;
  }
  return end;
}

// A mobile number written with the country code (8613804315678, from
// "+86 ...", the plus being another character) or in groups of 3-4-4
// ("138-0431-5678", "138 0431 5678") at text[pos]: its masked form and where
// it ends; {"", pos} when none starts there.
std::pair<std::string, std::size_t> written_phone_number(std::string_view text, std::size_t pos) {
  if (pos > 0 && is_digit(text[pos - 1])) return {"", pos};
  std::size_t end = pos;
  while (end < text.size() && is_digit(text[end])) ++end;
  const std::size_t digits = end - pos;
  if (digits == 13 && text.substr(pos, 3) == "861") {
    return {"86" + mask_phone_number(text.substr(pos + 2, 11)), end};
  }
  if (digits != 3 || end + 10 > text.size()) return {"", pos};
  const char separator = text[end];
  if (separator != '-' && separator != ' ') return {"", pos};
  auto digits_at = [&text](std::size_t from, std::size_t count) {
    for (std::size_t i = from; i < from + count; ++i) {
      if (!is_digit(text[i])) return false;
    }
    return true;
  };
  const std::size_t second = end + 1, third = end + 6;
  if (!digits_at(second, 4) || text[second + 4] != separator || !digits_at(third, 4) ||
      text[pos] != '1') {
    return {"", pos};
  }
  const std::size_t last = third + 4;
  if (last < text.size() && is_digit(text[last])) return {"", pos};
  return {std::string(text.substr(pos, 3)) + separator + "****" + separator +
              std::string(text.substr(third, 4)),
          last};
}

}  // namespace

std::string mask_pii(std::string_view value) {
  if (is_id_number(value)) return mask_id_number(value);
  if (is_phone_number(value)) return mask_phone_number(value);
  if (value.empty()) return "";
  std::size_t first = character_at(value, 0);
  std::string masked(value.substr(0, first));
  for (std::size_t pos = first; pos < value.size(); pos += character_at(value, pos)) {
    masked += '*';
  }
  return masked;
}

std::string mask_pii_in_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = is_digit(text[pos]) ? number_end(text, pos) : pos;
    if (end > pos) {
      std::string_view number = text.substr(pos, end - pos);
      out += number.size() == 18 ? mask_id_number(number) : mask_phone_number(number);
      pos = end;
      continue;
    }
    if (is_digit(text[pos])) {
      auto [masked, phone_end] = written_phone_number(text, pos);
      if (phone_end > pos) {
        out += masked;
        pos = phone_end;
        continue;
      }
    }
    // Skip the rest of a digit run that was not a number to mask.
    std::size_t next = pos + 1;
    if (is_digit(text[pos])) {
      while (next < text.size() && is_digit(text[next])) ++next;
    }
    out.append(text.substr(pos, next - pos));
    pos = next;
  }
  return out;
}

}  // namespace wageflow
