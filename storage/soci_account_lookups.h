// AccountLookups: the reads `wageflow serve` makes on every request to
// authenticate it (a token's user, a session and its user), each one
// statement prepared once on the store's session and executed again for
// every later request. Prepared anew per call, the token check's four
// statements (BEGIN, the user, the roles, COMMIT) cost a quarter of the
// server's CPU under a load of commands (docs/performance.md, HTTP).
// Private to storage/.
//
// Each call is one SELECT, read to its end before the call returns: it is
// consistent by itself and holds no read snapshot afterwards.
//
// Failure: any call may throw what the session throws (soci::soci_error);
// the owner must then destroy this object before using it again
// (SociStore::forget_account_lookups). Destroying it never throws.
//
// Ownership and threads: refers to the session, which must outlive it; one
// thread at a time, the thread that owns the session.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "storage/accounts.h"

namespace soci {
class session;
class statement;
}  // namespace soci

namespace wageflow {

class AccountLookups {
 public:
  explicit AccountLookups(soci::session& sql);
  ~AccountLookups();
  AccountLookups(const AccountLookups&) = delete;
  AccountLookups& operator=(const AccountLookups&) = delete;

  // The user holding the token whose hash is `token_hash`, with its roles
  // in their order; nullopt when no token has that hash.
  std::optional<UserRecord> user_with_token(const std::string& token_hash);
  // The user named `name`, with its roles; nullopt when there is none.
  std::optional<UserRecord> user_named(const std::string& name);
  // The session stored under `session_hash`; nullopt when there is none.
  std::optional<SessionRecord> session(const std::string& session_hash);

 private:
  struct Buffers;
  // A user query (its rows: the user's columns and one role each) prepared
  // and bound to buffers_, its parameter :key.
  std::unique_ptr<soci::statement> prepare_user_query(const std::string& query);
  // Runs a statement of prepare_user_query for buffers_->key.
  std::optional<UserRecord> read_user(soci::statement& st);

  soci::session& sql_;
  std::unique_ptr<Buffers> buffers_;  // declared before the statements bound to it
  std::unique_ptr<soci::statement> token_user_, named_user_, session_;
};

}  // namespace wageflow
