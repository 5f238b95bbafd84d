#include <bayscan/sim/elm327_server.hpp>

#include <bayscan/sim/elm327_emulator.hpp>

#include "loopback_listener.hpp"

#include <boost/asio.hpp>
#include <boost/json.hpp>

#include <cerrno>
#include <chrono>
#include <deque>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

namespace bayscan::sim {

namespace asio = boost::asio;
using std::chrono::microseconds;
using clock_type = std::chrono::steady_clock;

namespace {

// Serial 8N1: ten bit times per byte (start, eight data, stop).
microseconds byte_time(std::uint32_t baud) { return microseconds(10'000'000 / std::max(1u, baud)); }


// One client connection: the emulator, the input line being typed, and the scheduled output.
// Stream is asio::posix::stream_descriptor or asio::ip::tcp::socket.
template <class Stream>
class session : public std::enable_shared_from_this<session<Stream>> {
 public:
  session(Stream stream, obd_responder& vehicle, const elm327_server_options& options,
          clock_type::time_point epoch, std::function<void()> on_close)
      : stream_(std::move(stream)),
        timer_(stream_.get_executor()),
        emulator_(vehicle, options.personality, options.timing, options.faults),
        log_(options.log),
        epoch_(epoch),
        on_close_(std::move(on_close)) {}

  void start(bool banner) {
    if (banner) send_now(emulator_.power_on_banner());
    read();
  }

  void close() {
    boost::system::error_code ignored;
    timer_.cancel();
    stream_.close(ignored);
  }

 private:
  struct scheduled {
    clock_type::time_point at;
    std::string bytes;
  };

  void read() {
    stream_.async_read_some(asio::buffer(in_), [self = this->shared_from_this()](auto ec, std::size_t n) {
      if (ec) return self->finish();
      self->on_bytes(std::string_view(self->in_.data(), n));
      self->read();
    });
  }

  void on_bytes(std::string_view bytes) {
    for (char c : bytes) {
      if (busy_) {
        // A byte while the chip works aborts the request (datasheet: "STOPPED"); the byte itself
        // is consumed.
        queue_.clear();
        timer_.cancel();
        busy_ = false;
        line_.clear();
        send_now(emulator_.on_interrupt());
        log_event("stopped", {});
        continue;
      }
      if (c == '\r') {
        handle_line();
      } else if (c != '\n' && c != '\0') {
        line_.push_back(c);
      }
    }
  }

  void handle_line() {
    std::string line = std::move(line_);
    line_.clear();
    // The command's own bytes took this long to arrive at the emulated baud.
    auto now = clock_type::now();
    auto arrived = now + byte_time(emulator_.baud()) * static_cast<long>(line.size() + 1);
    log_event("request", line);
    auto response = emulator_.on_line(line);
    auto wire_free = arrived;
    std::size_t out_bytes = 0;
    const auto per_byte = byte_time(emulator_.baud());
    for (auto& chunk : response.chunks) {
      auto start = std::max(arrived + chunk.at, wire_free);
      wire_free = start + per_byte * static_cast<long>(chunk.bytes.size());
      out_bytes += chunk.bytes.size();
      if (!chunk.bytes.empty()) queue_.push_back({wire_free, std::move(chunk.bytes)});
    }
    close_after_ = response.close_link;
    if (response.vehicle_request) {
      boost::json::object o;
      o["bus_us"] = response.bus_time.count();
      o["ecu_replies"] = response.ecu_replies;
      o["bytes_in"] = line.size() + 1;
      o["bytes_out"] = out_bytes;
      o["baud"] = emulator_.baud();
      log_event("reply", line, &o);
    }
    busy_ = true;
    pump();
  }

  void pump() {
    if (queue_.empty()) {
      busy_ = false;
      if (close_after_) {
        log_event("disconnect", {});
        close();
      }
      return;
    }
    timer_.expires_at(queue_.front().at);
    timer_.async_wait([self = this->shared_from_this()](auto ec) {
      if (ec || self->queue_.empty()) return;
      auto chunk = std::move(self->queue_.front());
      self->queue_.pop_front();
      self->send_now(std::move(chunk.bytes));
      self->pump();
    });
  }

  void send_now(std::string bytes) {
    auto data = std::make_shared<std::string>(std::move(bytes));
    asio::async_write(stream_, asio::buffer(*data),
                      [self = this->shared_from_this(), data](auto, std::size_t) {});
  }

