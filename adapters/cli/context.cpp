#include "adapters/cli/context.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <ostream>

#include "engine/core/pii.h"
#include "storage/storage.h"

namespace wageflow::cli {

Instant Context::now(int utc_offset_minutes) const {
  if (options.now) {
    if (auto at = parse_instant(*options.now, utc_offset_minutes)) return *at;
  }
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant{std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count()};
}

int Context::fail(ExitCode code, std::string_view message) const {
  err << "wageflow: " << mask_pii_in_text(message) << '\n';
  log.debug("exit code {}", static_cast<int>(code));
  return code;
}

Result<std::unique_ptr<Session>> open_session(const Context& context) {
  std::unique_ptr<Store> store;
  try {
    // Printed at once: an upgrade of a large database can take minutes.
    store = open_store(context.options.db, [&context](const std::string& line) {
      context.err << "wageflow: " << line << std::endl;
    });
  } catch (const StoreError& e) {
    return Error{e.what()};
  }
  context.log.debug("opened database {}", context.options.db);
  return std::make_unique<Session>(std::move(store), context.options.workflows);
}

int utc_offset_of(const Definition& definition) {
  return presentation::calendar_utc_offset(definition);
}

}  // namespace wageflow::cli
