#include "engine/runtime/published_definitions.h"

namespace wageflow {

PublishedFirstDefinitionSource::PublishedFirstDefinitionSource(Store& store,
                                                               DefinitionSource& folder)
    : store_(store), folder_(folder) {}

Result<std::shared_ptr<const Definition>> PublishedFirstDefinitionSource::latest(
    const std::string& id) {
  const std::vector<PublishedDefinition> published = store_.published_definitions(id);
  if (published.empty()) return folder_.latest(id);
  const PublishedDefinition& newest = published.back();
  const std::string which = "published version " + std::to_string(newest.version) + " of " + id;
  std::optional<DefinitionRecord> text = store_.definition(newest.sha256);
  if (!text) return Error{which + " is missing its text in the database"};
  auto loaded = folder_.from_text(newest.sha256, text->yaml_text);
  if (!loaded) return Error{which + " no longer loads: " + loaded.error()};
  return loaded;
}

Result<std::shared_ptr<const Definition>> PublishedFirstDefinitionSource::from_text(
    const std::string& sha256, const std::string& text) {
  return folder_.from_text(sha256, text);
}

}  // namespace wageflow