  void log_event(std::string_view event, std::string_view line,
                 const boost::json::object* extra = nullptr) {
    if (!log_) return;
    boost::json::object o;
    if (extra) o = *extra;
    o["t_us"] = std::chrono::duration_cast<microseconds>(clock_type::now() - epoch_).count();
    o["event"] = event;
    if (!line.empty()) o["line"] = line;
    log_(boost::json::serialize(o));
  }

  void finish() {
    timer_.cancel();
    if (on_close_) on_close_();
  }

  Stream stream_;
  asio::steady_timer timer_;
  elm327_emulator emulator_;
  request_logger log_;
  clock_type::time_point epoch_;
  std::function<void()> on_close_;
  std::array<char, 512> in_{};
  std::string line_;
  std::deque<scheduled> queue_;
  bool busy_ = false;
  bool close_after_ = false;
};

class pty_server final : public elm327_server {
 public:
  pty_server(std::string path, int slave_fd) : path_(std::move(path)), slave_fd_(slave_fd) {}
  ~pty_server() override { stop(); }
  std::string endpoint() const override { return path_; }
  void stop() override {
    if (session_) session_->close();
    session_.reset();
    if (slave_fd_ >= 0) ::close(slave_fd_);
    slave_fd_ = -1;
  }
  std::shared_ptr<session<asio::posix::stream_descriptor>> session_;

 private:
  std::string path_;
  int slave_fd_;
};

class tcp_server final : public elm327_server {
 public:
  tcp_server(asio::io_context& io, obd_responder& vehicle, elm327_server_options options)
      : listener_(io), vehicle_(vehicle), options_(std::move(options)) {}

  result<void> listen(std::uint16_t port) {
    return listener_.listen(port, [this](asio::ip::tcp::socket socket) {
      auto s = std::make_shared<session<asio::ip::tcp::socket>>(std::move(socket), vehicle_, options_,
                                                                clock_type::now(), nullptr);
      // A WiFi dongle greets nobody: the banner only comes with ATZ.
      s->start(false);
      return s;
    });
  }
  std::string endpoint() const override { return listener_.endpoint(); }
  void stop() override { listener_.stop(); }

 private:
  detail::loopback_listener<session<asio::ip::tcp::socket>> listener_;
  obd_responder& vehicle_;
  elm327_server_options options_;
};

}  // namespace

result<std::unique_ptr<elm327_server>> serve_elm327_on_pty(asio::io_context& io,
                                                           obd_responder& vehicle,
                                                           elm327_server_options options) {
  auto sys_error = [] { return boost::system::error_code(errno, boost::system::system_category()); };
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) return sys_error();
  if (::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    auto ec = sys_error();
    ::close(master);
    return ec;
  }
  char name[128];
  if (::ptsname_r(master, name, sizeof name) != 0) {
    auto ec = sys_error();
    ::close(master);
    return ec;
  }
  // Raw mode on the slave (no echo, no CR/LF translation, byte-at-a-time), and keep one slave
  // descriptor open so the master does not see EIO between clients.
  int slave = ::open(name, O_RDWR | O_NOCTTY);
  if (slave < 0) {
    auto ec = sys_error();
    ::close(master);
    return ec;
  }
  termios tio{};
  ::tcgetattr(slave, &tio);
  ::cfmakeraw(&tio);
  ::cfsetispeed(&tio, B38400);
  ::cfsetospeed(&tio, B38400);
  ::tcsetattr(slave, TCSANOW, &tio);

  auto server = std::make_unique<pty_server>(name, slave);
  asio::posix::stream_descriptor stream(io, master);
  auto epoch = clock_type::now();
  server->session_ = std::make_shared<session<asio::posix::stream_descriptor>>(
      std::move(stream), vehicle, options, epoch, nullptr);
  server->session_->start(false);
  return std::unique_ptr<elm327_server>(std::move(server));
}

result<std::unique_ptr<elm327_server>> serve_elm327_on_tcp(asio::io_context& io,
                                                           obd_responder& vehicle,
                                                           std::uint16_t port,
                                                           elm327_server_options options) {
  auto server = std::make_unique<tcp_server>(io, vehicle, std::move(options));
  if (auto r = server->listen(port); !r) return r.error();
  return std::unique_ptr<elm327_server>(std::move(server));
}

}  // namespace bayscan::sim
