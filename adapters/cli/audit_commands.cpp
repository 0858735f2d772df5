// audit log / audit verify.
#include <ostream>

#include "adapters/cli/case_lookup.h"
#include "adapters/cli/commands.h"
#include "adapters/presentation/case_json.h"
#include "engine/core/pii.h"

namespace wageflow::cli {
namespace {

using presentation::audit_record_json;
using presentation::masked_audit_data;

// "#3 2025-01-24T09:00:00+08:00 李明 (intake_clerk) fire accept: intake -> accepted
//  data={...} comment="...""
std::string record_line(const Definition& definition, const StoredAuditRecord& stored) {
  const AuditRecord& r = stored.record;
  std::string line = "#" + std::to_string(stored.seq) + " " +
                     format_local(r.at, utc_offset_of(definition)) + " " + r.actor;
  if (!r.role.empty()) line += " (" + r.role + ")";
  line += " " + r.kind;
  if (!r.event.empty()) line += " " + r.event;
  // An open comes from no state: "open: intake", as cli.md shows it.
  if (r.from_state.empty()) {
    line += ": " + r.to_state;
  } else {
    line += ": " + r.from_state;
    if (r.to_state != r.from_state) line += " -> " + r.to_state;
  }
  auto data = masked_audit_data(definition, r.data);
  if (!(data.is_object() && data.empty())) line += " data=" + data.dump();
  if (!r.comment.empty())
    line += " comment=" + nlohmann::ordered_json(mask_pii_in_text(r.comment)).dump();
  return line;
}

}  // namespace

int print_audit_log(const Context& context, const AuditLogOptions& options) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  auto found = find_case(session, options.case_id);
  if (!found) return context.fail(kExitInvalid, found.error());
  for (const auto& stored : session.store->audit_log(options.case_id)) {
    if (options.json) {
      context.out << audit_record_json(*found->definition, stored).dump() << '\n';
    } else {
      context.out << record_line(*found->definition, stored) << '\n';
    }
  }
  return kExitDone;
}

int verify_audit(const Context& context, const std::string& case_id) {
  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  if (!case_id.empty() && !session.store->load_case(case_id)) {
    return context.fail(kExitInvalid, "no case " + case_id);
  }
  constexpr std::size_t kProgressEvery = 1000;
  const VerifyResult result =
      session.store->verify(case_id, [&context](std::size_t done, std::size_t total) {
        if (total > kProgressEvery && done % kProgressEvery == 0) {
          context.err << "verified " << done << "/" << total << " cases\n";
        }
      });
  if (result.ok) {
    context.out << "ok " << result.records << " records\n";
    return kExitDone;
  }
  context.out << "broken: " << result.problem << '\n';
  return context.fail(kExitInvalid, "the audit trail has been altered: " + result.problem);
}

}  // namespace wageflow::cli
