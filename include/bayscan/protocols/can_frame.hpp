// A classic CAN 2.0 frame as every CAN layer of bayscan passes it around (SocketCAN's
// struct can_frame, socketcand's "< frame ... >", the simulated bus, ISO-TP). Value type.
#ifndef BAYSCAN_PROTOCOLS_CAN_FRAME_HPP
#define BAYSCAN_PROTOCOLS_CAN_FRAME_HPP

#include <array>
#include <cstdint>
#include <span>

namespace bayscan::protocols {

struct can_frame {
  std::uint32_t id = 0;      // 11-bit (<= 0x7FF) or 29-bit identifier, without flag bits
  bool extended = false;     // 29-bit identifier (CAN 2.0B)
  std::uint8_t dlc = 0;      // 0..8 data bytes (classic CAN)
  std::array<std::uint8_t, 8> data{};

  std::span<const std::uint8_t> payload() const noexcept { return {data.data(), dlc}; }
  friend bool operator==(const can_frame&, const can_frame&) = default;
};

// ISO 15765-4 (6.3.2.2/6.3.2.3) diagnostic identifiers for legislated OBD.
inline constexpr std::uint32_t obd_functional_id_11bit = 0x7DF;
inline constexpr std::uint32_t obd_functional_id_29bit = 0x18DB33F1;
inline constexpr std::uint32_t obd_first_response_id_11bit = 0x7E8;   // 0x7E8..0x7EF
inline constexpr std::uint32_t obd_physical_request_offset_11bit = 8;  // request = response - 8

}  // namespace bayscan::protocols

#endif
