// Definitions for new cases: the latest version published in the database
// (`wageflow publish`, docs/workflow-versions.md) when the workflow has one,
// else the workflows folder as before. Stored texts (the definition a case
// is pinned to) load through the folder source, cached by SHA-256.
//
// Not thread-safe (like FolderDefinitionSource): one instance per thread.
// Holds references to both arguments, which must outlive it.
#pragma once

#include <memory>
#include <string>

#include "engine/runtime/case_service.h"
#include "engine/runtime/store.h"

namespace wageflow {

class PublishedFirstDefinitionSource : public DefinitionSource {
 public:
  PublishedFirstDefinitionSource(Store& store, DefinitionSource& folder);

  // The highest published version of `id`, read from the store on every
  // call (a version published by another process counts at once); when none
  // is published, folder.latest(id). Error: the published text is missing
  // or no longer loads (its message names the version), or the folder's error.
  Result<std::shared_ptr<const Definition>> latest(const std::string& id) override;
  Result<std::shared_ptr<const Definition>> from_text(const std::string& sha256,
                                                      const std::string& text) override;

 private:
  Store& store_;
  DefinitionSource& folder_;
};

}  // namespace wageflow
