// case show / case list: read-only views of cases.
#include <spdlog/spdlog.h>

#include <map>
#include <ostream>

#include "adapters/cli/case_lookup.h"
#include "adapters/cli/case_text.h"
#include "adapters/cli/commands.h"
#include "adapters/presentation/case_json.h"
#include "adapters/presentation/unfired_expiry.h"
#include "engine/runtime/codec.h"
#include "engine/runtime/unfired_expiries.h"

namespace wageflow::cli {
namespace {

using presentation::case_json;
using presentation::Pii;

// Stored case records -> rows with their pinned definitions, each stored
// definition loaded once. A record that cannot be read is left out with a
// warning naming it.
class RowReader {
 public:
  RowReader(const Context& context, Session& session) : context_(context), session_(session) {}

  std::optional<CaseRow> read(const CaseRecord& record) {
    auto definition = definition_for(record.definition_sha256);
    if (!definition) return skip(record.id, definition.error());
    auto snapshot = from_record(**definition, record);
    if (!snapshot) return skip(record.id, snapshot.error());
    return CaseRow{*definition, std::move(snapshot).value(), {}};
  }

 private:
  Result<std::shared_ptr<const Definition>> definition_for(const std::string& sha256) {
    if (auto known = cache_.find(sha256); known != cache_.end()) return known->second;
    auto stored = session_.store->definition(sha256);
    if (!stored) return Error{"its definition " + sha256 + " is not stored"};
    auto loaded = session_.definitions.from_text(sha256, stored->yaml_text);
    if (loaded) cache_.emplace(sha256, *loaded);
    return loaded;
  }

  std::optional<CaseRow> skip(const std::string& id, const std::string& why) {
    context_.log.warn("case {} left out: {}", id, why);
    return std::nullopt;
  }

  const Context& context_;
  Session& session_;
  std::map<std::string, std::shared_ptr<const Definition>> cache_;
};

}  // namespace

int show_case(const Context& context, const ShowOptions& options) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  auto found = find_case(*opened.value(), options.case_id);
  if (!found) return context.fail(kExitInvalid, found.error());
  // The trail says why an expiry event was not fired; the case row does not.
  const std::map<std::string, std::string> not_fired =
      presentation::has_expired_timer(found->snapshot)
          ? expiries_not_fired(opened.value()->store->audit_log(found->snapshot.id))
          : std::map<std::string, std::string>();
  if (options.json) {
    auto json = case_json(*found->definition, found->snapshot, Pii::kShown);
    presentation::add_expiries_not_fired(json, not_fired);
    context.out << json.dump(2) << '\n';
  } else {
    print_case_details(context.out, *found->definition, found->snapshot,
                       context.now(utc_offset_of(*found->definition)), not_fired);
  }
  std::vector<ShownTimer> counting;
  add_counting_timers(*found->definition, found->snapshot, counting);
  note_provisional(context.err, counting);
  return kExitDone;
}

int list_cases(const Context& context, const ListOptions& options) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();

  CaseFilter filter;
  filter.workflow = options.workflow;
  filter.state = options.state;
  filter.status = options.status;
  filter.overdue_only = options.overdue;
  filter.now = context.now();
  RowReader reader(context, session);
  std::vector<CaseRow> rows;
  const auto records = session.store->list_cases(filter);
  if (static_cast<int>(records.size()) >= filter.limit) {
    context.log.warn(
        "only the first {} cases are listed; narrow the list with --workflow, "
        "--state or --status",
        filter.limit);
  }
  for (const auto& record : records) {
    if (auto row = reader.read(record)) rows.push_back(std::move(*row));
  }
  // The trail says why an expiry event was not fired; read for the overdue
  // list only (an expired timer is the usual end of an expiry that fired:
  // every list would read a trail per case), and only where an expired
  // timer leaves it possible (a closed case has moved on).
  for (CaseRow& row : rows) {
    if (!options.overdue || row.snapshot.status == CaseStatus::kClosed ||
        !presentation::has_expired_timer(row.snapshot)) {
      continue;
    }
    row.not_fired = expiries_not_fired(session.store->audit_log(row.snapshot.id));
  }
  context.log.debug("{} cases listed", rows.size());

  if (options.json) {
    auto array = nlohmann::ordered_json::array();
    for (const auto& row : rows) {
      array.push_back(case_json(*row.definition, row.snapshot, Pii::kMasked));
      presentation::add_expiries_not_fired(array.back(), row.not_fired);
    }
    context.out << array.dump(2) << '\n';
  } else {
    print_case_table(context.out, rows, filter.now);
  }
  // The due dates printed: each case's timers in JSON, its nearest in the table.
  std::vector<ShownTimer> shown;
  for (const auto& row : rows) {
    if (options.json) {
      add_counting_timers(*row.definition, row.snapshot, shown);
    } else {
      shown.emplace_back(row.definition.get(), nearest_live_timer(row.snapshot));
    }
  }
  note_provisional(context.err, shown);
  return kExitDone;
}

}  // namespace wageflow::cli
