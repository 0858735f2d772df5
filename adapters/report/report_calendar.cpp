#include "adapters/report/report_calendar.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace wageflow::report {

Result<std::shared_ptr<const Calendar>> report_calendar(DefinitionSource& latest,
                                                        FolderDefinitionSource& folder,
                                                        const std::string& workflow) {
  if (!workflow.empty()) {
    auto loaded = latest.latest(workflow);
    if (!loaded) return Error{loaded.error()};
    return loaded.value()->calendar;
  }
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder.workflows_dir(), ec)) {
    if (entry.path().extension() == ".yaml") ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  for (const auto& id : ids) {
    auto loaded = folder.latest(id);
    if (loaded && loaded.value()->calendar) return loaded.value()->calendar;
  }
  return Error{"no workflow in " + folder.workflows_dir() +
               " loads, so no calendar is known for the report's periods"};
}

}  // namespace wageflow::report
