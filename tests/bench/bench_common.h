// Shared by the benchmark programs of tests/bench: the command line every
// benchmark accepts (--size tiny|small|full, --runs N), medians, and the
// result rows of the protocol in tests/bench/README.md (BENCH rows on
// stdout, everything else on stderr).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace wageflow::bench {

enum class Size { kTiny, kSmall, kFull };

struct Options {
  Size size = Size::kFull;
  int runs = 5;
  std::string scratch;  // a folder for databases and files (--scratch, or $TMPDIR)
};

// Parses --size, --runs and --scratch; exits with status 2 and a usage line
// on anything else.
inline Options parse_options(int argc, char** argv) {
  Options options;
  const char* tmp = std::getenv("TMPDIR");
  options.scratch = tmp && *tmp ? tmp : "/tmp";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (arg == "--size" && value) {
      const std::string s = value;
      if (s == "tiny") {
        options.size = Size::kTiny;
      } else if (s == "small") {
        options.size = Size::kSmall;
      } else if (s == "full") {
        options.size = Size::kFull;
      } else {
        std::fprintf(stderr, "%s: --size takes tiny, small or full\n", argv[0]);
        std::exit(2);
      }
      ++i;
    } else if (arg == "--runs" && value) {
      options.runs = std::max(1, std::atoi(value));
      ++i;
    } else if (arg == "--scratch" && value) {
      options.scratch = value;
      ++i;
    } else {
      std::fprintf(stderr, "usage: %s [--size tiny|small|full] [--runs N] [--scratch DIR]\n",
                   argv[0]);
      std::exit(2);
    }
  }
  if (options.size == Size::kTiny) options.runs = 1;
  return options;
}

// `tiny`, `small` or `full` of a benchmark's sizes.
template <typename T>
T sized(const Options& options, T tiny, T small, T full) {
  switch (options.size) {
    case Size::kTiny:
      return tiny;
    case Size::kSmall:
      return small;
    case Size::kFull:
      return full;
  }
  return full;
}

inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// A rate with an SI suffix and its unit: "812k tr/s", "1.25M ev/s".
inline std::string rate(double per_second, const char* unit) {
  char text[64];
  if (per_second >= 1e9) {
    std::snprintf(text, sizeof text, "%.3gG %s", per_second / 1e9, unit);
  } else if (per_second >= 1e6) {
    std::snprintf(text, sizeof text, "%.3gM %s", per_second / 1e6, unit);
  } else if (per_second >= 1e3) {
    std::snprintf(text, sizeof text, "%.3gk %s", per_second / 1e3, unit);
  } else {
    std::snprintf(text, sizeof text, "%.3g %s", per_second, unit);
  }
  return text;
}

// A count for a workload name: "400", "10k", "1M".
inline std::string count_text(long long n) {
  if (n >= 1000000 && n % 1000000 == 0) return std::to_string(n / 1000000) + "M";
  if (n >= 1000 && n % 1000 == 0) return std::to_string(n / 1000) + "k";
  return std::to_string(n);
}

inline std::string ratio_text(double ratio) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2fx", ratio);
  return text;
}

// One result row: BENCH, workload, wageflow figure, baseline figure,
// ratio, target, verdict (pass, miss or info). Empty fields print as "-".
inline void row(const std::string& workload, const std::string& figure, const std::string& baseline,
                const std::string& ratio, const std::string& target, const std::string& verdict) {
  auto field = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
  std::printf("BENCH\t%s\t%s\t%s\t%s\t%s\t%s\n", field(workload).c_str(), field(figure).c_str(),
              field(baseline).c_str(), field(ratio).c_str(), field(target).c_str(),
              verdict.c_str());
  std::fflush(stdout);
}

// A row comparing two rates against a minimum ratio `target` ("≥ 0.25x").
inline void compared_row(const std::string& workload, double figure, double baseline,
                         const char* unit, double target) {
  const double ratio = baseline > 0 ? figure / baseline : 0;
  char target_text[32];
  std::snprintf(target_text, sizeof target_text, ">= %.2gx", target);
  row(workload, rate(figure, unit), rate(baseline, unit), ratio_text(ratio), target_text,
      ratio >= target ? "pass" : "miss");
}

}  // namespace wageflow::bench
