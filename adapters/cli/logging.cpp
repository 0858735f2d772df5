#include "adapters/cli/logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <ostream>
#include <string_view>

#include "engine/core/pii.h"

namespace wageflow::cli {
namespace {

// Formats as usual, then masks ID and phone numbers before writing.
class MaskingSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit MaskingSink(std::ostream& out) : out_(out) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    out_ << mask_pii_in_text(std::string_view(formatted.data(), formatted.size()));
  }
  void flush_() override { out_.flush(); }

 private:
  std::ostream& out_;
};

std::optional<spdlog::level::level_enum> level_named(const std::string& name) {
  using spdlog::level::level_enum;
  static const std::pair<const char*, level_enum> kLevels[] = {
      {"trace", level_enum::trace}, {"debug", level_enum::debug},  {"info", level_enum::info},
      {"warn", level_enum::warn},   {"warning", level_enum::warn}, {"error", level_enum::err},
      {"off", level_enum::off},
  };
  for (const auto& [text, level] : kLevels) {
    if (name == text) return level;
  }
  return std::nullopt;
}

}  // namespace

LoggerSetup make_logger(std::ostream& err, const std::string& level_name, bool verbose) {
  auto sink = std::make_shared<MaskingSink>(err);
  LoggerSetup setup;
  setup.logger = std::make_shared<spdlog::logger>("wageflow", sink);
  setup.logger->set_pattern("wageflow [%l] %v");
  auto level = spdlog::level::warn;
  if (verbose) {
    level = spdlog::level::debug;
  } else if (!level_name.empty()) {
    if (auto named = level_named(level_name)) {
      level = *named;
    } else {
      setup.warning = "WAGEFLOW_LOG='" + level_name +
                      "' is not a level (trace, debug, info, warn, error, off); using warn";
    }
  }
  setup.logger->set_level(level);
  setup.logger->flush_on(spdlog::level::trace);
  return setup;
}

}  // namespace wageflow::cli
