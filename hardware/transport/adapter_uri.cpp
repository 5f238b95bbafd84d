#include <bayscan/hardware/adapter_uri.hpp>
#include <bayscan/hardware/serial_port.hpp>
#include <bayscan/hardware/socketcan_channel.hpp>
#include <bayscan/hardware/socketcand_channel.hpp>
#include <bayscan/hardware/tcp_stream.hpp>
#include <charconv>
#include <utility>
#include <vector>

namespace bayscan::hardware {
namespace {

using parse_result = boost::system::result<adapter_uri, transport_failure>;

transport_failure bad(std::string_view uri, std::string what) {
  return {transport_error::bad_uri, "'" + std::string(uri) + "': " + std::move(what)};
}

std::optional<unsigned long> parse_number(std::string_view s) {
  unsigned long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// The one rate parameter a kind takes ("baud=38400", "bitrate=500000") from a query string:
// its value (nullopt if absent) or the sentence naming what is wrong.
std::variant<std::optional<unsigned>, std::string> rate_parameter(std::string_view query,
                                                                  std::string_view kind,
                                                                  std::string_view key,
                                                                  unsigned long max) {
  std::optional<unsigned> value;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    const auto eq = piece.find('=');
    if (eq == std::string_view::npos || eq == 0)
      return "parameter '" + std::string(piece) + "' is not key=value";
    if (piece.substr(0, eq) != key)
      return "unknown parameter '" + std::string(piece.substr(0, eq)) + "' (" + std::string(kind) +
             ": takes " + std::string(key) + ")";
    const std::string_view text = piece.substr(eq + 1);
    const auto number = parse_number(text);
    if (!number || *number == 0 || *number > max)
      return std::string(key) + " '" + std::string(text) + "' is not 1.." + std::to_string(max) +
             " bit/s";
    value = static_cast<unsigned>(*number);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return value;
}

// "host:port" or "[v6]:port"; the port may be optional.
struct host_port {
  std::string host;
  std::optional<std::uint16_t> port;
};
std::variant<host_port, std::string> split_host_port(std::string_view s, bool port_required) {
  host_port hp;
  std::string_view port_text;
  bool has_port = false;
  if (!s.empty() && s.front() == '[') {
    const auto close = s.find(']');
    if (close == std::string_view::npos) return std::string("IPv6 address without ']'");
    hp.host = std::string(s.substr(1, close - 1));
    const std::string_view rest = s.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return "unexpected '" + std::string(rest) + "' after ']'";
      port_text = rest.substr(1);
      has_port = true;
    }
  } else {
    const auto colon = s.rfind(':');
    if (colon != std::string_view::npos) {
      hp.host = std::string(s.substr(0, colon));
      port_text = s.substr(colon + 1);
      has_port = true;
    } else {
      hp.host = std::string(s);
    }
  }
  if (hp.host.empty()) return std::string("missing host");
  if (hp.host.find_first_of(" /?#") != std::string::npos)
    return "host '" + hp.host + "' has invalid characters";
  if (!has_port) {
    if (port_required) return std::string("missing port (host:port)");
    return hp;
  }
  const auto port = parse_number(port_text);
  if (!port || *port == 0 || *port > 65535)
    return "port '" + std::string(port_text) + "' is not 1..65535";
  hp.port = static_cast<std::uint16_t>(*port);
  return hp;
}

parse_result parse_serial(std::string_view uri, std::string_view rest) {
  const auto q = rest.find('?');
  serial_uri out;
  out.path = std::string(rest.substr(0, q));
  if (out.path.empty()) return bad(uri, "missing device path (serial:/dev/ttyUSB0)");
  if (q != std::string_view::npos) {
    // 12 Mbit/s: the fastest USB full-speed serial bridges; termios or the driver refuse what
    // the device cannot do.
    auto baud = rate_parameter(rest.substr(q + 1), "serial", "baud", 12'000'000);
    if (auto* err = std::get_if<std::string>(&baud)) return bad(uri, *err);
    if (const auto& v = std::get<std::optional<unsigned>>(baud)) out.baud = *v;
  }
  return adapter_uri{out};
}

parse_result parse_tcp(std::string_view uri, std::string_view rest) {
  if (rest.find('?') != std::string_view::npos) return bad(uri, "tcp: takes no parameters");
  auto hp = split_host_port(rest, true);
  if (auto* err = std::get_if<std::string>(&hp)) return bad(uri, *err);
  auto& v = std::get<host_port>(hp);
  return adapter_uri{tcp_uri{std::move(v.host), *v.port}};
}

bool valid_interface_name(std::string_view name, std::size_t max) {
  return !name.empty() && name.size() <= max &&
         name.find_first_of(" /:?<>\t") == std::string_view::npos;
}

parse_result parse_socketcan(std::string_view uri, std::string_view rest) {
  const auto q = rest.find('?');
  socketcan_uri out;
  out.interface_name = std::string(rest.substr(0, q));
  // Linux interface names are at most IFNAMSIZ - 1 = 15 characters.
  if (!valid_interface_name(out.interface_name, 15))
    return bad(uri, "interface name '" + out.interface_name +
                        "' is not 1 to 15 characters without / : ? or spaces");
  if (q != std::string_view::npos) {
    // Classic CAN tops out at 1 Mbit/s (ISO 11898-1).
    auto rate = rate_parameter(rest.substr(q + 1), "socketcan", "bitrate", 1'000'000);
    if (auto* err = std::get_if<std::string>(&rate)) return bad(uri, *err);
    out.bitrate = std::get<std::optional<unsigned>>(rate);
  }
  return adapter_uri{out};
}

parse_result parse_socketcand(std::string_view uri, std::string_view rest) {
  const auto slash = rest.rfind('/');
  if (slash == std::string_view::npos)
    return bad(uri, "missing bus name (socketcand:host:port/can0)");
  const std::string_view bus = rest.substr(slash + 1);
  // socketcand's protocol allows bus names of up to 16 characters.
  if (!valid_interface_name(bus, 16))
    return bad(uri, "bus name '" + std::string(bus) + "' is not 1 to 16 characters");
  auto hp = split_host_port(rest.substr(0, slash), false);
  if (auto* err = std::get_if<std::string>(&hp)) return bad(uri, *err);
  auto& v = std::get<host_port>(hp);
  return adapter_uri{socketcand_uri{std::move(v.host), v.port.value_or(socketcand_default_port),
                                    std::string(bus)}};
}

}  // namespace

parse_result parse_adapter_uri(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos)
    return bad(text, "no adapter kind (expected serial:, tcp:, socketcan:, socketcand: or sim:)");
  const std::string_view kind = text.substr(0, colon);
  const std::string_view rest = text.substr(colon + 1);
  if (kind == "serial") return parse_serial(text, rest);
  if (kind == "tcp") return parse_tcp(text, rest);
  if (kind == "socketcan") return parse_socketcan(text, rest);
  if (kind == "socketcand") return parse_socketcand(text, rest);
  if (kind == "sim") {
    if (rest.empty()) return bad(text, "missing scenario name (sim:SCENARIO)");
    return adapter_uri{sim_uri{std::string(rest)}};
  }
  return bad(text, "unknown adapter kind '" + std::string(kind) +
                       "' (expected serial, tcp, socketcan, socketcand or sim)");
}

