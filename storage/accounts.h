// Accounts: the people who use `wageflow serve`, their access tokens and
// their browser sessions, kept in the same database as the cases (tables
// users, user_roles, tokens, sessions: docs/schema.md). Only hashes of
// tokens and session ids are stored; hashing and issuing them is the HTTP
// adapter's business (adapters/http/credentials.h).
//
// Faults are thrown as StoreError; expected outcomes are return values.
// Thread-safety: as the Store it comes with (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wageflow {

struct UserRecord {
  std::string name;                // unique; what the audit trail records as the actor
  std::vector<std::string> roles;  // in the order given; matched against workflow roles
  std::string office;              // "" only for a province-wide user without an office
  bool province_wide = false;      // sees the cases of every office
  std::int64_t created_at = 0;     // UTC seconds
};

struct SessionRecord {
  std::string user;
  std::string csrf_token;  // must accompany every form post of the session
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;  // the session is refused from this instant on
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Adds `user` with one token (by its hash), in one transaction. False,
  // with nothing written, when a user of that name exists.
  virtual bool add_user(const UserRecord& user, const std::string& token_hash) = 0;
  // Adds another token to an existing user. False when there is no such user.
  virtual bool add_token(const std::string& user, const std::string& token_hash,
                         std::int64_t now) = 0;
  virtual std::optional<UserRecord> find_user(const std::string& name) = 0;
  // Every user, by name.
  virtual std::vector<UserRecord> list_users() = 0;
  // The user holding the token whose hash is `token_hash`, if any.
  virtual std::optional<UserRecord> user_with_token(const std::string& token_hash) = 0;

  virtual void add_session(const std::string& session_hash, const SessionRecord& session) = 0;
  virtual std::optional<SessionRecord> find_session(const std::string& session_hash) = 0;
  virtual void remove_session(const std::string& session_hash) = 0;
  // Removes sessions with expires_at <= now; returns how many.
  virtual int remove_expired_sessions(std::int64_t now) = 0;
};

}  // namespace wageflow
