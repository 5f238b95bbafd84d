// OBD-II link protocols by their ELM327 protocol number (ELM327 datasheet, "ATSP h" table):
// 1 SAE J1850 PWM, 2 SAE J1850 VPW, 3 ISO 9141-2, 4 ISO 14230-4 KWP (5-baud init),
// 5 ISO 14230-4 KWP (fast init), 6..9 ISO 15765-4 CAN, A SAE J1939, B/C user CAN.
// Pure values; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_OBD_PROTOCOL_HPP
#define BAYSCAN_PROTOCOLS_OBD_PROTOCOL_HPP

#include <cstdint>
#include <optional>
#include <string_view>

namespace bayscan::protocols {

enum class obd_protocol : std::uint8_t {
  automatic = 0x0,
  j1850_pwm = 0x1,
  j1850_vpw = 0x2,
  iso9141_2 = 0x3,
  kwp2000_5baud = 0x4,
  kwp2000_fast = 0x5,
  can11_500 = 0x6,
  can29_500 = 0x7,
  can11_250 = 0x8,
  can29_250 = 0x9,
  j1939_can29_250 = 0xA,
  user1_can = 0xB,
  user2_can = 0xC,
};

// "ISO 15765-4 CAN (11 bit ID, 500 kbaud)" etc., as ATDP prints them.
std::string_view protocol_name(obd_protocol p) noexcept;

// The ELM327 protocol digit: '0'..'9', 'A'..'C'.
char protocol_digit(obd_protocol p) noexcept;

// From one hex digit ('6', 'a', 'A'); nullopt when outside 0..C.
std::optional<obd_protocol> protocol_from_digit(char digit) noexcept;

constexpr bool is_can(obd_protocol p) noexcept {
  return p >= obd_protocol::can11_500 && p <= obd_protocol::user2_can;
}
constexpr bool is_29bit_can(obd_protocol p) noexcept {
  return p == obd_protocol::can29_500 || p == obd_protocol::can29_250 ||
         p == obd_protocol::j1939_can29_250;
}
// J1850 / ISO 9141-2 / KWP2000: 3-byte headers, checksum byte, at most 7 data bytes per message,
// several messages per answer where CAN would use one multi-frame message (SAE J1979 5.x).
constexpr bool is_legacy(obd_protocol p) noexcept {
  return p >= obd_protocol::j1850_pwm && p <= obd_protocol::kwp2000_fast;
}

}  // namespace bayscan::protocols

#endif
