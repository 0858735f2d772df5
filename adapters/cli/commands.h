// The commands of `wageflow` (design/cli.md), one function each, called by
// command_line.cpp once the command line is parsed. Each prints its answer
// on context.out, problems on context.err, and returns the exit code.
// Faults (StoreError, other exceptions) propagate to run(), which turns
// them into exit code 4. Private to adapters/cli.
#pragma once

#include <string>
#include <vector>

#include "adapters/cli/context.h"

namespace wageflow::cli {

struct ValidateOptions {
  std::vector<std::string> files;
};
int validate_files(const Context& context, const ValidateOptions& options);

struct DeadlineOptions {
  std::string calendar;  // a name in <workflows>/calendars, or a path to a .yaml file
  std::string from;      // YYYY-MM-DD
  std::string add;       // "N days" | "N working_days"
};
int compute_deadline(const Context& context, const DeadlineOptions& options);

// case open / fire / suspend / resume.
struct CaseCommandOptions {
  std::string workflow;  // open
  std::string case_id;   // fire, suspend, resume, correct
  std::string event;     // fire
  std::string actor;
  std::string role;
  std::vector<std::string> sets;  // "FIELD=VALUE"
  std::string comment;
  std::string key;  // idempotency key
};
int open_case(const Context& context, const CaseCommandOptions& options);
int fire_event(const Context& context, const CaseCommandOptions& options);
int suspend_case(const Context& context, const CaseCommandOptions& options);
int resume_case(const Context& context, const CaseCommandOptions& options);
// Corrects field values of a case (Command::Kind::kCorrect); prints the
// values as corrected (personal ones masked), then the state.
int correct_case(const Context& context, const CaseCommandOptions& options);

struct ShowOptions {
  std::string case_id;
  bool json = false;
};
int show_case(const Context& context, const ShowOptions& options);

struct ListOptions {
  std::string workflow;
  std::string state;
  std::string status;
  bool overdue = false;
  bool json = false;
};
int list_cases(const Context& context, const ListOptions& options);

int tick_timers(const Context& context);
// Counts provisional due dates (`all`: every due date still counting)
// again on the calendar as it is now.
int recompute_timers(const Context& context, bool dry_run, bool all);

struct AuditLogOptions {
  std::string case_id;
  bool json = false;
};
int print_audit_log(const Context& context, const AuditLogOptions& options);
// `case_id` empty: every case.
int verify_audit(const Context& context, const std::string& case_id);
// Rebuilds each case (`case_id` empty: every case) from its audit trail
// through decide() and compares it with the stored case.
int replay_audit(const Context& context, const std::string& case_id);

struct ExportOptions {
  std::string out;     // the file to write
  bool force = false;  // overwrite an existing file
};
int export_database(const Context& context, const ExportOptions& options);

struct ImportOptions {
  std::string file;
  int batch_size = 1000;  // cases per transaction
};
int import_file(const Context& context, const ImportOptions& options);

}  // namespace wageflow::cli
