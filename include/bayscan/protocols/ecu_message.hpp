// One complete diagnostic message from one ECU, with the link's framing removed. This is the
// hand-off between the link codecs (elm327 reader, isotp) and the service codecs (j1979, uds).
// Plain value type; thread-compatible.
#ifndef BAYSCAN_PROTOCOLS_ECU_MESSAGE_HPP
#define BAYSCAN_PROTOCOLS_ECU_MESSAGE_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <compare>
#include <cstdint>
#include <string>

namespace bayscan::protocols {

// Who answered. CAN: the frame's identifier (0x7E8, 0x18DAF110). Legacy protocols: the source
// address of the 3-byte header (0x10 for the engine ECU). `known` is false when the adapter
// printed no headers, so ECUs cannot be told apart.
struct ecu_address {
  std::uint32_t id = 0;
  bool extended = false;  // 29-bit CAN identifier
  bool known = false;

  friend auto operator<=>(const ecu_address&, const ecu_address&) = default;
};

// "7E8", "18DAF110", "10"; "?" when unknown.
std::string to_string(ecu_address a);

struct ecu_message {
  ecu_address source;
  // CAN: the ISO-TP payload (response service id first, e.g. 0x41 0x0C ...).
  // Legacy: the data bytes between the 3-byte header and the checksum (service id first).
  byte_vector data;

  friend bool operator==(const ecu_message&, const ecu_message&) = default;
};

}  // namespace bayscan::protocols

#endif
