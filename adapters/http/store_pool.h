// Database connections for the server's threads. A Store is one connection
// used by one thread at a time, and a FolderDefinitionSource is not
// thread-safe, so each request (and each tick) leases a whole Connection,
// uses it alone, and gives it back. Idle connections are kept for reuse; a
// connection that saw a fault is dropped rather than reused. Connections are
// opened one at a time: opening one checks the schema under the database's
// write lock, and many threads opening at once made SQLite's busy handler
// back off for seconds (docs/performance.md, HTTP).
//
// Thread-safety: StorePool is safe to share; a Lease belongs to one thread.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "engine/runtime/published_definitions.h"
#include "storage/accounts.h"
#include "storage/storage.h"

namespace wageflow::http {

struct Connection {
  Connection(std::unique_ptr<Store> opened, const std::string& workflows_dir);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  std::unique_ptr<Store> store;
  AccountStore& accounts;  // the same connection's accounts
  FolderDefinitionSource definitions;
  // New cases get the latest published version, else the folder's file.
  PublishedFirstDefinitionSource latest_definitions;
  CaseService service;
};

class StorePool {
 public:
  // `notice` hears what opening a connection tells a person (open_store).
  StorePool(std::string db_url, std::string workflows_dir, StoreNotice notice = {});

  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }
    // After a fault: the connection is closed instead of reused.
    void discard() { connection_.reset(); }

   private:
    StorePool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // An idle connection, or a new one. Throws StoreError when the database
  // cannot be opened.
  Lease acquire();

  // Opens connections, one after another, until at least `count` are idle,
  // so that the first requests find them open. Throws StoreError when the
  // database cannot be opened; those opened before stay idle.
  void fill(std::size_t count);

  std::size_t idle_count() const;
  // Connections opened since the pool was made (kept, leased or dropped).
  std::size_t opened_count() const;

  const std::string& db_url() const { return db_url_; }
  const std::string& workflows_dir() const { return workflows_dir_; }

 private:
  void give_back(std::unique_ptr<Connection> connection);
  std::unique_ptr<Connection> open();

  std::string db_url_;
  std::string workflows_dir_;
  StoreNotice notice_;
  mutable std::mutex mutex_;  // guards idle_ and opened_
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t opened_ = 0;
  std::mutex opening_;  // held while a connection is opened
};

}  // namespace wageflow::http
