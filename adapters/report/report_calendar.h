// Which calendar a report uses for its period boundaries (the calendar's time
// zone) and for the submission calendar (rest days, make-up working days).
#pragma once

#include <memory>
#include <string>

#include "engine/calendar/calendar.h"
#include "engine/core/result.h"
#include "engine/runtime/folder_definitions.h"

namespace wageflow::report {

// The calendar of workflow `workflow` when it is named, as `latest` finds it
// (its highest published version, else the folder's file: a workflow that
// is only published is found too); otherwise of the first workflow file (by
// file name) of `folder` that loads. Error: the named workflow does not
// load (its loader message), or no workflow in the folder loads. Not
// thread-safe, as the sources.
Result<std::shared_ptr<const Calendar>> report_calendar(DefinitionSource& latest,
                                                        FolderDefinitionSource& folder,
                                                        const std::string& workflow);

}  // namespace wageflow::report
