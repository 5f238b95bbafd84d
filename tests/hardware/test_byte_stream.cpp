// One conformance suite for every byte_stream (style lesson 6): a real pty pair opened through
// the serial: URI (libserialport refuses ptys, so this exercises the termios fallback), a real
// loopback TCP connection opened through tcp:, and the in-memory pair. The "peer" is the
// adapter's side of each link. Traffic is ELM327 traffic as a terminal shows it.
#include <gtest/gtest.h>

#include <bayscan/hardware/adapter_uri.hpp>
#include <bayscan/hardware/memory_stream.hpp>
#include <bayscan/hardware/pseudo_terminal.hpp>
#include <bayscan/hardware/serial_port.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "hardware/transport_peers.hpp"

namespace {

using namespace std::chrono_literals;
using bayscan::byte_span;
using bayscan::hardware::byte_stream;
using bayscan::hardware::deadline_after;
using bayscan::hardware::transport_error;

byte_span bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// The adapter's end of the link under test.
class link_peer {
 public:
  virtual ~link_peer() = default;
  virtual void write(std::string_view text) = 0;
  virtual std::string read(std::size_t n, std::chrono::milliseconds timeout) = 0;
  virtual void hang_up() = 0;
};

class fd_peer final : public link_peer {
 public:
  explicit fd_peer(int fd) : fd_(fd) {}
  ~fd_peer() override { hang_up(); }
  void write(std::string_view text) override { bayscan::test::write_all_fd(fd_, text); }
  std::string read(std::size_t n, std::chrono::milliseconds timeout) override {
    return bayscan::test::read_fd(fd_, n, timeout);
  }
  void hang_up() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

class memory_peer final : public link_peer {
 public:
  explicit memory_peer(std::unique_ptr<bayscan::hardware::memory_stream> end)
      : end_(std::move(end)) {}
  void write(std::string_view text) override {
    ASSERT_TRUE(end_->write(bytes_of(text), deadline_after(1s)));
  }
  std::string read(std::size_t n, std::chrono::milliseconds timeout) override {
    std::string out;
    const auto until = deadline_after(timeout);
    while (out.size() < n) {
      std::uint8_t buf[64];
      auto got = end_->read_some(std::span(buf, std::min(sizeof buf, n - out.size())), until);
      if (!got) break;
      out.append(reinterpret_cast<const char*>(buf), *got);
    }
    return out;
  }
  void hang_up() override { end_->close(); }

 private:
  std::unique_ptr<bayscan::hardware::memory_stream> end_;
};

struct stream_under_test {
  std::unique_ptr<byte_stream> stream;
  std::unique_ptr<link_peer> peer;
  std::shared_ptr<void> keep_alive;  // e.g. the pty pair
};

struct pty_serial_link {
  static constexpr const char* name = "pty via serial: URI";
  static stream_under_test make() {
    auto pty = bayscan::hardware::pseudo_terminal::open();
    EXPECT_TRUE(pty) << pty.error().message();
    auto holder = std::make_shared<bayscan::hardware::pseudo_terminal>(std::move(*pty));
    auto uri =
        bayscan::hardware::parse_adapter_uri("serial:" + holder->slave_path() + "?baud=38400");
    EXPECT_TRUE(uri);
    auto stream = bayscan::hardware::open_byte_stream(*uri, deadline_after(1s));
    EXPECT_TRUE(stream) << stream.error().message();
    // The peer owns a duplicate of the master so hang_up() closes the last master descriptor.
    const int master = ::dup(holder->master_fd());
    holder->close_master();
    return {std::move(*stream), std::make_unique<fd_peer>(master), holder};
  }
};

struct loopback_tcp_link {
  static constexpr const char* name = "loopback TCP via tcp: URI";
  static stream_under_test make() {
    auto listener = std::make_shared<bayscan::test::loopback_listener>();
    auto uri =
        bayscan::hardware::parse_adapter_uri("tcp:127.0.0.1:" + std::to_string(listener->port()));
    EXPECT_TRUE(uri);
    auto stream = bayscan::hardware::open_byte_stream(*uri, deadline_after(2s));
    EXPECT_TRUE(stream) << stream.error().message();
    const int accepted = listener->accept_one();
    EXPECT_GE(accepted, 0);
    return {std::move(*stream), std::make_unique<fd_peer>(accepted), listener};
  }
};

struct memory_pair_link {
  static constexpr const char* name = "memory_stream pair";
  static stream_under_test make() {
    auto [a, b] = bayscan::hardware::memory_stream::make_pair("elm");
    return {std::move(a), std::make_unique<memory_peer>(std::move(b)), nullptr};
  }
};

template <class Link>
class byte_stream_conformance : public ::testing::Test {
 protected:
  void SetUp() override {
    link_ = Link::make();
    ASSERT_TRUE(link_.stream);
  }
  byte_stream& stream() { return *link_.stream; }
  link_peer& peer() { return *link_.peer; }

