// A fast reader for the case and audit lines of an export file exactly as
// export_format.cpp writes them (canonical: fixed key order, no spaces).
// Private to adapters/cli: ExportReader tries it first and falls back to its
// full JSON reader for any line it declines.
#pragma once

#include <string_view>

#include "engine/runtime/store.h"

namespace wageflow::cli {

// True when `line` is a canonical audit line that the full reader would
// accept; `out` then holds what the full reader would give. False (with
// `out` unspecified) for anything else, valid or not: escapes other than
// \" \\ \/ \b \f \n \r \t, other key orders, spaces, numbers of more than
// 18 digits, text that is not valid UTF-8, ... The caller then reads the
// line with the full reader, which gives the verdict and the message.
bool read_canonical_audit(std::string_view line, StoredAuditRecord& out);

// The same for a case line (the case row, its audit_seq and its timers;
// `out.trail` is left empty). Declines a case with an empty id or a timer
// name given twice (the full reader names the problem).
bool read_canonical_case(std::string_view line, CaseWithTrail& out);

}  // namespace wageflow::cli
