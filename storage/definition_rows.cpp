#include "storage/definition_rows.h"

#include <ctime>

namespace wageflow {

void insert_definition_row(soci::session& sql, const DefinitionRecord& d) {
  long long stored_at = static_cast<long long>(std::time(nullptr));
  sql << "INSERT INTO definitions (sha256, workflow, version, yaml_text, stored_at)"
         " VALUES (:sha256, :workflow, :version, :yaml_text, :stored_at)"
         " ON CONFLICT (sha256) DO NOTHING",
      soci::use(d.sha256, "sha256"), soci::use(d.workflow, "workflow"),
      soci::use(d.version, "version"), soci::use(d.yaml_text, "yaml_text"),
      soci::use(stored_at, "stored_at");
}

bool insert_published_row(soci::session& sql, const PublishedDefinition& p) {
  long long published_at = p.published_at;
  soci::statement insert =
      (sql.prepare << "INSERT INTO published_definitions"
                      " (workflow, version, sha256, published_by, published_at)"
                      " VALUES (:workflow, :version, :sha256, :published_by, :published_at)"
                      " ON CONFLICT (workflow, version) DO NOTHING",
       soci::use(p.workflow, "workflow"), soci::use(p.version, "version"),
       soci::use(p.sha256, "sha256"), soci::use(p.published_by, "published_by"),
       soci::use(published_at, "published_at"));
  insert.execute(true);
  return insert.get_affected_rows() == 1;
}

}  // namespace wageflow
