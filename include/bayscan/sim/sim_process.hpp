// `bayscan-sim` as a child process, for end-to-end tests and benchmarks: starts it, reads the
// endpoint it prints on its first stdout line (pty path, tcp:…, socketcand:…), and stops it with
// SIGTERM on destruction. Owns the child; not thread-safe.
#ifndef BAYSCAN_SIM_SIM_PROCESS_HPP
#define BAYSCAN_SIM_SIM_PROCESS_HPP

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace bayscan::sim {

class sim_process {
 public:
  // `binary` is the bayscan-sim path; `serve` as on its command line ("pty", "tcp:0",
  // "socketcand:0"); `log` empty for none. Check ok() / endpoint() afterwards.
  sim_process(std::string binary, std::string scenario, std::string serve, std::string log = {},
              std::chrono::milliseconds start_timeout = std::chrono::seconds(10));
  ~sim_process();
  sim_process(const sim_process&) = delete;
  sim_process& operator=(const sim_process&) = delete;

  bool ok() const noexcept { return pid_ > 0 && !endpoint_.empty(); }
  // The first stdout line: "/dev/pts/3", "tcp:127.0.0.1:41234", "socketcand:127.0.0.1:29536/can0".
  const std::string& endpoint() const noexcept { return endpoint_; }
  // The same as a bayscan adapter URI (a pty becomes serial:PATH?baud=38400).
  std::string adapter_uri() const;

  // SIGTERM and wait; returns the exit status (nullopt when it was not running).
  std::optional<int> stop();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string endpoint_;
};

}  // namespace bayscan::sim

#endif
