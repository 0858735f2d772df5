// Running an end-to-end test once per storage backend.
//
//   class Timers : public OnEveryBackend {};
//   TEST_P(Timers, WarnThenGoOverdue) { Sandbox sandbox(backend()); ... }
//   WAGEFLOW_ON_EVERY_BACKEND(Timers);
//
// gives the tests Timers.WarnThenGoOverdue/sqlite and .../postgresql. The
// PostgreSQL instance is skipped when no test server is configured
// (WAGEFLOW_TEST_POSTGRES unset; a failure instead when CI=true), so a
// developer without PostgreSQL still runs every test on SQLite.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "e2e/support/wageflow_process.h"
#include "support/postgres.h"

namespace wageflow::e2e {

class OnEveryBackend : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (backend() == kPostgresql) {
      WAGEFLOW_REQUIRE_POSTGRES();
    }
  }
  const std::string& backend() const { return GetParam(); }
};

}  // namespace wageflow::e2e

// Instantiates every TEST_P of `suite` (a subclass of OnEveryBackend) once
// per backend, named .../sqlite and .../postgresql.
#define WAGEFLOW_ON_EVERY_BACKEND(suite)                                                  \
  INSTANTIATE_TEST_SUITE_P(                                                               \
      , suite, ::testing::Values(::wageflow::e2e::kSqlite, ::wageflow::e2e::kPostgresql), \
      [](const ::testing::TestParamInfo<std::string>& backend) { return backend.param; })
