// SociStore's AccountStore half: users, user_roles, tokens and sessions
// (migration 3, docs/schema.md).
#include <soci/soci.h>

#include "storage/errors.h"
#include "storage/soci_account_lookups.h"
#include "storage/soci_store.h"
#include "storage/transaction.h"

namespace wageflow {
namespace {

// A users row in bindable form.
struct UserRow {
  std::string name, office;
  int province_wide = 0;
  long long created_at = 0;

  UserRecord record(std::vector<std::string> roles) const {
    return UserRecord{name, std::move(roles), office, province_wide != 0, created_at};
  }
};

}  // namespace

std::vector<std::string> SociStore::read_roles(const std::string& user) {
  std::vector<std::string> roles;
  std::string role;
  soci::statement st = (sql_->prepare << "SELECT role FROM user_roles WHERE user_name = :user"
                                         " ORDER BY ordinal",
                        soci::into(role), soci::use(user, "user"));
  st.execute();
  while (st.fetch()) roles.push_back(role);
  return roles;
}

bool SociStore::add_user(const UserRecord& user, const std::string& token_hash) {
  try {
    Transaction transaction(*sql_, dialect_->begin_write());
    int existing = 0;
    *sql_ << "SELECT COUNT(*) FROM users WHERE name = :name", soci::into(existing),
        soci::use(user.name, "name");
    if (existing > 0) {
      transaction.rollback();
      return false;
    }
    int province_wide = user.province_wide ? 1 : 0;
    long long created_at = user.created_at;
    *sql_ << "INSERT INTO users (name, office, province_wide, created_at)"
             " VALUES (:name, :office, :province_wide, :created_at)",
        soci::use(user.name, "name"), soci::use(user.office, "office"),
        soci::use(province_wide, "province_wide"), soci::use(created_at, "created_at");
    int ordinal = 0;
    std::string role;
    soci::statement insert_role =
        (sql_->prepare << "INSERT INTO user_roles (user_name, ordinal, role)"
                          " VALUES (:user_name, :ordinal, :role)",
         soci::use(user.name, "user_name"), soci::use(ordinal, "ordinal"), soci::use(role, "role"));
    for (const std::string& each : user.roles) {
      role = each;
      insert_role.execute(true);
      ++ordinal;
    }
    *sql_ << "INSERT INTO tokens (hash, user_name, created_at)"
             " VALUES (:hash, :user_name, :created_at)",
        soci::use(token_hash, "hash"), soci::use(user.name, "user_name"),
        soci::use(created_at, "created_at");
    transaction.commit();
    return true;
  } catch (...) {
    rethrow_as_store_error(db_, "adding user " + user.name);
  }
}

bool SociStore::add_token(const std::string& user, const std::string& token_hash,
                          std::int64_t now) {
  try {
    Transaction transaction(*sql_, dialect_->begin_write());
    int existing = 0;
    *sql_ << "SELECT COUNT(*) FROM users WHERE name = :name", soci::into(existing),
        soci::use(user, "name");
    if (existing == 0) {
      transaction.rollback();
      return false;
    }
    long long created_at = now;
    *sql_ << "INSERT INTO tokens (hash, user_name, created_at)"
             " VALUES (:hash, :user_name, :created_at)",
        soci::use(token_hash, "hash"), soci::use(user, "user_name"),
        soci::use(created_at, "created_at");
    transaction.commit();
    return true;
  } catch (...) {
    rethrow_as_store_error(db_, "adding a token for user " + user);
  }
}

std::optional<UserRecord> SociStore::find_user(const std::string& name) {
  try {
    return account_lookups().user_named(name);
  } catch (...) {
    forget_account_lookups();
    rethrow_as_store_error(db_, "reading user " + name);
  }
}

std::vector<UserRecord> SociStore::list_users() {
  try {
    Transaction transaction(*sql_, dialect_->begin_read());
    std::vector<UserRow> rows;
    {
      UserRow row;
      soci::statement st =
          (sql_->prepare << "SELECT name, office, province_wide, created_at FROM users"
                            " ORDER BY name",
           soci::into(row.name), soci::into(row.office), soci::into(row.province_wide),
           soci::into(row.created_at));
      st.execute();
      while (st.fetch()) rows.push_back(row);
    }
    std::vector<UserRecord> users;
    for (const UserRow& row : rows) users.push_back(row.record(read_roles(row.name)));
    transaction.commit();
    return users;
  } catch (...) {
    rethrow_as_store_error(db_, "listing users");
  }
}

std::optional<UserRecord> SociStore::user_with_token(const std::string& token_hash) {
  try {
    return account_lookups().user_with_token(token_hash);
  } catch (...) {
    forget_account_lookups();
    rethrow_as_store_error(db_, "checking a token");
  }
}

void SociStore::add_session(const std::string& session_hash, const SessionRecord& session) {
  try {
    Transaction transaction(*sql_, dialect_->begin_write());
    long long created_at = session.created_at;
    long long expires_at = session.expires_at;
    *sql_ << "INSERT INTO sessions (hash, user_name, csrf_token, created_at, expires_at)"
             " VALUES (:hash, :user_name, :csrf_token, :created_at, :expires_at)",
        soci::use(session_hash, "hash"), soci::use(session.user, "user_name"),
        soci::use(session.csrf_token, "csrf_token"), soci::use(created_at, "created_at"),
        soci::use(expires_at, "expires_at");
    transaction.commit();
  } catch (...) {
    rethrow_as_store_error(db_, "starting a session for user " + session.user);
  }
}

std::optional<SessionRecord> SociStore::find_session(const std::string& session_hash) {
  try {
    return account_lookups().session(session_hash);
  } catch (...) {
    forget_account_lookups();
    rethrow_as_store_error(db_, "reading a session");
  }
}

void SociStore::remove_session(const std::string& session_hash) {
  try {
    Transaction transaction(*sql_, dialect_->begin_write());
    *sql_ << "DELETE FROM sessions WHERE hash = :hash", soci::use(session_hash, "hash");
    transaction.commit();
  } catch (...) {
    rethrow_as_store_error(db_, "ending a session");
  }
}

int SociStore::remove_expired_sessions(std::int64_t now) {
  try {
    Transaction transaction(*sql_, dialect_->begin_write());
    long long at = now;
    soci::statement st =
        (sql_->prepare << "DELETE FROM sessions WHERE expires_at <= :now", soci::use(at, "now"));
    st.execute(true);
    const int removed = static_cast<int>(st.get_affected_rows());
    transaction.commit();
    return removed;
  } catch (...) {
    rethrow_as_store_error(db_, "removing expired sessions");
  }
}

}  // namespace wageflow
