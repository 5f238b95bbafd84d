#include <linux/can.h>
#include <linux/can/raw.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bayscan/hardware/socketcan_channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <cstring>
#include <vector>

#include "deadline_io.hpp"

namespace bayscan::hardware {
namespace asio = boost::asio;
using protocols::can_frame;

static_assert(sizeof(struct ::can_frame) == socketcan_frame_size,
              "linux/can.h struct can_frame is 16 bytes");

std::array<std::uint8_t, socketcan_frame_size> to_socketcan_bytes(const can_frame& frame) {
  struct ::can_frame raw {};
  // linux/can.h: bit 31 CAN_EFF_FLAG marks a 29-bit identifier; ids are masked to their width.
  raw.can_id =
      frame.extended ? ((frame.id & CAN_EFF_MASK) | CAN_EFF_FLAG) : (frame.id & CAN_SFF_MASK);
  raw.can_dlc = frame.dlc > CAN_MAX_DLEN ? CAN_MAX_DLEN : frame.dlc;
  std::memcpy(raw.data, frame.data.data(), CAN_MAX_DLEN);
  std::array<std::uint8_t, socketcan_frame_size> out{};
  std::memcpy(out.data(), &raw, sizeof raw);
  return out;
}

std::optional<can_frame> from_socketcan_bytes(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != socketcan_frame_size) return std::nullopt;
  struct ::can_frame raw {};
  std::memcpy(&raw, bytes.data(), sizeof raw);
  if ((raw.can_id & (CAN_RTR_FLAG | CAN_ERR_FLAG)) != 0 || raw.can_dlc > CAN_MAX_DLEN)
    return std::nullopt;
  can_frame frame;
  frame.extended = (raw.can_id & CAN_EFF_FLAG) != 0;
  frame.id = frame.extended ? (raw.can_id & CAN_EFF_MASK) : (raw.can_id & CAN_SFF_MASK);
  frame.dlc = raw.can_dlc;
  std::memcpy(frame.data.data(), raw.data, frame.dlc);
  return frame;
}

struct socketcan_channel::impl {
  asio::io_context ctx{1};
  asio::posix::stream_descriptor descriptor{ctx};
  bool kernel_filters = false;  // descriptor is a real AF_CAN socket
  std::vector<can_filter> filters;
  std::string name;
  std::string last_error;
};

socketcan_channel::socketcan_channel(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
socketcan_channel::~socketcan_channel() = default;

std::unique_ptr<socketcan_channel> socketcan_channel::adopt(int fd, std::string description) {
  auto p = std::make_unique<impl>();
  int domain = 0;
  socklen_t len = sizeof domain;
  p->kernel_filters =
      ::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) == 0 && domain == AF_CAN;
  p->descriptor.assign(fd);
  p->name = std::move(description);
  return std::unique_ptr<socketcan_channel>(new socketcan_channel(std::move(p)));
}

boost::system::result<std::unique_ptr<socketcan_channel>, transport_failure>
socketcan_channel::open(const std::string& interface_name) {
  const std::string name = "socketcan:" + interface_name;
  if (interface_name.empty() || interface_name.size() >= IFNAMSIZ)
    return transport_failure{transport_error::bad_uri,
                             name + ": interface names are 1 to 15 characters"};
  const int fd = ::socket(PF_CAN, SOCK_RAW | SOCK_CLOEXEC, CAN_RAW);
  if (fd < 0) {
    const int err = errno;
    return transport_failure{err == EAFNOSUPPORT ? transport_error::address_family_not_supported
                                                 : transport_error::open_failed,
                             name + ": socket(PF_CAN, SOCK_RAW, CAN_RAW): " + std::strerror(err)};
  }
  const unsigned index = ::if_nametoindex(interface_name.c_str());
  if (index == 0) {
    const int err = errno;
    ::close(fd);
    return transport_failure{transport_error::no_such_device,
                             name + ": no such network interface (" + std::strerror(err) + ")"};
  }
  sockaddr_can addr{};
  addr.can_family = AF_CAN;
  addr.can_ifindex = static_cast<int>(index);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    ::close(fd);
    return transport_failure{
        err == ENODEV ? transport_error::no_such_device : transport_error::open_failed,
        name + ": bind: " + std::strerror(err)};
  }
  return adopt(fd, name);
}

