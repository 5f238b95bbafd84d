#include <linux/can.h>
#include <linux/can/raw.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <bayscan/hardware/socketcan_channel.hpp>
#include <bayscan/sim/can_bus_ecus.hpp>
#include <bayscan/sim/socketcan_server.hpp>
#include <boost/asio.hpp>
#include <cerrno>
#include <deque>
#include <optional>

#include "can_bus_driver.hpp"

namespace bayscan::sim {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

namespace {

class descriptor_server final : public socketcan_server {
 public:
  descriptor_server(asio::io_context& io, int fd, std::string description,
                    socketcan_server_options options)
      : stream_(io, fd), description_(std::move(description)), options_(std::move(options)) {}
  ~descriptor_server() override { stop(); }

  void start(can_bus_ecus bus) {
    driver_.emplace(
        stream_.get_executor(), std::move(bus),
        [this](const protocols::can_frame& f, clock_type::time_point) { write(f); }, options_.log,
        clock_type::now());
    read();
  }

  std::string endpoint() const override { return description_; }

  void stop() override {
    if (driver_) driver_->stop();
    boost::system::error_code ignored;
    stream_.close(ignored);
  }

 private:
  void read() {
    // One read is one struct can_frame datagram (CAN_RAW and SOCK_SEQPACKET keep boundaries).
    stream_.async_read_some(
        asio::buffer(in_), [this, alive = std::weak_ptr<int>(alive_)](auto ec, std::size_t n) {
          if (ec || alive.expired()) return;
          if (auto frame =
                  hardware::from_socketcan_bytes(std::span<const std::uint8_t>(in_.data(), n))) {
            driver_->on_frame(*frame);
          }
          read();
        });
  }

  void write(const protocols::can_frame& f) {
    out_.push_back(hardware::to_socketcan_bytes(f));
    if (out_.size() == 1) write_next();
  }

  void write_next() {
    if (out_.empty()) return;
    stream_.async_write_some(asio::buffer(out_.front()),
                             [this, alive = std::weak_ptr<int>(alive_)](auto ec, std::size_t) {
                               if (ec || alive.expired()) return;
                               out_.pop_front();
                               write_next();
                             });
  }

  asio::posix::stream_descriptor stream_;
  std::string description_;
  socketcan_server_options options_;
  std::optional<detail::can_bus_driver> driver_;
  std::array<std::uint8_t, 64> in_{};
  std::deque<std::array<std::uint8_t, hardware::socketcan_frame_size>> out_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

result<std::unique_ptr<socketcan_server>> serve(asio::io_context& io, obd_responder& responder,
                                                int fd, std::string description,
                                                socketcan_server_options options) {
  can_bus_ecus_options bus_options;
  bus_options.ecus = detail::known_ecus(responder);
  auto bus = can_bus_ecus::create(responder, std::move(bus_options));
  if (!bus) {
    ::close(fd);
    return bus.error();
  }
  auto server =
      std::make_unique<descriptor_server>(io, fd, std::move(description), std::move(options));
  server->start(std::move(*bus));
  return std::unique_ptr<socketcan_server>(std::move(server));
}

}  // namespace

result<std::unique_ptr<socketcan_server>> serve_on_socketcan(asio::io_context& io,
                                                             obd_responder& responder,
                                                             const std::string& interface_name,
                                                             socketcan_server_options options) {
  if (!protocols::is_can(responder.protocol()))
    return make_error_code(can_bus_error::not_a_can_protocol);
  auto sys_error = [](int e) {
    return boost::system::error_code(e, boost::system::system_category());
  };
  // EAFNOSUPPORT here means the kernel has no PF_CAN at all.
  const int fd = ::socket(PF_CAN, SOCK_RAW | SOCK_CLOEXEC, CAN_RAW);
  if (fd < 0) return sys_error(errno);
  const unsigned index = ::if_nametoindex(interface_name.c_str());
  if (index == 0) {
    const int e = errno;
    ::close(fd);
    return sys_error(e == 0 ? ENODEV : e);
  }
  sockaddr_can addr{};
  addr.can_family = AF_CAN;
  addr.can_ifindex = static_cast<int>(index);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    const int e = errno;
    ::close(fd);
    return sys_error(e);
  }
  return serve(io, responder, fd, "socketcan:" + interface_name, std::move(options));
}

result<std::unique_ptr<socketcan_server>> serve_on_socketcan_descriptor(
    asio::io_context& io, obd_responder& responder, int fd, std::string description,
    socketcan_server_options options) {
  return serve(io, responder, fd, std::move(description), std::move(options));
}

}  // namespace bayscan::sim
