// socketcand_channel: a can_channel on a remote bus served by socketcand, in raw mode, over any
// byte_stream (a tcp_stream in production, a memory_stream in tests). Connecting performs the
// handshake: "< hi >", "< open BUS >" -> "< ok >", "< rawmode >" -> "< ok >".
// Raw mode has no server-side filters, so filters apply in this client.
//
// Ownership: owns the byte_stream. Thread-safety: one thread at a time.
#ifndef BAYSCAN_HARDWARE_SOCKETCAND_CHANNEL_HPP
#define BAYSCAN_HARDWARE_SOCKETCAND_CHANNEL_HPP

#include <bayscan/hardware/byte_stream.hpp>
#include <bayscan/hardware/can_channel.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <memory>
#include <string>

namespace bayscan::hardware {

class socketcand_channel final : public can_channel {
 public:
  // Connects over TCP and performs the handshake before `until`. Errors as tcp_stream::connect,
  // plus no_such_device if the server refuses the bus, protocol_error if it is not socketcand.
  static boost::system::result<std::unique_ptr<socketcand_channel>, transport_failure> connect(
      const std::string& host, std::uint16_t port, const std::string& bus, deadline until);

  // Performs the handshake over an already connected stream and takes ownership of it.
  static boost::system::result<std::unique_ptr<socketcand_channel>, transport_failure> open_over(
      std::unique_ptr<byte_stream> stream, const std::string& bus, deadline until);

  ~socketcand_channel() override;
  socketcand_channel(const socketcand_channel&) = delete;
  socketcand_channel& operator=(const socketcand_channel&) = delete;

  result<void> send(const protocols::can_frame& frame, deadline until) override;
  result<protocols::can_frame> receive(deadline until) override;
  result<void> set_filters(std::span<const can_filter> filters) override;
  void close() override;
  std::string description() const override;
  std::string last_error_detail() const override;

  struct impl;

 private:
  explicit socketcand_channel(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace bayscan::hardware

#endif
