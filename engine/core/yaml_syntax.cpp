#include "engine/core/yaml_syntax.h"

#include <algorithm>
#include <regex>
#include <sstream>
#include <utility>
#include <vector>

namespace wageflow {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The part of `line` before a comment (a '#' at its start or after a space).
std::string without_comment(const std::string& line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

// What a syntax error "end of ... not found" most likely comes from, before
// line `upto` (0-based, exclusive): the last quote not closed on its own
// line (quoted values in workflow files are short), else the innermost '['
// or '{' still open (flow lists may span lines). {line index, byte column};
// {-1, 0} when none.
std::pair<int, int> last_unclosed(const std::vector<std::string>& lines, int upto) {
  std::pair<int, int> quote_left_open{-1, 0};
  std::vector<std::pair<int, int>> brackets;
  for (int i = 0; i < upto && i < static_cast<int>(lines.size()); ++i) {
    const std::string& line = lines[i];
    char quote = 0;
    std::size_t quote_at = 0;
    for (std::size_t k = 0; k < line.size(); ++k) {
      const char c = line[k];
      if (quote) {
        if (c == quote) {
          if (quote == '\'' && k + 1 < line.size() && line[k + 1] == '\'') {
            ++k;  // '' inside '...' is a quote
            continue;
          }
          quote = 0;
        } else if (c == '\\' && quote == '"') {
          ++k;
        }
        continue;
      }
      if (c == '#' && (k == 0 || line[k - 1] == ' ')) break;  // a comment
      // A quote opens a value only where a value starts.
      const bool value_start = k == 0 || line[k - 1] == ' ' || line[k - 1] == '[' ||
                               line[k - 1] == '{' || line[k - 1] == ',';
      if ((c == '\'' || c == '"') && value_start) {
        quote = c;
        quote_at = k;
      } else if (c == '[' || c == '{') {
        brackets.emplace_back(i, static_cast<int>(k));
      } else if ((c == ']' || c == '}') && !brackets.empty()) {
        brackets.pop_back();
      }
    }
    if (quote) quote_left_open = {i, static_cast<int>(quote_at)};
  }
  if (quote_left_open.first >= 0) return quote_left_open;
  return brackets.empty() ? std::pair<int, int>{-1, 0} : brackets.back();
}

}  // namespace

YamlSyntaxError explain_yaml_syntax_error(const std::string& text, int line, int column,
                                          const std::string& library_message) {
  const std::vector<std::string> lines = lines_of(text);
  const std::string head = "YAML syntax error: " + library_message + "; ";
  // The slip is usually on the line reported or on the last line with
  // content before it.
  std::vector<int> suspects;
  const int reported = line - 1;
  if (reported >= 0 && reported < static_cast<int>(lines.size())) suspects.push_back(reported);
  for (int i = std::min(reported, static_cast<int>(lines.size())) - 1; i >= 0; --i) {
    const std::string content = without_comment(lines[i]);
    if (content.find_first_not_of(" \t") != std::string::npos) {
      suspects.push_back(i);
      break;
    }
  }
  static const std::regex no_space(R"(^\s*(-\s+)?[A-Za-z_][A-Za-z0-9_-]*:[^\s:/])");
  for (int i : suspects) {
    const std::string content = without_comment(lines[i]);
    for (const char* full_width : {"\xEF\xBC\x9A", "\xEF\xBC\x8C"}) {  // ：，
      const std::size_t at = content.find(full_width);
      if (at == std::string::npos) continue;
      const bool colon = std::string(full_width) == "\xEF\xBC\x9A";
      return {i + 1, static_cast<int>(at) + 1,
              head + "this is a full-width '" + std::string(full_width) + "'; YAML needs " +
                  (colon ? "the ASCII ':' followed by a space" : "the ASCII ',' between items")};
    }
    std::smatch match;
    if (std::regex_search(content, match, no_space)) {
      const std::size_t colon = content.find(':', match.position(0));
      return {i + 1, static_cast<int>(colon) + 1,
              head + "put a space after ':' (write key: value)"};
    }
  }
  std::string hint;
  if (library_message.find("end of") != std::string::npos &&
      library_message.find("not found") != std::string::npos) {
    const auto [open_line, open_column] = last_unclosed(lines, reported + 1);
    if (open_line >= 0) {
      return {open_line + 1, open_column + 1,
              head + "the " + std::string(1, lines[open_line][open_column]) +
                  " opened here is not closed (close it, or check the quotes inside it)"};
    }
  }
  if (library_message.find("map value") != std::string::npos ||
      library_message.find("indentation") != std::string::npos ||
      library_message.find("end of map") != std::string::npos) {
    hint =
        "check the indentation of this line and the line above: the keys of one map start in "
        "the same column, a nested map further right";
  } else {
    hint = "check this line and the line above";
  }
  return {line, column, head + hint};
}

}  // namespace wageflow
