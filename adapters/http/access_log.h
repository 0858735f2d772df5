// The structured access log: one JSON object a line per request, through
// spdlog, with ID and phone numbers masked like every other log line:
//   {"time":"2025-01-24T01:30:00.123Z","remote":"127.0.0.1","method":"POST",
//    "path":"/api/cases","status":201,"bytes":812,"ms":4.2,"user":"李明"}
// The query string is left out (it may carry personal filters).
// Thread-safe (spdlog's _mt sinks).
#pragma once

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace wageflow::http {

struct AccessEntry {
  std::string remote;
  std::string method;
  std::string path;
  int status = 0;
  std::size_t bytes = 0;
  double milliseconds = -1;  // < 0: unknown (answered before the API saw it)
  std::string user;          // "" when not authenticated
};

class AccessLog {
 public:
  // Writes to `file` (appending), or to stderr when `file` is empty.
  // Throws spdlog::spdlog_ex when the file cannot be opened.
  explicit AccessLog(const std::string& file);
  ~AccessLog();

  void write(const AccessEntry& entry);

 private:
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace wageflow::http
