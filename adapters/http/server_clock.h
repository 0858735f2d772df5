// The server's notion of "now": the system clock, or an instant fixed by
// `wageflow --now` / WAGEFLOW_NOW (then it does not move by itself), and
// movable by POST /test/clock when the server runs with --test-clock.
// Thread-safe.
#pragma once

#include <mutex>
#include <optional>

#include "engine/core/date.h"

namespace wageflow::http {

class ServerClock {
 public:
  explicit ServerClock(std::optional<Instant> fixed = std::nullopt) : fixed_(fixed) {}

  Instant now() const;
  // Fixes the clock at `at` from now on.
  void set(Instant at);
  bool is_fixed() const;

 private:
  mutable std::mutex mutex_;
  std::optional<Instant> fixed_;
};

}  // namespace wageflow::http
