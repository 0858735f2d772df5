// Converts between the engine's CaseSnapshot and the stored CaseRecord, and
// builds canonical JSON for case data and audit records.
#pragma once

#include <string>
#include <vector>

#include "engine/core/result.h"
#include "engine/definition/definition.h"
#include "engine/runtime/case.h"
#include "engine/runtime/store.h"

namespace wageflow {

// {"claim_amount":"8600.00","worker_name":"..."}: sorted keys, set fields
// only, values in their canonical text form (format_value).
std::string encode_data(const Definition& definition, const std::vector<Value>& data);
// The reverse; an error names the field that does not fit the definition.
Result<std::vector<Value>> decode_data(const Definition& definition, const std::string& json);

CaseRecord to_record(const Definition& definition, const CaseSnapshot& snapshot,
                     const std::string& definition_sha256);
// Fails when the record does not fit the definition (unknown state, timer,
// field): a damaged or foreign database.
Result<CaseSnapshot> from_record(const Definition& definition, const CaseRecord& record);

}  // namespace wageflow
