// A unique temporary folder per test, removed afterwards.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

namespace wageflow::testing {

// A unique, empty folder under the system temp folder; removed (with
// write permission restored) on destruction.
class TempFolder {
 public:
  TempFolder() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("wageflow-storage-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
             "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    ::chmod(path_.c_str(), 0755);
    for (const auto& entry : std::filesystem::directory_iterator(path_, ignored)) {
      ::chmod(entry.path().c_str(), 0644);
    }
    std::filesystem::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace wageflow::testing
