#include <bayscan/sim/sim_process.hpp>

#include <csignal>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace bayscan::sim {

sim_process::sim_process(std::string binary, std::string scenario, std::string serve, std::string log,
                         std::chrono::milliseconds start_timeout) {
  int out[2];
  if (::pipe(out) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  std::vector<std::string> args = {binary, "--scenario", scenario, "--serve", serve};
  if (!log.empty()) {
    args.emplace_back("--log");
    args.push_back(log);
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  // Read the first line, bounded in time so a child that never prints cannot hang a test.
  const auto until = std::chrono::steady_clock::now() + start_timeout;
  std::string line;
  while (pid_ > 0 && std::chrono::steady_clock::now() < until) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char c;
    if (::read(out[0], &c, 1) != 1) break;
    if (c == '\n') {
      endpoint_ = line;
      break;
    }
    line.push_back(c);
  }
  // Keep reading end open while the child runs: a later line on its stdout must not SIGPIPE it.
  stdout_fd_ = out[0];
}

sim_process::~sim_process() { stop(); }

std::string sim_process::adapter_uri() const {
  if (endpoint_.rfind("/dev/", 0) == 0) return "serial:" + endpoint_ + "?baud=38400";
  return endpoint_;
}

std::optional<int> sim_process::stop() {
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  if (pid_ <= 0) return std::nullopt;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace bayscan::sim
