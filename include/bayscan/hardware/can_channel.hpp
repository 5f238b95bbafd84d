// can_channel: the narrow interface a CAN driver (userspace ISO-TP) talks through: raw classic
// CAN frames to and from one bus (SocketCAN, socketcand over TCP, the in-memory bus).
//
// Ownership: an implementation owns its socket / connection and releases it in close() or its
// destructor. Thread-safety: one thread at a time (the owning driver's); not synchronised.
#ifndef BAYSCAN_HARDWARE_CAN_CHANNEL_HPP
#define BAYSCAN_HARDWARE_CAN_CHANNEL_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/hardware/deadline.hpp>
#include <bayscan/hardware/transport_error.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace bayscan::hardware {

// Accepts a frame when its identifier format matches and (frame.id & mask) == (id & mask),
// the same rule as SocketCAN's struct can_filter.
struct can_filter {
  std::uint32_t id = 0;
  std::uint32_t mask = 0;
  bool extended = false;

  bool matches(const protocols::can_frame& frame) const noexcept {
    return frame.extended == extended && (frame.id & mask) == (id & mask);
  }
  friend bool operator==(const can_filter&, const can_filter&) = default;
};

// The legislated OBD response identifiers (ISO 15765-4 6.3.2.2/6.3.2.3): 11-bit 0x7E8..0x7EF
// (id 0x7E8, mask 0x7F8) and 29-bit 0x18DAF1xx (physical responses to tester 0xF1).
std::vector<can_filter> obd_response_filters();

// True if `filters` is empty (accept all) or one of them matches.
bool passes_filters(std::span<const can_filter> filters,
                    const protocols::can_frame& frame) noexcept;

class can_channel {
 public:
  virtual ~can_channel() = default;

  // Queues one frame for transmission. transport_error::timeout if the deadline passed first,
  // adapter_lost if the bus connection went away.
  virtual result<void> send(const protocols::can_frame& frame, deadline until) = 0;

  // The next received frame that passes the filters. Frames already received are returned even
  // when the deadline has passed. timeout if none by the deadline (channel stays usable),
  // adapter_lost if the connection went away, protocol_error on a malformed frame,
  // bus_error on an error report from the bus (the channel stays usable).
  virtual result<protocols::can_frame> receive(deadline until) = 0;

  // Replaces the receive filters; an empty list accepts every frame (a fresh channel's state).
  virtual result<void> set_filters(std::span<const can_filter> filters) = 0;

  // Releases the channel. Idempotent; later calls fail with transport_error::not_open.
  virtual void close() = 0;

  // For logs and reports: "socketcan:can0", "socketcand:127.0.0.1:29536/can0".
  virtual std::string description() const = 0;

  // The sentence behind the last error returned (quotes socketcand garbage); empty if none.
  virtual std::string last_error_detail() const = 0;

 protected:
  can_channel() = default;
  can_channel(const can_channel&) = default;
  can_channel& operator=(const can_channel&) = default;
};

}  // namespace bayscan::hardware

#endif