  // Reads until `terminator` (the ELM327 prompt '>') or an error, as a driver does.
  std::string read_until(char terminator, std::chrono::milliseconds timeout,
                         std::size_t chunk = 64) {
    std::string out;
    const auto until = deadline_after(timeout);
    while (out.find(terminator) == std::string::npos) {
      std::vector<std::uint8_t> buf(chunk);
      auto got = stream().read_some(buf, until);
      if (!got) {
        last_error_ = got.error();
        break;
      }
      EXPECT_GE(*got, 1u);
      EXPECT_LE(*got, chunk);
      out.append(reinterpret_cast<const char*>(buf.data()), *got);
    }
    return out;
  }

  stream_under_test link_;
  bayscan::error_code last_error_;
};

using link_kinds = ::testing::Types<pty_serial_link, loopback_tcp_link, memory_pair_link>;
TYPED_TEST_SUITE(byte_stream_conformance, link_kinds, bayscan::test::transport_kind_names);

TYPED_TEST(byte_stream_conformance, command_and_reply_round_trip) {
  ASSERT_TRUE(this->stream().write(bytes_of("ATZ\r"), deadline_after(1s)));
  EXPECT_EQ(this->peer().read(4, 1s), "ATZ\r");
  this->peer().write("ATZ\r\r\rELM327 v1.5\r\r>");
  EXPECT_EQ(this->read_until('>', 2s), "ATZ\r\r\rELM327 v1.5\r\r>");
}

TYPED_TEST(byte_stream_conformance, small_buffer_reads_return_partial_replies_in_order) {
  const std::string reply = "41 0C 1A F8 \r41 0D 32 \r\r>";
  this->peer().write(reply);
  EXPECT_EQ(this->read_until('>', 2s, 3), reply);  // at most 3 bytes per read_some
}

TYPED_TEST(byte_stream_conformance, read_with_nothing_to_read_times_out_and_stream_stays_usable) {
  std::uint8_t buf[16];
  auto got = this->stream().read_some(buf, deadline_after(50ms));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), transport_error::timeout);
  EXPECT_FALSE(this->stream().last_error_detail().empty());
  this->peer().write("OK\r\r>");
  EXPECT_EQ(this->read_until('>', 2s), "OK\r\r>");
}

TYPED_TEST(byte_stream_conformance, bytes_already_received_are_returned_after_the_deadline) {
  this->peer().write("NO DATA\r\r>");
  EXPECT_EQ(this->read_until('\r', 2s, 1),
            "N"
            "O DATA\r");  // they have arrived
  std::uint8_t buf[16];
  auto got = this->stream().read_some(buf, bayscan::hardware::transport_clock::now() - 1s);
  ASSERT_TRUE(got) << got.error().message();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buf), *got), "\r>");
}

TYPED_TEST(byte_stream_conformance, peer_hanging_up_mid_reply_is_adapter_lost_not_a_hang) {
  ASSERT_TRUE(this->stream().write(bytes_of("0100\r"), deadline_after(1s)));
  EXPECT_EQ(this->peer().read(5, 1s), "0100\r");
  this->peer().write("41 00 BE 3F");  // the reply stops before its CR and prompt
  EXPECT_EQ(this->read_until('>', 300ms), "41 00 BE 3F");
  EXPECT_EQ(this->last_error_, transport_error::timeout);
  this->peer().hang_up();
  EXPECT_EQ(this->read_until('>', 2s), "");
  EXPECT_EQ(this->last_error_, transport_error::adapter_lost) << this->last_error_.message();
  EXPECT_FALSE(this->stream().last_error_detail().empty());
  // A lost link stays lost.
  std::uint8_t buf[4];
  auto again = this->stream().read_some(buf, deadline_after(50ms));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), transport_error::adapter_lost);
}

