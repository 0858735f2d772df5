// What to tell an administrator about a YAML syntax error, beyond the YAML
// library's own words ("illegal map value", "end of map not found"), which
// often point at the line after the slip. Text only: no YAML library here.
// Pure; thread-safe.
#pragma once

#include <string>

namespace wageflow {

struct YamlSyntaxError {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in bytes
  std::string message;
};

// The error the library reported at `line`:`column` (1-based) with
// `library_message`, for the file `text`: moved to the slip when it is one
// of the common ones (a full-width '：' or '，', a key without a space after
// its ':'), with a hint in every case. The message starts "YAML syntax
// error: ".
YamlSyntaxError explain_yaml_syntax_error(const std::string& text, int line, int column,
                                          const std::string& library_message);

}  // namespace wageflow
