// Expiry events that were not fired and still stand (docs/deadlines.md, "An
// expiry event no row takes"), read back from a case's audit trail: the
// views that show a case and the quarterly report's overdue count read them
// so. One rule, here: storage's overdue filter states it again in SQL
// (storage/soci_store.cpp, FilterClause). Pure functions are thread-safe; a
// StandingUnfiredExpiries is not (one per trail being read).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/runtime/store.h"

namespace wageflow {

// The reason an `escalate` record gives for an expiry event not fired (its
// data's "refused"); "" for any other record.
std::string not_fired_reason(const AuditRecord& record);

// Follows a trail record by record (seq order): a timer's expiry event not
// fired stands from its `escalate` record until the timer starts or expires
// again, or the case leaves the state it stayed in then.
class StandingUnfiredExpiries {
 public:
  void add(const AuditRecord& record);
  // Whether `timer`'s last expiry event not fired still stands.
  bool stands(const std::string& timer) const { return found_.count(timer) != 0; }
  // Timer name -> why its expiry event was not fired, for each that stands.
  std::map<std::string, std::string> reasons() const;

 private:
  struct NotFired {
    std::string reason;
    std::string state;  // where the case stayed
  };
  std::map<std::string, NotFired> found_;
};

// StandingUnfiredExpiries::reasons() after the whole `trail` (seq order);
// empty when none stands.
std::map<std::string, std::string> expiries_not_fired(const std::vector<StoredAuditRecord>& trail);

}  // namespace wageflow
