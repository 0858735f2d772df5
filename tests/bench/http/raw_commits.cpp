// The baseline of the group commit benchmark (group_commit.sh): raw
// single-row INSERT transactions with the sqlite3 C API, one after another
// on one connection, in WAL mode with synchronous=FULL (what open_store sets
// for wageflow's databases), each row ROW_BYTES of text. Prints the
// transactions per second on stdout.
//   bench_raw_commits DB COUNT ROW_BYTES
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

void check(int code, sqlite3* db, const char* doing) {
  if (code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW) return;
  std::fprintf(stderr, "bench_raw_commits: %s: %s\n", doing, sqlite3_errmsg(db));
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || std::atoi(argv[2]) <= 0 || std::atoi(argv[3]) <= 0) {
    std::fprintf(stderr, "usage: bench_raw_commits DB COUNT ROW_BYTES\n");
    return 2;
  }
  const int count = std::atoi(argv[2]);
  const std::string payload(static_cast<std::size_t>(std::atoi(argv[3])), 'x');
  sqlite3* db = nullptr;
  check(sqlite3_open(argv[1], &db), db, "opening");
  check(sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     " CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, payload TEXT)",
                     nullptr, nullptr, nullptr),
        db, "preparing");
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* commit = nullptr;
  check(sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr), db, "begin");
  check(sqlite3_prepare_v2(db, "INSERT INTO rows (payload) VALUES (?)", -1, &insert, nullptr), db,
        "insert");
  check(sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr), db, "commit");
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < count; ++i) {
    check(sqlite3_step(begin), db, "begin");
    sqlite3_reset(begin);
    sqlite3_bind_text(insert, 1, payload.data(), static_cast<int>(payload.size()), SQLITE_STATIC);
    check(sqlite3_step(insert), db, "insert");
    sqlite3_reset(insert);
    check(sqlite3_step(commit), db, "commit");
    sqlite3_reset(commit);
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
  sqlite3_finalize(begin);
  sqlite3_finalize(insert);
  sqlite3_finalize(commit);
  sqlite3_close(db);
  std::printf("%.1f\n", count / elapsed.count());
  return 0;
}
