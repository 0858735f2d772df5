// SociStore: published definition versions (migration 4,
// docs/workflow-versions.md) and the open cases pinned to each text.
#include <soci/soci.h>

#include "storage/audit_chain.h"
#include "storage/definition_rows.h"
#include "storage/errors.h"
#include "storage/soci_store.h"
#include "storage/transaction.h"

namespace wageflow {
namespace {

struct PublishedRow {
  std::string workflow, sha256, published_by;
  int version = 0;
  long long published_at = 0;

  PublishedDefinition record() const {
    return PublishedDefinition{workflow, version, sha256, published_by, published_at};
  }
};

constexpr const char* kPublishedColumns =
    "workflow, version, sha256, published_by, published_at FROM published_definitions";

std::optional<PublishedDefinition> published_at_version(soci::session& sql,
                                                        const std::string& workflow, int version) {
  PublishedRow row;
  sql << std::string("SELECT ") + kPublishedColumns +
             " WHERE workflow = :workflow AND version = :version",
      soci::into(row.workflow), soci::into(row.version), soci::into(row.sha256),
      soci::into(row.published_by), soci::into(row.published_at), soci::use(workflow, "workflow"),
      soci::use(version, "version");
  if (!sql.got_data()) return std::nullopt;
  return row.record();
}

std::optional<PublishedDefinition> latest_published(soci::session& sql,
                                                    const std::string& workflow) {
  PublishedRow row;
  sql << std::string("SELECT ") + kPublishedColumns +
             " WHERE workflow = :workflow ORDER BY version DESC LIMIT 1",
      soci::into(row.workflow), soci::into(row.version), soci::into(row.sha256),
      soci::into(row.published_by), soci::into(row.published_at), soci::use(workflow, "workflow");
  if (!sql.got_data()) return std::nullopt;
  return row.record();
}

}  // namespace

PublishResult SociStore::publish_definition(const PublishedDefinition& version,
                                            const std::string& yaml_text) {
  try {
    PublishResult result;
    PublishedDefinition wanted = version;
    wanted.sha256 = sha256_hex(yaml_text);
    Transaction transaction(*sql_, dialect_->begin_write());
    if (auto existing = published_at_version(*sql_, wanted.workflow, wanted.version)) {
      transaction.rollback();
      result.status = existing->sha256 == wanted.sha256 ? PublishResult::Status::kAlreadyPublished
                                                        : PublishResult::Status::kVersionTaken;
      result.stored = *existing;
      return result;
    }
    if (auto latest = latest_published(*sql_, wanted.workflow);
        latest && latest->version > wanted.version) {
      transaction.rollback();
      result.status = PublishResult::Status::kNotNewer;
      result.stored = *latest;
      return result;
    }
    insert_definition_row(
        *sql_, DefinitionRecord{wanted.workflow, wanted.version, wanted.sha256, yaml_text});
    // PostgreSQL runs writers at once: a publisher of the same version that
    // committed meanwhile makes this insert do nothing.
    if (!insert_published_row(*sql_, wanted)) {
      transaction.rollback();
      auto existing = published_at_version(*sql_, wanted.workflow, wanted.version);
      if (!existing) throw StoreError("version vanished while publishing");
      result.status = existing->sha256 == wanted.sha256 ? PublishResult::Status::kAlreadyPublished
                                                        : PublishResult::Status::kVersionTaken;
      result.stored = *existing;
      return result;
    }
    transaction.commit();
    result.status = PublishResult::Status::kPublished;
    result.stored = wanted;
    return result;
  } catch (...) {
    rethrow_as_store_error(
        db_, "publishing " + version.workflow + " version " + std::to_string(version.version));
  }
}

std::vector<PublishedDefinition> SociStore::published_definitions(const std::string& workflow) {
  try {
    std::vector<PublishedDefinition> versions;
    PublishedRow row;
    soci::statement st(*sql_);
    st.exchange(soci::into(row.workflow));
    st.exchange(soci::into(row.version));
    st.exchange(soci::into(row.sha256));
    st.exchange(soci::into(row.published_by));
    st.exchange(soci::into(row.published_at));
    std::string query = std::string("SELECT ") + kPublishedColumns;
    if (!workflow.empty()) {
      st.exchange(soci::use(workflow, "workflow"));
      query += " WHERE workflow = :workflow";
    }
    query += " ORDER BY workflow, version";
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute();
    while (st.fetch()) versions.push_back(row.record());
    return versions;
  } catch (...) {
    rethrow_as_store_error(db_, "reading published versions");
  }
}

std::vector<DefinitionCaseCount> SociStore::open_case_counts() {
  try {
    std::vector<DefinitionCaseCount> counts;
    DefinitionCaseCount count;
    long long open_cases = 0;
    const std::string closed = "closed";
    soci::statement st =
        (sql_->prepare << "SELECT workflow, version, definition_sha256, COUNT(*) FROM cases"
                          " WHERE status <> :closed"
                          " GROUP BY workflow, version, definition_sha256"
                          " ORDER BY workflow, version, definition_sha256",
         soci::into(count.workflow), soci::into(count.version), soci::into(count.sha256),
         soci::into(open_cases), soci::use(closed, "closed"));
    st.execute();
    while (st.fetch()) {
      count.open_cases = open_cases;
      counts.push_back(count);
    }
    return counts;
  } catch (...) {
    rethrow_as_store_error(db_, "counting cases per definition");
  }
}

}  // namespace wageflow
