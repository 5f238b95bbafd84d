#include <array>
#include <bayscan/hardware/socketcand_channel.hpp>
#include <bayscan/hardware/socketcand_protocol.hpp>
#include <bayscan/hardware/tcp_stream.hpp>
#include <vector>

namespace bayscan::hardware {
using protocols::can_frame;

struct socketcand_channel::impl {
  std::unique_ptr<byte_stream> stream;
  socketcand_parser parser;
  std::vector<can_filter> filters;
  std::string name;
  std::string last_error;
  bool open = true;

  result<void> write_text(const std::string& text, deadline until) {
    auto r = stream->write(
        byte_span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), until);
    if (!r) last_error = name + ": " + stream->last_error_detail();
    return r;
  }

  // Reads more bytes into the parser; the stream's error otherwise.
  result<void> read_more(deadline until) {
    std::array<std::uint8_t, 512> buffer{};
    auto got = stream->read_some(buffer, until);
    if (!got) {
      last_error = name + ": " + stream->last_error_detail();
      return got.error();
    }
    parser.feed(byte_span(buffer.data(), *got));
    return {};
  }
};

socketcand_channel::socketcand_channel(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
socketcand_channel::~socketcand_channel() = default;

namespace {

// The next element during the handshake, with stream errors turned into open failures.
boost::system::result<socketcand_message, transport_failure> handshake_element(
    socketcand_channel::impl& p, deadline until, std::string_view waiting_for) {
  for (;;) {
    if (auto m = p.parser.next()) {
      if (!*m) return m->error();
      if (m->value().type == socketcand_message::kind::echo) continue;
      return std::move(m->value());
    }
    auto more = p.read_more(until);
    if (!more) {
      const auto e = more.error() == transport_error::timeout ? transport_error::connect_timeout
                                                              : transport_error::open_failed;
      return transport_failure{
          e, p.name + ": waiting for " + std::string(waiting_for) + ": " + p.last_error};
    }
  }
}

std::optional<transport_failure> expect(socketcand_channel::impl& p, socketcand_message::kind want,
                                        deadline until, std::string_view waiting_for,
                                        transport_error refused) {
  auto m = handshake_element(p, until, waiting_for);
  if (!m) return m.error();
  if (m->type == want) return std::nullopt;
  if (m->type == socketcand_message::kind::error)
    return transport_failure{refused, p.name + ": server refused (" + m->text +
                                          ") while waiting for " + std::string(waiting_for)};
  return transport_failure{
      transport_error::protocol_error,
      p.name + ": expected " + std::string(waiting_for) + ", got '< " + m->text + " >'"};
}

}  // namespace

boost::system::result<std::unique_ptr<socketcand_channel>, transport_failure>
socketcand_channel::open_over(std::unique_ptr<byte_stream> stream, const std::string& bus,
                              deadline until) {
  auto p = std::make_unique<impl>();
  std::string where = stream->description();
  if (where.starts_with("tcp:")) where.erase(0, 4);
  p->name = "socketcand:" + where + "/" + bus;
  p->stream = std::move(stream);
  // socketcand limits bus names to 16 characters and ends the connection on a refused open.
  if (bus.empty() || bus.size() > 16 || bus.find_first_of(" <>") != std::string::npos)
    return transport_failure{transport_error::bad_uri,
                             p->name + ": bus names are 1 to 16 characters without spaces"};
  if (auto f =
          expect(*p, socketcand_message::kind::hi, until, "'< hi >'", transport_error::open_failed))
    return *f;
  if (!p->write_text(format_socketcand_open(bus), until))
    return transport_failure{transport_error::open_failed, p->last_error};
  if (auto f = expect(*p, socketcand_message::kind::ok, until, "'< ok >' to open " + bus,
                      transport_error::no_such_device))
    return *f;
  if (!p->write_text(format_socketcand_rawmode(), until))
    return transport_failure{transport_error::open_failed, p->last_error};
  if (auto f = expect(*p, socketcand_message::kind::ok, until, "'< ok >' to rawmode",
                      transport_error::open_failed))
    return *f;
  return std::unique_ptr<socketcand_channel>(new socketcand_channel(std::move(p)));
}

boost::system::result<std::unique_ptr<socketcand_channel>, transport_failure>
socketcand_channel::connect(const std::string& host, std::uint16_t port, const std::string& bus,
                            deadline until) {
  auto stream = tcp_stream::connect(host, port, until);
  if (!stream) return stream.error();
  return open_over(std::move(*stream), bus, until);
}

result<void> socketcand_channel::send(const can_frame& frame, deadline until) {
  if (!impl_->open) {
    impl_->last_error = impl_->name + " is closed";
    return make_error_code(transport_error::not_open);
  }
  if (frame.dlc > 8) {
    impl_->last_error =
        impl_->name + ": DLC " + std::to_string(frame.dlc) + " exceeds classic CAN's 8";
    return make_error_code(transport_error::protocol_error);
  }
  return impl_->write_text(format_socketcand_send(frame), until);
}

result<can_frame> socketcand_channel::receive(deadline until) {
  if (!impl_->open) {
    impl_->last_error = impl_->name + " is closed";
    return make_error_code(transport_error::not_open);
  }
  for (;;) {
    while (auto m = impl_->parser.next()) {
      if (!*m) {
        impl_->last_error = impl_->name + ": " + m->error().detail;
        return m->error().code;
      }
      const socketcand_message& msg = m->value();
      switch (msg.type) {
        case socketcand_message::kind::frame:
          if (passes_filters(impl_->filters, msg.frame)) return msg.frame;
          break;
        case socketcand_message::kind::error:
          impl_->last_error = impl_->name + ": server reported error '" + msg.text + "'";
          return make_error_code(transport_error::bus_error);
        default:  // echo replies, statistics, CAN FD or RTR frames: nothing a classic-CAN driver
                  // uses
          break;
      }
    }
    auto more = impl_->read_more(until);
    if (!more) return more.error();
  }
}

result<void> socketcand_channel::set_filters(std::span<const can_filter> filters) {
  if (!impl_->open) {
    impl_->last_error = impl_->name + " is closed";
    return make_error_code(transport_error::not_open);
  }
  impl_->filters.assign(filters.begin(), filters.end());
  return {};
}

void socketcand_channel::close() {
  if (impl_->open) impl_->stream->close();
  impl_->open = false;
}

std::string socketcand_channel::description() const {
  return impl_->name;
}
std::string socketcand_channel::last_error_detail() const {
  return impl_->last_error;
}

}  // namespace bayscan::hardware
