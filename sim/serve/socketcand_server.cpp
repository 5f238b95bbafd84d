#include <array>
#include <bayscan/hardware/socketcand_protocol.hpp>
#include <bayscan/sim/can_bus_ecus.hpp>
#include <bayscan/sim/socketcand_server.hpp>
#include <boost/asio.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <optional>

#include "can_bus_driver.hpp"
#include "loopback_listener.hpp"

namespace bayscan::sim {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

// socketcand prints reception times as gettimeofday() seconds.microseconds: steady times are
// mapped onto the wall clock once per server.
struct wall_clock_mapping {
  clock_type::time_point steady = clock_type::now();
  std::chrono::system_clock::time_point wall = std::chrono::system_clock::now();
  std::uint64_t micros(clock_type::time_point t) const {
    const auto since = std::chrono::duration_cast<std::chrono::microseconds>(
        wall.time_since_epoch() + (t - steady));
    return static_cast<std::uint64_t>(std::max<std::int64_t>(0, since.count()));
  }
};

// socketcand's modes (doc/protocol.md): NO_BUS until "open", then BCM, RAW after "rawmode".
enum class mode { no_bus, bcm, raw };

class session : public std::enable_shared_from_this<session> {
 public:
  session(asio::ip::tcp::socket socket, obd_responder& responder,
          const socketcand_server_options& options, wall_clock_mapping clocks, std::uint64_t number)
      : socket_(std::move(socket)),
        responder_(responder),
        options_(options),
        clocks_(clocks),
        number_(number) {}

  void start() {
    log_connection("connect");
    send("< hi >");
    read();
  }

  void close() {
    if (driver_) driver_->stop();
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  void read() {
    socket_.async_read_some(asio::buffer(in_), [self = shared_from_this()](auto ec, std::size_t n) {
      if (ec) return self->finish();
      self->parser_.feed(byte_span(self->in_.data(), n));
      self->drain_commands();
      if (self->socket_.is_open()) self->read();
    });
  }

  void drain_commands() {
    while (socket_.is_open()) {
      auto element = parser_.next();
      if (!element) return;
      if (!*element) {
        send("< error " + sanitize(element->error().detail) + " >");
        continue;
      }
      handle(**element);
    }
  }

  void handle(const hardware::socketcand_message& m) {
    using kind = hardware::socketcand_message::kind;
    if (m.type == kind::echo) return send("< echo >");
    const std::string_view text = m.text;
    const std::string_view word = text.substr(0, text.find(' '));
    if (m.type != kind::other) return unknown(text);
    if (word == "open") return open_bus(text.substr(word.size()));
    if (mode_ == mode::no_bus)
      return send("< error no bus opened: open " + options_.interface_name + " first >");
    if (word == "rawmode") {
      mode_ = mode::raw;
      return send("< ok >");
    }
    if (word == "bcmmode") {
      mode_ = mode::bcm;
      return send("< ok >");
    }
    if (word == "send") {
      // "send" works in BCM and RAW mode alike (doc/protocol.md); socketcand does not answer it.
      auto frame = hardware::parse_socketcand_send(text);
      if (!frame) return send("< error " + sanitize(frame.error().detail) + " >");
      return driver_->on_frame(*frame);
    }
    unknown(text);
  }

  void open_bus(std::string_view rest) {
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (mode_ != mode::no_bus) return send("< error bus already open >");
    if (rest != options_.interface_name) {
      // doc/protocol.md: a bus the client may not open gets an error and the connection ends.
      send("< error no such bus '" + sanitize(rest) + "' (this simulator serves " +
           options_.interface_name + ") >");
      close_after_write_ = true;
      return;
    }
    can_bus_ecus_options bus_options;
    bus_options.ecus = detail::known_ecus(responder_);
    auto bus = can_bus_ecus::create(responder_, std::move(bus_options));
    if (!bus) {
      send("< error " + sanitize(bus.error().message()) + " >");
      close_after_write_ = true;
      return;
    }
    driver_.emplace(
        socket_.get_executor(), std::move(*bus),
        [this](const protocols::can_frame& f, clock_type::time_point at) {
          if (mode_ == mode::raw) send(hardware::format_socketcand_frame(f, clocks_.micros(at)));
        },
        options_.log, clocks_.steady);
    mode_ = mode::bcm;
    send("< ok >");
  }

  void unknown(std::string_view text) {
    send("< error unknown command '" + sanitize(text.substr(0, 40)) + "' >");
  }

  // Peer text quoted back must not close the element early or open another.
  static std::string sanitize(std::string_view s) {
    std::string out;
    for (char c : s) out += (c == '<' || c == '>' || c < 0x20 || c > 0x7E) ? '.' : c;
    return out;
  }

  void send(std::string element) {
    out_.push_back(std::move(element));
    if (out_.size() == 1) write_next();
  }

  void write_next() {
    if (out_.empty()) {
      if (close_after_write_) close();
      return;
    }
    asio::async_write(socket_, asio::buffer(out_.front()),
                      [self = shared_from_this()](auto ec, std::size_t) {
                        if (ec) return self->finish();
                        self->out_.pop_front();
                        self->write_next();
                      });
  }

  void log_connection(std::string_view event) {
    if (!options_.log) return;
    boost::json::object o;
    o["t_us"] =
        std::chrono::duration_cast<std::chrono::microseconds>(clock_type::now() - clocks_.steady)
            .count();
    o["event"] = event;
    o["front_end"] = "socketcand";
    o["connection"] = number_;
    o["ecu_latency_ms"] = options_.timing.ecu_latency_ms;
    o["jitter_ms"] = options_.timing.jitter_ms;
    options_.log(boost::json::serialize(o));
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    if (driver_) driver_->stop();
    log_connection("disconnect");
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  asio::ip::tcp::socket socket_;
  obd_responder& responder_;
  socketcand_server_options options_;  // a copy: the session may outlive the server object
  wall_clock_mapping clocks_;
  std::uint64_t number_;
  std::array<std::uint8_t, 1024> in_{};
  hardware::socketcand_parser parser_;
  std::deque<std::string> out_;
  std::optional<detail::can_bus_driver> driver_;
  mode mode_ = mode::no_bus;
  bool close_after_write_ = false;
  bool finished_ = false;
};

class tcp_server final : public socketcand_server {
 public:
  tcp_server(asio::io_context& io, obd_responder& responder, socketcand_server_options options)
      : listener_(io), responder_(responder), options_(std::move(options)) {}

  result<void> listen(std::uint16_t port) {
    return listener_.listen(port, [this](asio::ip::tcp::socket socket) {
      auto s = std::make_shared<session>(std::move(socket), responder_, options_, clocks_, ++connections_);
      s->start();
      return s;
    });
  }
  std::string endpoint() const override { return listener_.endpoint(); }
  void stop() override { listener_.stop(); }

 private:
  detail::loopback_listener<session> listener_;
  obd_responder& responder_;
  socketcand_server_options options_;
  wall_clock_mapping clocks_;
  std::uint64_t connections_ = 0;
};

}  // namespace

result<std::unique_ptr<socketcand_server>> serve_socketcand_on_tcp(
    asio::io_context& io, obd_responder& responder, std::uint16_t port,
    socketcand_server_options options) {
  // A K-line or J1850 car has no CAN bus to serve: refuse before listening.
  if (!protocols::is_can(responder.protocol()))
    return make_error_code(can_bus_error::not_a_can_protocol);
  auto server = std::make_unique<tcp_server>(io, responder, std::move(options));
  if (auto r = server->listen(port); !r) return r.error();
  return std::unique_ptr<socketcand_server>(std::move(server));
}

}  // namespace bayscan::sim
