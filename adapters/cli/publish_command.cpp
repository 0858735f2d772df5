// publish FILE: validate, then store the exact text as an immutable
// published version (docs/workflow-versions.md).
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>

#include "adapters/cli/versions_commands.h"
#include "adapters/cli/workflow_file.h"
#include "adapters/presentation/validation.h"

namespace wageflow::cli {
namespace {

namespace fs = std::filesystem;

std::string described(const PublishedDefinition& v) {
  return "sha256 " + v.sha256.substr(0, 12) + ", published by " + v.published_by + " at " +
         format_utc(Instant{v.published_at});
}

}  // namespace

int publish_workflow(const Context& context, const PublishOptions& options) {
  const std::string& file = options.file;
  auto text = read_workflow_text(file);
  if (!text) {
    context.err << Diagnostic{file, 1, 1, Diagnostic::Severity::kError, text.error()}.to_string()
                << '\n';
    return context.fail(kExitInvalid, file + " " + text.error() + "; nothing was published");
  }
  const Date today = local_date(context.now(), kDefaultUtcOffsetMinutes);
  auto checked = presentation::validate_text(*text, file, calendars_dir_for(context, file), today);
  for (const auto& d : checked.diagnostics) context.err << d.to_string() << '\n';
  if (checked.is_calendar) {
    return context.fail(kExitInvalid,
                        file +
                            " is a calendar; publish workflow files (calendars are read from "
                            "the workflows folder)");
  }
  if (!checked.definition) {
    return context.fail(kExitInvalid, std::to_string(checked.errors()) +
                                          " error(s) found; fix the lines above, validate again "
                                          "and publish; nothing was published");
  }
  const Definition& d = *checked.definition;
  PublishedDefinition version;
  version.workflow = d.id;
  version.version = d.version;
  version.published_by = acting_user(options.actor);
  if (version.published_by.empty()) {
    return context.fail(kExitUsage, "who publishes is unknown: give --actor NAME");
  }
  version.published_at = context.now(utc_offset_of(d)).seconds;

  auto opened = open_session(context);
  if (!opened) return context.fail(kExitInvalid, opened.error());
  Session& session = *opened.value();
  PublishResult result = session.store->publish_definition(version, d.source_text);
  const std::string name = d.id + " version " + std::to_string(d.version);
  switch (result.status) {
    case PublishResult::Status::kPublished:
      context.log.info("published {} by {}", name, version.published_by);
      context.out << "published " << name << " (" << described(result.stored) << ")\n";
      return kExitDone;
    case PublishResult::Status::kAlreadyPublished:
      context.out << name << " is already published with this exact text ("
                  << described(result.stored) << "): nothing to do\n";
      return kExitDone;
    case PublishResult::Status::kVersionTaken:
      return context.fail(kExitInvalid,
                          name + " is already published with a different text (" +
                              described(result.stored) +
                              "); published versions never change: give the file a new "
                              "`version:` and publish that; nothing was written");
    case PublishResult::Status::kNotNewer:
      return context.fail(kExitInvalid, name + " is older than the latest published version " +
                                            std::to_string(result.stored.version) +
                                            "; publish it as version " +
                                            std::to_string(result.stored.version + 1) +
                                            " or higher; nothing was written");
  }
  return kExitFault;
}

}  // namespace wageflow::cli