namespace {
std::string host_text(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;
}  // namespace

std::string to_string(const adapter_uri& uri) {
  return std::visit(overloaded{
                        [](const serial_uri& u) {
                          return "serial:" + u.path + "?baud=" + std::to_string(u.baud);
                        },
                        [](const tcp_uri& u) {
                          return "tcp:" + host_text(u.host) + ":" + std::to_string(u.port);
                        },
                        [](const socketcan_uri& u) {
                          return "socketcan:" + u.interface_name +
                                 (u.bitrate ? "?bitrate=" + std::to_string(*u.bitrate) : "");
                        },
                        [](const socketcand_uri& u) {
                          return "socketcand:" + host_text(u.host) + ":" + std::to_string(u.port) +
                                 "/" + u.bus;
                        },
                        [](const sim_uri& u) { return "sim:" + u.scenario; },
                    },
                    uri);
}

bool is_byte_stream_uri(const adapter_uri& uri) noexcept {
  return std::holds_alternative<serial_uri>(uri) || std::holds_alternative<tcp_uri>(uri);
}

boost::system::result<std::unique_ptr<byte_stream>, transport_failure> open_byte_stream(
    const adapter_uri& uri, deadline connect_until) {
  if (const auto* s = std::get_if<serial_uri>(&uri)) {
    auto port = serial_port::open(s->path, s->baud);
    if (!port) return port.error();
    return std::unique_ptr<byte_stream>(std::move(*port));
  }
  if (const auto* t = std::get_if<tcp_uri>(&uri)) {
    auto stream = tcp_stream::connect(t->host, t->port, connect_until);
    if (!stream) return stream.error();
    return std::unique_ptr<byte_stream>(std::move(*stream));
  }
  return transport_failure{transport_error::bad_uri,
                           to_string(uri) + " is not a byte-stream (ELM327) adapter"};
}

boost::system::result<std::unique_ptr<can_channel>, transport_failure> open_can_channel(
    const adapter_uri& uri, deadline connect_until) {
  if (const auto* s = std::get_if<socketcan_uri>(&uri)) {
    auto channel = socketcan_channel::open(s->interface_name);
    if (!channel) return channel.error();
    return std::unique_ptr<can_channel>(std::move(*channel));
  }
  if (const auto* s = std::get_if<socketcand_uri>(&uri)) {
    auto channel = socketcand_channel::connect(s->host, s->port, s->bus, connect_until);
    if (!channel) return channel.error();
    return std::unique_ptr<can_channel>(std::move(*channel));
  }
  return transport_failure{transport_error::bad_uri, to_string(uri) + " is not a CAN adapter"};
}

}  // namespace bayscan::hardware
