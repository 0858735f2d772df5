#include "adapters/http/store_pool.h"

#include "storage/storage.h"

namespace wageflow::http {
namespace {

AccountStore& accounts_of(Store& store) {
  AccountStore* accounts = account_store(store);
  if (!accounts) throw StoreError("this database keeps no accounts");
  return *accounts;
}

}  // namespace

Connection::Connection(std::unique_ptr<Store> opened, const std::string& workflows_dir)
    : store(std::move(opened)),
      accounts(accounts_of(*store)),
      definitions(workflows_dir),
      latest_definitions(*store, definitions),
      service(*store, latest_definitions) {}

StorePool::StorePool(std::string db_url, std::string workflows_dir, StoreNotice notice)
    : db_url_(std::move(db_url)),
      workflows_dir_(std::move(workflows_dir)),
      notice_(std::move(notice)) {}

StorePool::Lease::~Lease() {
  if (connection_) pool_->give_back(std::move(connection_));
}

StorePool::Lease StorePool::acquire() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(connection));
    }
  }
  return Lease(*this, open());
}

void StorePool::fill(std::size_t count) {
  while (idle_count() < count) give_back(open());
}

std::size_t StorePool::idle_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return idle_.size();
}

std::size_t StorePool::opened_count() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return opened_;
}

std::unique_ptr<Connection> StorePool::open() {
  std::lock_guard<std::mutex> opening(opening_);
  auto connection = std::make_unique<Connection>(open_store(db_url_, notice_), workflows_dir_);
  std::lock_guard<std::mutex> lock(mutex_);
  ++opened_;
  return connection;
}

void StorePool::give_back(std::unique_ptr<Connection> connection) {
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(connection));
}

}  // namespace wageflow::http