TYPED_TEST(byte_stream_conformance, writing_to_a_hung_up_peer_is_adapter_lost) {
  this->peer().hang_up();
  bayscan::result<void> r;
  // TCP may accept the first write into its buffer before the reset comes back.
  for (int i = 0; i < 50 && r; ++i) {
    r = this->stream().write(bytes_of("0100\r"), deadline_after(1s));
    if (r) std::this_thread::sleep_for(10ms);
  }
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), transport_error::adapter_lost) << r.error().message();
}

TYPED_TEST(byte_stream_conformance, close_is_idempotent_and_later_calls_fail_not_open) {
  this->stream().close();
  this->stream().close();
  std::uint8_t buf[4];
  auto got = this->stream().read_some(buf, deadline_after(50ms));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), transport_error::not_open);
  auto w = this->stream().write(bytes_of("ATI\r"), deadline_after(50ms));
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error(), transport_error::not_open);
}

TYPED_TEST(byte_stream_conformance, description_names_the_link) {
  EXPECT_FALSE(this->stream().description().empty());
}

// Opening errors name what was wrong.
TEST(byte_stream_open, missing_serial_device_is_no_such_device_naming_the_path) {
  auto uri = bayscan::hardware::parse_adapter_uri("serial:/dev/ttyBAYSCAN-missing?baud=38400");
  ASSERT_TRUE(uri);
  auto s = bayscan::hardware::open_byte_stream(*uri, deadline_after(1s));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), transport_error::no_such_device);
  EXPECT_NE(s.error().detail.find("/dev/ttyBAYSCAN-missing"), std::string::npos)
      << s.error().message();
}

TEST(byte_stream_open, a_regular_file_is_not_a_tty) {
  const std::string path = std::string(BAYSCAN_BINARY_DIR) + "/not-a-serial-port.txt";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fclose(f);
  auto s = bayscan::hardware::serial_port::open(path, 38400);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), transport_error::not_a_tty);
  EXPECT_NE(s.error().detail.find(path), std::string::npos);
  std::remove(path.c_str());
}

TEST(byte_stream_open, pty_goes_through_the_termios_fallback) {
  auto pty = bayscan::hardware::pseudo_terminal::open();
  ASSERT_TRUE(pty) << pty.error().message();
  auto s = bayscan::hardware::serial_port::open(pty->slave_path(), 38400);
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_FALSE((*s)->opened_by_libserialport());
  EXPECT_NE((*s)->description().find(pty->slave_path()), std::string::npos);
  EXPECT_NE((*s)->description().find("38400"), std::string::npos);
}

TEST(byte_stream_open, pty_rejects_a_baud_rate_termios_cannot_set) {
  auto pty = bayscan::hardware::pseudo_terminal::open();
  ASSERT_TRUE(pty);
  auto s = bayscan::hardware::serial_port::open(pty->slave_path(), 12345);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), transport_error::unsupported_baud_rate);
  EXPECT_NE(s.error().detail.find("12345"), std::string::npos);
}

TEST(byte_stream_open, nothing_listening_is_connection_refused_naming_host_and_port) {
  std::uint16_t port = 0;
  {
    bayscan::test::loopback_listener l;  // a port that was free a moment ago and is closed now
    port = l.port();
  }
  auto s = bayscan::hardware::open_byte_stream(bayscan::hardware::tcp_uri{"127.0.0.1", port},
                                               deadline_after(2s));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), transport_error::connection_refused);
  EXPECT_NE(s.error().detail.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
}

TEST(byte_stream_open, a_deadline_that_has_passed_is_connect_timeout) {
  bayscan::test::loopback_listener l;
  auto s = bayscan::hardware::open_byte_stream(bayscan::hardware::tcp_uri{"localhost", l.port()},
                                               bayscan::hardware::transport_clock::now() - 1s);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), transport_error::connect_timeout);
}

TEST(byte_stream_open, can_uris_are_not_byte_streams) {
  auto s = bayscan::hardware::open_byte_stream(bayscan::hardware::socketcan_uri{"can0", 500000},
                                               deadline_after(1s));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), transport_error::bad_uri);
}

}  // namespace
