// Which CAN identifiers carry legislated-OBD ISO-TP traffic, and where the FlowControl for a
// responder goes: ISO 15765-4 with normal addressing (11-bit) and normal fixed addressing
// (29-bit, ISO 15765-2 N_TAtype physical 0x18DA / functional 0x18DB, target then source byte).
// Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ISOTP_ADDRESSING_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_ADDRESSING_HPP

#include <bayscan/protocols/can_frame.hpp>

#include <cstdint>
#include <optional>

namespace bayscan::protocols {

// The external test equipment's address in 29-bit OBD identifiers (ISO 15765-4).
inline constexpr std::uint8_t obd_tester_address_29bit = 0xF1;

constexpr std::uint32_t obd_functional_request_id(bool extended) noexcept {
  return extended ? obd_functional_id_29bit : obd_functional_id_11bit;
}

// 11-bit: 0x7E8..0x7EF. 29-bit: 0x18DAF1xx (physical, to the tester F1, from ECU xx).
constexpr bool is_obd_response_id(std::uint32_t id, bool extended) noexcept {
  if (extended) return (id & 0x1FFFFF00u) == 0x18DAF100u;
  return id >= obd_first_response_id_11bit && id <= obd_first_response_id_11bit + 7;
}

// The physical request identifier of the ECU that answers on `response_id`, which is also
// where our FlowControl to its multi-frame answer goes: 0x7E8+n -> 0x7E0+n;
// 0x18DAF1xx -> 0x18DAxxF1. nullopt for an identifier that is not an OBD response.
constexpr std::optional<std::uint32_t> obd_physical_request_id(std::uint32_t response_id,
                                                               bool extended) noexcept {
  if (!is_obd_response_id(response_id, extended)) return std::nullopt;
  if (extended) {
    const std::uint32_t ecu = response_id & 0xFFu;
    return 0x18DA0000u | (ecu << 8) | obd_tester_address_29bit;
  }
  return response_id - obd_physical_request_offset_11bit;
}

// The inverse, for the ECU side: the identifier an ECU answering physical requests on
// `request_id` responds with (0x7E0+n -> 0x7E8+n; 0x18DAxxF1 -> 0x18DAF1xx).
constexpr std::optional<std::uint32_t> obd_response_id_for_request(std::uint32_t request_id,
                                                                   bool extended) noexcept {
  if (extended) {
    if ((request_id & 0x1FFF00FFu) != (0x18DA0000u | obd_tester_address_29bit)) return std::nullopt;
    const std::uint32_t ecu = (request_id >> 8) & 0xFFu;
    return 0x18DAF100u | ecu;
  }
  if (request_id < obd_first_response_id_11bit - obd_physical_request_offset_11bit ||
      request_id > obd_first_response_id_11bit - 1)
    return std::nullopt;
  return request_id + obd_physical_request_offset_11bit;
}

}  // namespace bayscan::protocols

#endif
