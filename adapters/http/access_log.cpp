#include "adapters/http/access_log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/core/pii.h"

namespace wageflow::http {
namespace {

std::string utc_now_with_millis() {
  const auto now = std::chrono::system_clock::now();
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                static_cast<int>(millis % 1000));
  return text;
}

}  // namespace

AccessLog::AccessLog(const std::string& file) {
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (file.empty()) {
    sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  } else {
    sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file);
  }
  logger_ = std::make_shared<spdlog::logger>("access", sink);
  logger_->set_pattern("%v");
  logger_->set_level(spdlog::level::info);
  logger_->flush_on(spdlog::level::info);
}

AccessLog::~AccessLog() = default;

void AccessLog::write(const AccessEntry& entry) {
  nlohmann::ordered_json line = {
      {"time", utc_now_with_millis()}, {"remote", entry.remote},
      {"method", entry.method},        {"path", entry.path},
      {"status", entry.status},        {"bytes", entry.bytes},
  };
  if (entry.milliseconds >= 0) line["ms"] = std::round(entry.milliseconds * 10) / 10;
  if (!entry.user.empty()) line["user"] = entry.user;
  logger_->info(
      mask_pii_in_text(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
}

}  // namespace wageflow::http
