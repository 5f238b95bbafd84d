#include <bayscan/protocols/elm327_protocol_query.hpp>
#include <string>

namespace bayscan::protocols::elm327 {
namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

result<protocol_report> parse_protocol_number(std::string_view reply) {
  reply = trim(reply);
  protocol_report out;
  // "A6": 'A' then the digit. A lone "A" is protocol A (SAE J1939), not the prefix.
  if (reply.size() == 2 && (reply[0] == 'A' || reply[0] == 'a')) {
    out.automatic_search = true;
    reply.remove_prefix(1);
  }
  if (reply.size() != 1) return error::invalid_protocol_reply;
  const auto p = protocol_from_digit(reply[0]);
  if (!p) return error::invalid_protocol_reply;
  out.protocol = *p;
  return out;
}

result<protocol_report> parse_protocol_description(std::string_view reply) {
  std::string text;
  text.reserve(reply.size());
  for (char c : trim(reply)) text.push_back((c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c);
  std::string_view rest{text};
  protocol_report out;
  // Datasheet "DP": with automatic search on, the name is preceded by "AUTO".
  if (rest.starts_with("AUTO")) {
    out.automatic_search = true;
    rest.remove_prefix(4);
    while (!rest.empty() && (rest.front() == ',' || rest.front() == ' ')) rest.remove_prefix(1);
    if (rest.empty()) return out;  // searching, nothing found yet
  }
  const auto has = [&](std::string_view s) { return rest.find(s) != std::string_view::npos; };
  // The chip's short names ("ISO 15765-4 (CAN 11/500)") and protocol_name()'s long ones
  // ("ISO 15765-4 CAN (11 bit ID, 500 kbaud)") both name the ID width and the rate.
  const auto can = [&](std::string_view bits, std::string_view rate) {
    return has(std::string(bits) + "/" + std::string(rate)) ||
           (has(std::string(bits) + " BIT") && has(std::string(rate) + " KBAUD"));
  };
  if (has("J1850 PWM"))
    out.protocol = obd_protocol::j1850_pwm;
  else if (has("J1850 VPW"))
    out.protocol = obd_protocol::j1850_vpw;
  else if (has("9141"))
    out.protocol = obd_protocol::iso9141_2;
  else if (has("14230") || has("KWP")) {
    if (has("FAST"))
      out.protocol = obd_protocol::kwp2000_fast;
    else if (has("5BAUD") || has("5 BAUD") || has("SLOW"))
      out.protocol = obd_protocol::kwp2000_5baud;
    else
      return error::invalid_protocol_reply;
  } else if (has("J1939"))
    out.protocol = obd_protocol::j1939_can29_250;
  else if (has("USER1"))
    out.protocol = obd_protocol::user1_can;
  else if (has("USER2"))
    out.protocol = obd_protocol::user2_can;
  else if (has("15765")) {
    if (can("11", "500"))
      out.protocol = obd_protocol::can11_500;
    else if (can("29", "500"))
      out.protocol = obd_protocol::can29_500;
    else if (can("11", "250"))
      out.protocol = obd_protocol::can11_250;
    else if (can("29", "250"))
      out.protocol = obd_protocol::can29_250;
    else
      return error::invalid_protocol_reply;
  } else {
    return error::invalid_protocol_reply;
  }
  return out;
}

}  // namespace bayscan::protocols::elm327
