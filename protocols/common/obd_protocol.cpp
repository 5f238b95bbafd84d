#include <bayscan/protocols/obd_protocol.hpp>

namespace bayscan::protocols {

// Names as the ELM327 prints them for ATDP (ELM327 datasheet, protocol table).
std::string_view protocol_name(obd_protocol p) noexcept {
  switch (p) {
    case obd_protocol::automatic: return "Automatic";
    case obd_protocol::j1850_pwm: return "SAE J1850 PWM (41.6 kbaud)";
    case obd_protocol::j1850_vpw: return "SAE J1850 VPW (10.4 kbaud)";
    case obd_protocol::iso9141_2: return "ISO 9141-2 (5 baud init, 10.4 kbaud)";
    case obd_protocol::kwp2000_5baud: return "ISO 14230-4 KWP (5 baud init, 10.4 kbaud)";
    case obd_protocol::kwp2000_fast: return "ISO 14230-4 KWP (fast init, 10.4 kbaud)";
    case obd_protocol::can11_500: return "ISO 15765-4 CAN (11 bit ID, 500 kbaud)";
    case obd_protocol::can29_500: return "ISO 15765-4 CAN (29 bit ID, 500 kbaud)";
    case obd_protocol::can11_250: return "ISO 15765-4 CAN (11 bit ID, 250 kbaud)";
    case obd_protocol::can29_250: return "ISO 15765-4 CAN (29 bit ID, 250 kbaud)";
    case obd_protocol::j1939_can29_250: return "SAE J1939 CAN (29 bit ID, 250* kbaud)";
    case obd_protocol::user1_can: return "USER1 CAN (11* bit ID, 125* kbaud)";
    case obd_protocol::user2_can: return "USER2 CAN (11* bit ID, 50* kbaud)";
  }
  return "unknown";
}

char protocol_digit(obd_protocol p) noexcept {
  auto v = static_cast<unsigned>(p);
  return static_cast<char>(v < 10 ? '0' + v : 'A' + (v - 10));
}

std::optional<obd_protocol> protocol_from_digit(char digit) noexcept {
  int v = -1;
  if (digit >= '0' && digit <= '9') v = digit - '0';
  else if (digit >= 'A' && digit <= 'C') v = digit - 'A' + 10;
  else if (digit >= 'a' && digit <= 'c') v = digit - 'a' + 10;
  if (v < 0) return std::nullopt;
  return static_cast<obd_protocol>(v);
}

}  // namespace bayscan::protocols
