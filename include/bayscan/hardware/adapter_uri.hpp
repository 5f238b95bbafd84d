// Adapter URIs (ARCHITECTURE.md "Adapter URIs"): parsing into a typed variant, printing back,
// and the factories that open the real transport a URI names.
//
//   serial:/dev/ttyUSB0?baud=38400     ELM327 on a serial port or pty (baud defaults to 38400,
//                                      the ELM327's factory rate)
//   tcp:192.168.0.10:35000             ELM327 WiFi dongle ("tcp:[::1]:35000" for IPv6)
//   socketcan:can0?bitrate=500000      raw CAN interface (bitrate optional: the interface is
//                                      configured by the system; the value tells the driver which
//                                      OBD protocol, 500 or 250 kbit/s, to expect)
//   socketcand:127.0.0.1:29536/can0    remote CAN bus served by socketcand (port defaults to 29536)
//   sim:SCENARIO                       in-process simulated vehicle (opened by a higher layer)
//
// Values and free functions; thread-safe. The opened transports are single-thread objects.
#ifndef BAYSCAN_HARDWARE_ADAPTER_URI_HPP
#define BAYSCAN_HARDWARE_ADAPTER_URI_HPP

#include <bayscan/hardware/byte_stream.hpp>
#include <bayscan/hardware/can_channel.hpp>
#include <bayscan/hardware/deadline.hpp>
#include <bayscan/hardware/transport_error.hpp>
#include <boost/system/result.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace bayscan::hardware {

inline constexpr unsigned elm327_default_baud = 38400;  // ELM327 datasheet: default 38400 8N1
inline constexpr std::uint16_t socketcand_default_port = 29536;  // socketcand's listening port

struct serial_uri {
  std::string path;
  unsigned baud = elm327_default_baud;
  friend bool operator==(const serial_uri&, const serial_uri&) = default;
};
struct tcp_uri {
  std::string host;  // name or address, IPv6 without brackets
  std::uint16_t port = 0;
  friend bool operator==(const tcp_uri&, const tcp_uri&) = default;
};
struct socketcan_uri {
  std::string interface_name;
  std::optional<unsigned> bitrate;
  friend bool operator==(const socketcan_uri&, const socketcan_uri&) = default;
};
struct socketcand_uri {
  std::string host;
  std::uint16_t port = socketcand_default_port;
  std::string bus;  // the server's bus name, e.g. "can0"
  friend bool operator==(const socketcand_uri&, const socketcand_uri&) = default;
};
struct sim_uri {
  std::string scenario;  // a scenario name or file path, resolved by sim/
  friend bool operator==(const sim_uri&, const sim_uri&) = default;
};

using adapter_uri = std::variant<serial_uri, tcp_uri, socketcan_uri, socketcand_uri, sim_uri>;

// Parses one URI; transport_error::bad_uri with a detail naming the bad part otherwise
// ("tcp:192.168.0.10: missing port", "serial:/dev/ttyUSB0?baud=fast: baud is not a number").
boost::system::result<adapter_uri, transport_failure> parse_adapter_uri(std::string_view text);

// The canonical text of a URI (parse_adapter_uri(to_string(u)) == u).
std::string to_string(const adapter_uri& uri);

// True for the URIs that name an ELM327-style byte link (serial, tcp); false for CAN ones.
bool is_byte_stream_uri(const adapter_uri& uri) noexcept;

// Opens serial: or tcp:. Any other kind fails with bad_uri ("... is not a byte-stream adapter").
// `connect_until` bounds TCP connection set-up; serial opens do not block.
boost::system::result<std::unique_ptr<byte_stream>, transport_failure> open_byte_stream(
    const adapter_uri& uri, deadline connect_until);

// Opens socketcan: or socketcand:. Any other kind fails with bad_uri.
boost::system::result<std::unique_ptr<can_channel>, transport_failure> open_can_channel(
    const adapter_uri& uri, deadline connect_until);

}  // namespace bayscan::hardware

#endif