result<void> socketcan_channel::send(const can_frame& frame, deadline until) {
  if (frame.dlc > 8) {
    impl_->last_error =
        impl_->name + ": DLC " + std::to_string(frame.dlc) + " exceeds classic CAN's 8";
    return make_error_code(transport_error::protocol_error);
  }
  const auto bytes = to_socketcan_bytes(frame);
  // One write of a whole struct can_frame: CAN_RAW (like SOCK_SEQPACKET) takes it as one datagram.
  return detail::write_all(impl_->ctx, impl_->descriptor, bytes, until, impl_->name,
                           impl_->last_error);
}

result<can_frame> socketcan_channel::receive(deadline until) {
  // Room for a CAN FD frame (CANFD_MTU) so a wrong-sized datagram is seen whole, not split.
  std::array<std::uint8_t, CANFD_MTU> buffer{};
  for (;;) {
    auto got = detail::read_available(impl_->ctx, impl_->descriptor, buffer, until, impl_->name,
                                      impl_->last_error);
    if (!got) return got.error();
    const std::span<const std::uint8_t> datagram(buffer.data(), *got);
    if (datagram.size() != socketcan_frame_size) {
      impl_->last_error = impl_->name + ": received a " + std::to_string(datagram.size()) +
                          "-byte datagram, not a 16-byte struct can_frame";
      return make_error_code(transport_error::protocol_error);
    }
    struct ::can_frame raw {};
    std::memcpy(&raw, datagram.data(), sizeof raw);
    if ((raw.can_id & CAN_ERR_FLAG) != 0) {
      impl_->last_error =
          impl_->name + ": CAN error frame, class 0x" +
          to_hex(std::array<std::uint8_t, 4>{static_cast<std::uint8_t>(raw.can_id >> 24),
                                             static_cast<std::uint8_t>(raw.can_id >> 16),
                                             static_cast<std::uint8_t>(raw.can_id >> 8),
                                             static_cast<std::uint8_t>(raw.can_id)},
                 "");
      return make_error_code(transport_error::bus_error);
    }
    if ((raw.can_id & CAN_RTR_FLAG) != 0) continue;  // remote requests carry no diagnostic data
    if (raw.can_dlc > CAN_MAX_DLEN) {
      impl_->last_error = impl_->name + ": frame with DLC " + std::to_string(raw.can_dlc);
      return make_error_code(transport_error::protocol_error);
    }
    const auto frame = from_socketcan_bytes(datagram);
    if (frame && passes_filters(impl_->filters, *frame)) return *frame;
  }
}

result<void> socketcan_channel::set_filters(std::span<const can_filter> filters) {
  if (!impl_->descriptor.is_open()) {
    impl_->last_error = impl_->name + " is closed";
    return make_error_code(transport_error::not_open);
  }
  impl_->filters.assign(filters.begin(), filters.end());
  if (!impl_->kernel_filters) return {};
  // The same rule in the kernel saves waking up for every frame on a busy bus. The EFF flag is
  // part of the mask so 11- and 29-bit ids never match each other's filters; RTR frames never pass.
  std::vector<struct ::can_filter> raw;
  for (const auto& f : filters) {
    const canid_t width = f.extended ? CAN_EFF_MASK : CAN_SFF_MASK;
    raw.push_back({(f.id & width) | (f.extended ? CAN_EFF_FLAG : 0u),
                   (f.mask & width) | CAN_EFF_FLAG | CAN_RTR_FLAG});
  }
  if (raw.empty()) raw.push_back({0, 0});  // accept everything, a fresh CAN_RAW socket's default
  if (::setsockopt(impl_->descriptor.native_handle(), SOL_CAN_RAW, CAN_RAW_FILTER, raw.data(),
                   static_cast<socklen_t>(raw.size() * sizeof(struct ::can_filter))) != 0) {
    impl_->last_error = impl_->name + ": setsockopt(CAN_RAW_FILTER): " + std::strerror(errno);
    return make_error_code(transport_error::open_failed);
  }
  return {};
}

void socketcan_channel::close() {
  boost::system::error_code ignored;
  impl_->descriptor.close(ignored);
}

std::string socketcan_channel::description() const {
  return impl_->name;
}
std::string socketcan_channel::last_error_detail() const {
  return impl_->last_error;
}

}  // namespace bayscan::hardware
