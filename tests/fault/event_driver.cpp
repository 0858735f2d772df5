// event_driver: a client for the fault tests (tests/fault). It drives
// cases through CaseService on a real database and prints, one line each,
// what the database acknowledged, so that a test can compare the client's
// view with what is stored after races, SIGKILLs and server restarts.
//
//   event_driver open --db URL --workflows DIR --workflow W --count N --now TIME
//                     [--set FIELD=VALUE]...
//       opens N cases; prints `opened CASE` after each commit.
//   event_driver fire --db URL --workflows DIR --cases A,B,... --name NAME
//                     (--seconds S | --count N) [--seed N] [--events go,back,bump]
//                     [--now TIME] [--reconnect-seconds S]
//       fires random events at random cases of the list. Attempt n has the
//       idempotency key NAME-n, also stored as the fire's comment (so its
//       audit record can be found), and the instant TIME + n seconds.
//   event_driver retry --db URL --workflows DIR --case C --event E --key K [--now TIME]
//       fires one event with a given key (to retry an attempt cut short).
//
// Lines on stdout, each written with one write(2) as soon as it is known:
//   attempt CASE EVENT KEY           before a command is sent
//   applied CASE EVENT KEY           after the commit returned (success)
//   applied CASE EVENT KEY repeated  the key was used before: the first
//                                    answer (the command is not applied again)
//   conflict CASE EVENT KEY          the case changed under us; retried with the same key
//   refused CASE EVENT KEY: MESSAGE  the rules said no (e.g. wrong state)
//   error CASE EVENT KEY: MESSAGE    a StoreError (connection lost, ...)
//   reconnected after MS ms          a new connection after an error
//   done attempts A applied P conflicts C refused R errors E
// Exit 0 when the run finished, 1 on a bad command line or a failure to
// open (or reopen) the database, 4 on a StoreError without --reconnect-seconds.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/runtime/case_service.h"
#include "engine/runtime/folder_definitions.h"
#include "storage/storage.h"

namespace wageflow {
namespace {

// One line to stdout in a single write, so it is in the file (not in a
// buffer) the moment this returns, whatever kills the process next.
void say(std::string line) {
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  line += '\n';
  std::size_t written = 0;
  while (written < line.size()) {
    ssize_t n = ::write(STDOUT_FILENO, line.data() + written, line.size() - written);
    if (n <= 0) return;
    written += static_cast<std::size_t>(n);
  }
}

int usage(const std::string& problem) {
  std::fprintf(stderr, "event_driver: %s (see the comment at the top of event_driver.cpp)\n",
               problem.c_str());
  return 1;
}

struct Options {
  std::string mode;
  std::map<std::string, std::string> values;
  std::vector<std::pair<std::string, std::string>> sets;

