// socketcan_channel: a can_channel on a Linux SocketCAN raw socket (PF_CAN, SOCK_RAW, CAN_RAW)
// bound to one interface, exchanging struct can_frame (linux/can.h, 16 bytes) datagrams.
// Everything after socket creation works on a descriptor handed in (adopt), so tests drive the
// channel through socketpair(AF_UNIX, SOCK_SEQPACKET) on kernels without PF_CAN.
// Filters go to the kernel (CAN_RAW_FILTER) when the descriptor is a CAN socket and are always
// applied in userspace as well, so every descriptor behaves the same.
//
// Ownership: owns its descriptor. Thread-safety: one thread at a time.
#ifndef BAYSCAN_HARDWARE_SOCKETCAN_CHANNEL_HPP
#define BAYSCAN_HARDWARE_SOCKETCAN_CHANNEL_HPP

#include <array>
#include <bayscan/hardware/can_channel.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace bayscan::hardware {

// struct can_frame as the kernel lays it out (linux/can.h): can_id (u32, host order, with
// CAN_EFF_FLAG 0x80000000 for 29-bit ids), can_dlc (u8), 3 pad bytes, data[8].
inline constexpr std::size_t socketcan_frame_size = 16;
std::array<std::uint8_t, socketcan_frame_size> to_socketcan_bytes(
    const protocols::can_frame& frame);
// nullopt for RTR or error frames (CAN_RTR_FLAG / CAN_ERR_FLAG), a DLC above 8, or a wrong size.
std::optional<protocols::can_frame> from_socketcan_bytes(std::span<const std::uint8_t> bytes);

class socketcan_channel final : public can_channel {
 public:
  // socket(PF_CAN, SOCK_RAW, CAN_RAW), if_nametoindex, bind. address_family_not_supported when
  // the kernel lacks PF_CAN, no_such_device for an unknown interface; details name it.
  static boost::system::result<std::unique_ptr<socketcan_channel>, transport_failure> open(
      const std::string& interface_name);

  // Takes ownership of `fd`, a connected datagram descriptor carrying struct can_frame.
  static std::unique_ptr<socketcan_channel> adopt(int fd, std::string description);

  ~socketcan_channel() override;
  socketcan_channel(const socketcan_channel&) = delete;
  socketcan_channel& operator=(const socketcan_channel&) = delete;

  result<void> send(const protocols::can_frame& frame, deadline until) override;
  result<protocols::can_frame> receive(deadline until) override;
  result<void> set_filters(std::span<const can_filter> filters) override;
  void close() override;
  std::string description() const override;
  std::string last_error_detail() const override;

  struct impl;

 private:
  explicit socketcan_channel(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

}  // namespace bayscan::hardware

#endif
