// render_svg: render_dot piped through Graphviz `dot -Tsvg`.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "adapters/report/diagram.h"

extern char** environ;

namespace wageflow::report {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNotInstalled = "Graphviz 'dot' is not installed: apt-get install graphviz";

bool is_executable(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// The program as given when it has a '/', else its first executable
// match in PATH; nullopt when there is none.
std::optional<std::string> find_program(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    if (is_executable(program)) return program;
    return std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / program;
    if (is_executable(candidate)) return candidate.string();
  }
  return std::nullopt;
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Three files for dot's input, output and errors, removed on destruction.
class Scratch {
 public:
  Scratch() {
    std::random_device random;
    dir_ = fs::temp_directory_path() /
           ("wageflow-dot-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(dir_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  fs::path file(const char* name) const { return dir_ / name; }

 private:
  fs::path dir_;
};

// Runs `program -Tsvg` with stdin, stdout and stderr on the scratch files;
// the exit status, or -1 with *error set when it could not be started.
int run_dot(const std::string& program, const Scratch& scratch, std::string* error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string in = scratch.file("in.dot").string();
  const std::string out = scratch.file("out.svg").string();
  const std::string err = scratch.file("err.txt").string();
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::string arg0 = program;
  std::string arg1 = "-Tsvg";
  char* argv[] = {arg0.data(), arg1.data(), nullptr};
  pid_t pid = 0;
  const int started = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (started != 0) {
    *error = "could not run " + program + ": " + std::strerror(started);
    return -1;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      *error = "could not wait for " + program + ": " + std::strerror(errno);
      return -1;
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

Result<std::string> render_svg(const Definition& definition, const DiagramOptions& options) {
  const std::optional<std::string> program = find_program(options.dot_program);
  if (!program) return Error{kNotInstalled};
  Scratch scratch;
  std::ofstream(scratch.file("in.dot"), std::ios::binary) << render_dot(definition, options);
  std::string error;
  const int status = run_dot(*program, scratch, &error);
  if (status < 0) return Error{error};
  if (status != 0) {
    std::string said = read_all(scratch.file("err.txt"));
    while (!said.empty() && (said.back() == '\n' || said.back() == '\r')) said.pop_back();
    return Error{"Graphviz dot failed (exit " + std::to_string(status) + "): " + said};
  }
  return read_all(scratch.file("out.svg"));
}

}  // namespace wageflow::report
