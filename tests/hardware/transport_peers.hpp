// Test support for the transport conformance suites: the far end of each real transport
// (pty master, accepted TCP socket, socketpair end, scripted socketcand server), driven with
// plain POSIX calls so the code under test is checked against the OS, not against itself.
#ifndef BAYSCAN_TESTS_HARDWARE_TRANSPORT_PEERS_HPP
#define BAYSCAN_TESTS_HARDWARE_TRANSPORT_PEERS_HPP

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bayscan::test {

// Writes all of `text` to a blocking or non-blocking descriptor.
inline void write_all_fd(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, 100);
      continue;
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

// Reads until `n` bytes arrived or `timeout` passed; returns what arrived.
inline std::string read_fd(int fd, std::size_t n, std::chrono::milliseconds timeout) {
  std::string out;
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (out.size() < n) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[256];
    const ssize_t got = ::read(fd, buf, std::min(sizeof buf, n - out.size()));
    if (got <= 0) break;
    out.append(buf, static_cast<std::size_t>(got));
  }
  return out;
}

// Reads until `terminator` was seen or `timeout` passed.
inline std::string read_fd_until(int fd, char terminator, std::chrono::milliseconds timeout) {
  std::string out;
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (out.find(terminator) == std::string::npos) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char c;
    if (::read(fd, &c, 1) != 1) break;
    out += c;
  }
  return out;
}

// A listening TCP socket on 127.0.0.1 with a kernel-chosen port.
class loopback_listener {
 public:
  loopback_listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 4) != 0)
      throw std::runtime_error("cannot listen on 127.0.0.1");
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~loopback_listener() { close(); }
  loopback_listener(const loopback_listener&) = delete;
  loopback_listener& operator=(const loopback_listener&) = delete;

  std::uint16_t port() const { return port_; }
  // Accepts one connection (the kernel already completed the handshake); -1 on timeout.
  int accept_one(std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return -1;
    return ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

// GoogleTest typed-test names from each transport kind's `name` ("pty via serial: URI" ->
// "pty_via_serial__URI").
struct transport_kind_names {
  template <class Kind>
  static std::string GetName(int) {
    std::string n = Kind::name;
    for (char& c : n)
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return n;
  }
};

}  // namespace bayscan::test

#endif
