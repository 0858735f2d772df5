// Definitions from a workflows folder (`--workflows DIR`): DIR/<id>.yaml,
// calendars in DIR/calendars. Loaded on first use and cached, as are
// stored definition texts by their SHA-256.
//
// Not thread-safe: one instance per thread (or guard it).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "engine/runtime/case_service.h"

namespace wageflow {

class FolderDefinitionSource : public DefinitionSource {
 public:
  explicit FolderDefinitionSource(std::string workflows_dir);

  // The workflow whose `workflow:` id is `id`, found as DIR/<id>.yaml (or,
  // failing that, by scanning DIR/*.yaml). Error: "unknown workflow 'x';
  // known: a, b" or the first load error with its file:line:col.
  Result<std::shared_ptr<const Definition>> latest(const std::string& id) override;
  Result<std::shared_ptr<const Definition>> from_text(const std::string& sha256,
                                                      const std::string& text) override;

  const std::string& workflows_dir() const { return dir_; }
  std::string calendars_dir() const { return dir_ + "/calendars"; }

 private:
  std::string dir_;
  std::map<std::string, std::shared_ptr<const Definition>> by_id_;
  std::map<std::string, std::shared_ptr<const Definition>> by_sha_;
};

}  // namespace wageflow
