#include "adapters/http/server_clock.h"

#include <chrono>

namespace wageflow::http {

Instant ServerClock::now() const {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fixed_) return *fixed_;
  }
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Instant{std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count()};
}

void ServerClock::set(Instant at) {
  std::lock_guard<std::mutex> lock(mutex_);
  fixed_ = at;
}

bool ServerClock::is_fixed() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return fixed_.has_value();
}

}  // namespace wageflow::http