  std::string get(const std::string& name, const std::string& fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
  bool has(const std::string& name) const { return values.count(name) > 0; }
};

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part, separator);) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

// Opens the database, retrying for up to `patience` (a server restarting).
std::unique_ptr<Store> connect(const std::string& url, std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    try {
      return open_store(url);
    } catch (const StoreError&) {
      if (std::chrono::steady_clock::now() >= deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

class Driver {
 public:
  Driver(const Options& options, Instant start)
      : url_(options.get("db")),
        definitions_(options.get("workflows")),
        start_(start),
        reconnect_patience_(
            static_cast<long>(std::stod(options.get("reconnect-seconds", "0")) * 1000)) {
    store_ = open_store(url_);
    service_ = std::make_unique<CaseService>(*store_, definitions_);
  }

  int open_cases(const std::string& workflow, int count,
                 const std::vector<std::pair<std::string, std::string>>& sets) {
    for (int n = 0; n < count; ++n) {
      CommandResult result = service_->open(
          workflow, Command{Command::Kind::kOpen, "event-driver", "clerk", "", sets, ""}, start_);
      if (result.status != CommandResult::Status::kDone) {
        say("refused open " + workflow + ": " + result.message);
        return 1;
      }
      say("opened " + result.case_id);
    }
    return 0;
  }

  // Fires `event` at `case_id` with `key` until it is applied, refused, or
  // conflicts too often; prints what happened. Returns false on a StoreError
  // that may not be retried (no --reconnect-seconds).
  bool fire(const std::string& case_id, const std::string& event, const std::string& key,
            Instant now) {
    const std::string what = case_id + " " + event + " " + key;
    say("attempt " + what);
    for (int conflicts = 0;;) {
      CommandResult result;
      try {
        result = service_->apply(
            case_id, Command{Command::Kind::kFire, "event-driver", "clerk", event, {}, key}, now,
            key);
      } catch (const StoreError& error) {
        ++errors_;
        say("error " + what + ": " + error.what());
        if (reconnect_patience_.count() == 0) return false;
        reconnect();
        continue;
      }
      switch (result.status) {
        case CommandResult::Status::kDone:
          ++applied_;
          say("applied " + what + (result.repeated ? " repeated" : ""));
          return true;
        case CommandResult::Status::kConflict:
          ++conflicts_;
          say("conflict " + what);
          if (++conflicts < 100) continue;
          say("refused " + what + ": gave up after 100 conflicts");
          return true;
        case CommandResult::Status::kRefused:
        case CommandResult::Status::kNotFound:
          ++refused_;
          say("refused " + what + ": " + result.message);
          return true;
      }
    }
  }

  int fire_randomly(const std::vector<std::string>& cases, const std::vector<std::string>& events,
                    const std::string& name, std::uint64_t seed, long count, double seconds) {
    std::mt19937_64 random(seed);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long>(seconds * 1000));
    long attempts = 0;
    for (; count < 0 || attempts < count; ++attempts) {
      if (seconds > 0 && std::chrono::steady_clock::now() >= deadline) break;
      const std::string& case_id = cases[random() % cases.size()];
      const std::string& event = events[random() % events.size()];
      const std::string key = name + "-" + std::to_string(attempts);
      if (!fire(case_id, event, key, Instant{start_.seconds + attempts})) return 4;
    }
    say("done attempts " + std::to_string(attempts) + " applied " + std::to_string(applied_) +
        " conflicts " + std::to_string(conflicts_) + " refused " + std::to_string(refused_) +
        " errors " + std::to_string(errors_));
    return 0;
  }

 private:
  void reconnect() {
    const auto began = std::chrono::steady_clock::now();
    service_.reset();
    store_.reset();
    store_ = connect(url_, reconnect_patience_);
    service_ = std::make_unique<CaseService>(*store_, definitions_);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - began);
    say("reconnected after " + std::to_string(took.count()) + " ms");
  }

  std::string url_;
  FolderDefinitionSource definitions_;
  Instant start_;
  std::chrono::milliseconds reconnect_patience_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<CaseService> service_;
  long applied_ = 0, conflicts_ = 0, refused_ = 0, errors_ = 0;
};

int run(const Options& options) {
  for (const char* required : {"db", "workflows"}) {
    if (!options.has(required)) return usage(std::string("--") + required + " is required");
  }
  auto start = parse_instant(options.get("now", "2025-03-03T09:00:00+08:00"), 8 * 60);
  if (!start) return usage("bad --now " + options.get("now"));

  std::unique_ptr<Driver> driver;
  try {
    driver = std::make_unique<Driver>(options, *start);
  } catch (const StoreError& error) {
    std::fprintf(stderr, "event_driver: %s\n", error.what());
    return 1;
  }
  try {
    if (options.mode == "open") {
      if (!options.has("workflow")) return usage("--workflow is required");
      return driver->open_cases(options.get("workflow"), std::stoi(options.get("count", "1")),
                                options.sets);
    }
    if (options.mode == "retry") {
      for (const char* required : {"case", "event", "key"}) {
        if (!options.has(required)) return usage(std::string("--") + required + " is required");
      }
      return driver->fire(options.get("case"), options.get("event"), options.get("key"), *start)
                 ? 0
                 : 4;
    }
    if (options.mode == "fire") {
      const auto cases = split(options.get("cases"), ',');
      const auto events = split(options.get("events", "go,back,bump"), ',');
      if (cases.empty() || events.empty()) return usage("--cases and --events need values");
      if (!options.has("name")) return usage("--name is required (it makes the keys unique)");
      if (!options.has("seconds") && !options.has("count")) return usage("--seconds or --count");
      return driver->fire_randomly(
          cases, events, options.get("name"), std::stoull(options.get("seed", "1")),
          std::stol(options.get("count", "-1")), std::stod(options.get("seconds", "0")));
    }
  } catch (const StoreError& error) {
    say(std::string("error: ") + error.what());
    return 4;
  }
  return usage("unknown mode '" + options.mode + "'");
}

}  // namespace
}  // namespace wageflow

int main(int argc, char** argv) {
  wageflow::Options options;
  if (argc < 2) return wageflow::usage("no mode given");
  options.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || i + 1 >= argc) {
      return wageflow::usage("expected --option VALUE at '" + arg + "'");
    }
    std::string value = argv[++i];
    if (arg == "--set") {
      auto equals = value.find('=');
      if (equals == std::string::npos) return wageflow::usage("--set needs FIELD=VALUE");
      options.sets.emplace_back(value.substr(0, equals), value.substr(equals + 1));
    } else {
      options.values[arg.substr(2)] = value;
    }
  }
  try {
    return wageflow::run(options);
  } catch (const std::exception& error) {  // std::stoi and friends on bad numbers
    return wageflow::usage(error.what());
  }
}
