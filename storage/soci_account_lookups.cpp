#include "storage/soci_account_lookups.h"

#include <soci/soci.h>

#include "storage/soci_rows.h"

namespace wageflow {
namespace {

// The user's columns and its roles, one row per role in their order; one row
// with the role NULL for a user without roles.
constexpr const char* kUserWithRoles =
    "SELECT users.name, users.office, users.province_wide, users.created_at, user_roles.role"
    " FROM users LEFT JOIN user_roles ON user_roles.user_name = users.name";

}  // namespace

struct AccountLookups::Buffers {
  std::string key;  // token hash, user name or session hash looked up
  std::string name, office, role;
  int province_wide = 0;
  long long created_at = 0;
  soci::indicator role_indicator = soci::i_null;
  SessionRecord session;
  long long session_created_at = 0, session_expires_at = 0;
};

AccountLookups::AccountLookups(soci::session& sql)
    : sql_(sql), buffers_(std::make_unique<Buffers>()) {}

AccountLookups::~AccountLookups() = default;

std::optional<UserRecord> AccountLookups::read_user(soci::statement& st) {
  Buffers& b = *buffers_;
  st.execute();
  if (!st.fetch()) return std::nullopt;
  UserRecord user{b.name, {}, b.office, b.province_wide != 0, b.created_at};
  do {
    if (b.role_indicator == soci::i_ok) user.roles.push_back(b.role);
  } while (st.fetch());
  return user;
}

std::unique_ptr<soci::statement> AccountLookups::prepare_user_query(const std::string& query) {
  Buffers& b = *buffers_;
  auto st = std::make_unique<soci::statement>(sql_);
  st->exchange(soci::into(b.name));
  st->exchange(soci::into(b.office));
  st->exchange(soci::into(b.province_wide));
  st->exchange(soci::into(b.created_at));
  st->exchange(soci::into(b.role, b.role_indicator));
  st->exchange(soci::use(b.key, "key"));
  soci_rows::prepare(*st, query);
  return st;
}

std::optional<UserRecord> AccountLookups::user_with_token(const std::string& token_hash) {
  Buffers& b = *buffers_;
  if (!token_user_) {
    token_user_ =
        prepare_user_query(std::string(kUserWithRoles) +
                           " JOIN tokens ON tokens.user_name = users.name WHERE tokens.hash = :key"
                           " ORDER BY user_roles.ordinal");
  }
  b.key = token_hash;
  return read_user(*token_user_);
}

std::optional<UserRecord> AccountLookups::user_named(const std::string& name) {
  Buffers& b = *buffers_;
  if (!named_user_) {
    named_user_ = prepare_user_query(std::string(kUserWithRoles) +
                                     " WHERE users.name = :key ORDER BY user_roles.ordinal");
  }
  b.key = name;
  return read_user(*named_user_);
}

std::optional<SessionRecord> AccountLookups::session(const std::string& session_hash) {
  Buffers& b = *buffers_;
  if (!session_) {
    auto st = std::make_unique<soci::statement>(sql_);
    st->exchange(soci::into(b.session.user));
    st->exchange(soci::into(b.session.csrf_token));
    st->exchange(soci::into(b.session_created_at));
    st->exchange(soci::into(b.session_expires_at));
    st->exchange(soci::use(b.key, "key"));
    soci_rows::prepare(*st,
                       "SELECT user_name, csrf_token, created_at, expires_at FROM sessions"
                       " WHERE hash = :key");
    session_ = std::move(st);
  }
  b.key = session_hash;
  if (!soci_rows::fetch_single_row(*session_)) return std::nullopt;
  SessionRecord found = b.session;
  found.created_at = b.session_created_at;
  found.expires_at = b.session_expires_at;
  return found;
}

}  // namespace wageflow
