// pseudo_terminal: the master side of a pty pair (posix_openpt, grantpt, unlockpt, ptsname),
// line discipline set to raw so bytes pass unchanged (style lesson 5). bayscan-sim serves its
// ELM327 emulator on the master; clients open slave_path() with a serial: URI.
//
// Ownership: owns the master descriptor; closing it makes the slave side see EIO (adapter lost).
// Thread-safety: a plain descriptor holder; use the descriptor from one thread at a time.
#ifndef BAYSCAN_HARDWARE_PSEUDO_TERMINAL_HPP
#define BAYSCAN_HARDWARE_PSEUDO_TERMINAL_HPP

#include <bayscan/hardware/transport_error.hpp>
#include <boost/system/result.hpp>
#include <string>

namespace bayscan::hardware {

class pseudo_terminal {
 public:
  // A new pair; open_failed naming the failing call otherwise.
  static boost::system::result<pseudo_terminal, transport_failure> open();

  pseudo_terminal(pseudo_terminal&& other) noexcept;
  pseudo_terminal& operator=(pseudo_terminal&& other) noexcept;
  pseudo_terminal(const pseudo_terminal&) = delete;
  pseudo_terminal& operator=(const pseudo_terminal&) = delete;
  ~pseudo_terminal();

  int master_fd() const noexcept { return master_fd_; }
  const std::string& slave_path() const noexcept { return slave_path_; }
  // Hangs up: the slave's reads and writes then fail with EIO.
  void close_master() noexcept;

 private:
  pseudo_terminal(int fd, std::string path) : master_fd_(fd), slave_path_(std::move(path)) {}
  int master_fd_ = -1;
  std::string slave_path_;
};

}  // namespace bayscan::hardware

#endif
