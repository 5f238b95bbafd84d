#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <bayscan/hardware/pseudo_terminal.hpp>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace bayscan::hardware {

boost::system::result<pseudo_terminal, transport_failure> pseudo_terminal::open() {
  const int fd = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return transport_failure{transport_error::open_failed,
                             std::string("posix_openpt: ") + std::strerror(errno)};
  auto fail = [fd](const char* what) {
    const int err = errno;
    ::close(fd);
    return transport_failure{transport_error::open_failed,
                             std::string(what) + ": " + std::strerror(err)};
  };
  if (::grantpt(fd) != 0) return fail("grantpt");
  if (::unlockpt(fd) != 0) return fail("unlockpt");
  char name[128];
  if (::ptsname_r(fd, name, sizeof name) != 0) return fail("ptsname");
  // Raw line discipline on the pair (set through the master, Linux applies it to the slave):
  // no echo, no CR/LF translation, no signals, so ELM327 bytes pass unchanged.
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) return fail("tcgetattr");
  ::cfmakeraw(&tio);
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) return fail("tcsetattr");
  return pseudo_terminal(fd, name);
}

pseudo_terminal::pseudo_terminal(pseudo_terminal&& other) noexcept
    : master_fd_(other.master_fd_), slave_path_(std::move(other.slave_path_)) {
  other.master_fd_ = -1;
}

pseudo_terminal& pseudo_terminal::operator=(pseudo_terminal&& other) noexcept {
  if (this != &other) {
    close_master();
    master_fd_ = other.master_fd_;
    slave_path_ = std::move(other.slave_path_);
    other.master_fd_ = -1;
  }
  return *this;
}

pseudo_terminal::~pseudo_terminal() {
  close_master();
}

void pseudo_terminal::close_master() noexcept {
  if (master_fd_ >= 0) {
    ::close(master_fd_);
    master_fd_ = -1;
  }
}

}  // namespace bayscan::hardware
