// tcp_stream: an ELM327 byte_stream over TCP (WiFi OBD dongles, bayscan-sim --serve tcp:PORT).
// TCP_NODELAY (ELM commands are a few bytes each; Nagle would add latency to every request)
// and SO_KEEPALIVE (notice a dongle that vanished from the network).
//
// Ownership: owns its socket. Thread-safety: one thread at a time.
#ifndef BAYSCAN_HARDWARE_TCP_STREAM_HPP
#define BAYSCAN_HARDWARE_TCP_STREAM_HPP

#include <bayscan/hardware/byte_stream.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <memory>
#include <string>

namespace bayscan::hardware {

class tcp_stream final : public byte_stream {
 public:
  // Resolves and connects before `until`. Errors name host:port: host_not_found,
  // connection_refused, connect_timeout, open_failed.
  static boost::system::result<std::unique_ptr<tcp_stream>, transport_failure> connect(
      const std::string& host, std::uint16_t port, deadline until);

  ~tcp_stream() override;
  tcp_stream(const tcp_stream&) = delete;
  tcp_stream& operator=(const tcp_stream&) = delete;

  result<void> write(byte_span bytes, deadline until) override;
  result<std::size_t> read_some(std::span<std::uint8_t> buffer, deadline until) override;
  void close() override;
  std::string description() const override;
  std::string last_error_detail() const override;

  struct impl;

 private:
  explicit tcp_stream(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace bayscan::hardware

#endif
