// One conformance suite for every can_channel (style lesson 6): SocketCAN code driven through a
// socketpair carrying raw struct can_frame (this kernel has no PF_CAN), the in-memory bus, and
// the socketcand client talking to a scripted socketcand server on loopback. Frames read like
// candump: 7DF#0201000000000000, 7E8#0641000BE3FA813.
#include <gtest/gtest.h>
#include <linux/can.h>
#include <linux/can/error.h>
#include <sys/socket.h>

#include <bayscan/hardware/adapter_uri.hpp>
#include <bayscan/hardware/memory_can_bus.hpp>
#include <bayscan/hardware/socketcan_channel.hpp>
#include <bayscan/hardware/socketcand_channel.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "hardware/transport_peers.hpp"

namespace {

using namespace std::chrono_literals;
using bayscan::hardware::can_channel;
using bayscan::hardware::deadline_after;
using bayscan::hardware::transport_error;
using bayscan::protocols::can_frame;

// "7E8#0641000BE3FA813" (candump -L style, no spaces) -> frame; 8 id digits = 29-bit.
can_frame frame_of(std::string_view text) {
  const auto hash = text.find('#');
  can_frame f;
  const std::string id(text.substr(0, hash));
  f.extended = id.size() == 8;
  f.id = static_cast<std::uint32_t>(std::stoul(id, nullptr, 16));
  const auto data = bayscan::parse_hex(text.substr(hash + 1));
  EXPECT_TRUE(data && data->size() <= 8) << text;
  f.dlc = static_cast<std::uint8_t>(data->size());
  std::copy(data->begin(), data->end(), f.data.begin());
  return f;
}

// The bus's side of the channel under test.
class bus_peer {
 public:
  virtual ~bus_peer() = default;
  virtual void put(const can_frame& frame) = 0;  // onto the bus
  virtual std::optional<can_frame> take(
      std::chrono::milliseconds timeout) = 0;  // what the channel sent
  virtual void disconnect() = 0;
};

// The other end of a socketpair(AF_UNIX, SOCK_SEQPACKET): speaks struct can_frame from linux/can.h.
class socketpair_peer final : public bus_peer {
 public:
  explicit socketpair_peer(int fd) : fd_(fd) {}
  ~socketpair_peer() override { disconnect(); }
  void put(const can_frame& f) override {
    struct ::can_frame raw {};
    raw.can_id = f.extended ? (f.id | CAN_EFF_FLAG) : f.id;
    raw.can_dlc = f.dlc;
    std::memcpy(raw.data, f.data.data(), 8);
    ASSERT_EQ(::write(fd_, &raw, sizeof raw), static_cast<ssize_t>(sizeof raw));
  }
  void put_raw(const void* bytes, std::size_t n) {
    ASSERT_EQ(::write(fd_, bytes, n), static_cast<ssize_t>(n));
  }
  std::optional<can_frame> take(std::chrono::milliseconds timeout) override {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    struct ::can_frame raw {};
    if (::read(fd_, &raw, sizeof raw) != static_cast<ssize_t>(sizeof raw)) return std::nullopt;
    can_frame f;
    f.extended = (raw.can_id & CAN_EFF_FLAG) != 0;
    f.id = raw.can_id & (f.extended ? CAN_EFF_MASK : CAN_SFF_MASK);
    f.dlc = raw.can_dlc;
    std::memcpy(f.data.data(), raw.data, 8);
    return f;
  }
  void disconnect() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

class memory_bus_peer final : public bus_peer {
 public:
  memory_bus_peer(std::shared_ptr<bayscan::hardware::memory_can_bus> bus,
                  std::unique_ptr<bayscan::hardware::memory_can_node> ecu)
      : bus_(std::move(bus)), ecu_(std::move(ecu)) {}
  void put(const can_frame& f) override { ASSERT_TRUE(ecu_->send(f, deadline_after(1s))); }
  std::optional<can_frame> take(std::chrono::milliseconds timeout) override {
    auto r = ecu_->receive(deadline_after(timeout));
    if (!r) return std::nullopt;
    return *r;
  }
  void disconnect() override { bus_->shut_down(); }

 private:
  std::shared_ptr<bayscan::hardware::memory_can_bus> bus_;
  std::unique_ptr<bayscan::hardware::memory_can_node> ecu_;
};

// A scripted socketcand server's accepted connection, after the handshake: writes
// "< frame ... >" the way socketcand prints it and parses the client's "< send ... >".
class socketcand_server_peer final : public bus_peer {
 public:
  explicit socketcand_server_peer(int fd) : fd_(fd) {}
  ~socketcand_server_peer() override { disconnect(); }
  void put(const can_frame& f) override {
    char line[96];
    int n = std::snprintf(
        line, sizeof line,
        f.extended ? "< frame %08X 1700000000.123456 " : "< frame %03X 1700000000.123456 ",
        static_cast<unsigned>(f.id));
    for (int i = 0; i < f.dlc; ++i)
      n += std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), "%02X", f.data[i]);
    std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), " >");
    bayscan::test::write_all_fd(fd_, line);
  }
  void put_text(std::string_view text) { bayscan::test::write_all_fd(fd_, text); }
  std::optional<can_frame> take(std::chrono::milliseconds timeout) override {
    const std::string element = bayscan::test::read_fd_until(fd_, '>', timeout);
    char id[16];
    unsigned dlc = 0;
    int consumed = 0;
    if (std::sscanf(element.c_str(), " < send %15s %u%n", id, &dlc, &consumed) != 2)
      return std::nullopt;
    can_frame f;
    f.extended = std::strlen(id) == 8;
    f.id = static_cast<std::uint32_t>(std::stoul(id, nullptr, 16));
    f.dlc = static_cast<std::uint8_t>(dlc);
    const char* p = element.c_str() + consumed;
    for (unsigned i = 0; i < dlc; ++i) {
      unsigned byte = 0;
      int used = 0;
      if (std::sscanf(p, " %x%n", &byte, &used) != 1) return std::nullopt;
      f.data[i] = static_cast<std::uint8_t>(byte);
      p += used;
    }
    return f;
  }
  void disconnect() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

struct channel_under_test {
  std::unique_ptr<can_channel> channel;
  std::unique_ptr<bus_peer> peer;
};

struct socketpair_socketcan {
  static constexpr const char* name = "socketcan on socketpair";
  static channel_under_test make() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
    return {bayscan::hardware::socketcan_channel::adopt(fds[0], "socketcan:test0"),
            std::make_unique<socketpair_peer>(fds[1])};
  }
};

struct memory_bus {
  static constexpr const char* name = "memory_can_bus";
  static channel_under_test make() {
    auto bus = bayscan::hardware::memory_can_bus::create("bus");
    auto tester = bus->attach("tester");
    auto ecu = bus->attach("ecm");
    return {std::move(tester), std::make_unique<memory_bus_peer>(bus, std::move(ecu))};
  }
};

// Runs the server half of the socketcand handshake on a thread while the client connects.
struct loopback_socketcand {
  static constexpr const char* name = "socketcand on loopback";
  static channel_under_test make() {
    bayscan::test::loopback_listener listener;
    int server_fd = -1;
    std::string open_line, rawmode_line;
    std::thread server([&] {
      server_fd = listener.accept_one();
      if (server_fd < 0) return;
      bayscan::test::write_all_fd(server_fd, "< hi >");
      open_line = bayscan::test::read_fd_until(server_fd, '>', 2000ms);
      bayscan::test::write_all_fd(server_fd, "< ok >");
      rawmode_line = bayscan::test::read_fd_until(server_fd, '>', 2000ms);
      bayscan::test::write_all_fd(server_fd, "< ok >");
    });
    auto uri = bayscan::hardware::parse_adapter_uri(
        "socketcand:127.0.0.1:" + std::to_string(listener.port()) + "/can0");
    EXPECT_TRUE(uri);
    auto channel = bayscan::hardware::open_can_channel(*uri, deadline_after(3s));
    server.join();
    EXPECT_TRUE(channel) << channel.error().message();
    EXPECT_EQ(open_line, "< open can0 >");
    EXPECT_EQ(rawmode_line, "< rawmode >");
    return {channel ? std::move(*channel) : nullptr,
            std::make_unique<socketcand_server_peer>(server_fd)};
  }
};

template <class Kind>
class can_channel_conformance : public ::testing::Test {
 protected:
  void SetUp() override {
    setup_ = Kind::make();
    ASSERT_TRUE(setup_.channel);
  }
  can_channel& channel() { return *setup_.channel; }
  bus_peer& peer() { return *setup_.peer; }
  channel_under_test setup_;
};

using channel_kinds = ::testing::Types<socketpair_socketcan, memory_bus, loopback_socketcand>;
TYPED_TEST_SUITE(can_channel_conformance, channel_kinds, bayscan::test::transport_kind_names);

TYPED_TEST(can_channel_conformance, sends_a_functional_obd_request) {
  // 7DF#0201000000000000: SF, 2 bytes, service 01 PID 00 (J1979), padded to 8 (ISO 15765-4).
  ASSERT_TRUE(this->channel().send(frame_of("7DF#0201000000000000"), deadline_after(1s)));
  auto sent = this->peer().take(1s);
  ASSERT_TRUE(sent);
  EXPECT_EQ(*sent, frame_of("7DF#0201000000000000"));
}

TYPED_TEST(can_channel_conformance, receives_an_ecu_response) {
  this->peer().put(frame_of("7E8#064100BE3FA81300"));
  auto got = this->channel().receive(deadline_after(1s));
  ASSERT_TRUE(got) << got.error().message() << " " << this->channel().last_error_detail();
  EXPECT_EQ(*got, frame_of("7E8#064100BE3FA81300"));
}

TYPED_TEST(can_channel_conformance, carries_29_bit_identifiers) {
  ASSERT_TRUE(this->channel().send(frame_of("18DB33F1#0201000000000000"), deadline_after(1s)));
  auto sent = this->peer().take(1s);
  ASSERT_TRUE(sent);
  EXPECT_TRUE(sent->extended);
  EXPECT_EQ(sent->id, 0x18DB33F1u);
  this->peer().put(frame_of("18DAF110#064100BE3FA813AA"));
  auto got = this->channel().receive(deadline_after(1s));
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, frame_of("18DAF110#064100BE3FA813AA"));
}

TYPED_TEST(can_channel_conformance, short_frames_keep_their_length) {
  this->peer().put(frame_of("7E9#"));
  this->peer().put(frame_of("7EA#300000"));  // a flow control frame without padding
  auto empty = this->channel().receive(deadline_after(1s));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->dlc, 0);
  auto fc = this->channel().receive(deadline_after(1s));
  ASSERT_TRUE(fc);
  EXPECT_EQ(*fc, frame_of("7EA#300000"));
}

TYPED_TEST(can_channel_conformance, obd_filters_pass_only_diagnostic_responses) {
  ASSERT_TRUE(this->channel().set_filters(bayscan::hardware::obd_response_filters()));
  this->peer().put(frame_of("123#0011223344556677"));       // body bus traffic
  this->peer().put(frame_of("7DF#0201000000000000"));       // another tester's request
  this->peer().put(frame_of("18DAF210#0641000000000000"));  // 29-bit, but not to tester F1
  this->peer().put(frame_of("000007E8#0641000000000000"));  // 29-bit id with an 11-bit value
  this->peer().put(frame_of("7EF#0641000000000000"));
  this->peer().put(frame_of("18DAF11A#0641000000000000"));
  auto first = this->channel().receive(deadline_after(1s));
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, frame_of("7EF#0641000000000000"));
  auto second = this->channel().receive(deadline_after(1s));
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, frame_of("18DAF11A#0641000000000000"));
  // Back to accepting everything.
  ASSERT_TRUE(this->channel().set_filters({}));
  this->peer().put(frame_of("123#01"));
  auto any = this->channel().receive(deadline_after(1s));
  ASSERT_TRUE(any);
  EXPECT_EQ(any->id, 0x123u);
}

TYPED_TEST(can_channel_conformance, receive_times_out_and_channel_stays_usable) {
  auto got = this->channel().receive(deadline_after(50ms));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), transport_error::timeout);
  this->peer().put(frame_of("7E8#0341050000000000"));
  EXPECT_TRUE(this->channel().receive(deadline_after(1s)));
}

TYPED_TEST(can_channel_conformance, peer_disconnect_is_adapter_lost) {
  this->peer().put(frame_of("7E8#0341050000000000"));
  this->peer().disconnect();
  // The frame already on its way is delivered (or lost with the link); then the loss shows.
  auto first = this->channel().receive(deadline_after(1s));
  if (first) first = this->channel().receive(deadline_after(1s));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error(), transport_error::adapter_lost) << first.error().message();
  EXPECT_FALSE(this->channel().last_error_detail().empty());
}

TYPED_TEST(can_channel_conformance, close_is_idempotent_and_later_calls_fail_not_open) {
  this->channel().close();
  this->channel().close();
  auto r = this->channel().receive(deadline_after(50ms));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), transport_error::not_open);
  auto s = this->channel().send(frame_of("7DF#0201000000000000"), deadline_after(50ms));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error(), transport_error::not_open);
}

// --- SocketCAN specifics -------------------------------------------------------------------

TEST(socketcan_channel, a_datagram_that_is_not_a_can_frame_is_a_protocol_error) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
  auto channel = bayscan::hardware::socketcan_channel::adopt(fds[0], "socketcan:test0");
  socketpair_peer peer(fds[1]);
  const std::uint8_t short_datagram[5] = {0xE8, 0x07, 0, 0, 8};
  peer.put_raw(short_datagram, sizeof short_datagram);
  auto got = channel->receive(deadline_after(1s));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), transport_error::protocol_error);
  EXPECT_NE(channel->last_error_detail().find("5-byte"), std::string::npos)
      << channel->last_error_detail();
}

TEST(socketcan_channel, error_frames_are_bus_errors_and_rtr_frames_are_skipped) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds), 0);
  auto channel = bayscan::hardware::socketcan_channel::adopt(fds[0], "socketcan:test0");
  socketpair_peer peer(fds[1]);
  struct ::can_frame err {};
  err.can_id = CAN_ERR_FLAG | CAN_ERR_BUSOFF;  // linux/can/error.h class: bus off
  err.can_dlc = CAN_ERR_DLC;
  peer.put_raw(&err, sizeof err);
  struct ::can_frame rtr {};
  rtr.can_id = 0x7E8 | CAN_RTR_FLAG;
  peer.put_raw(&rtr, sizeof rtr);
  peer.put(frame_of("7E8#0641000000000000"));
  auto first = channel->receive(deadline_after(1s));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error(), transport_error::bus_error);
  auto second = channel->receive(deadline_after(1s));
  ASSERT_TRUE(second);
  EXPECT_EQ(*second, frame_of("7E8#0641000000000000"));
}

TEST(socketcan_channel, struct_can_frame_layout_matches_linux_can_h) {
  const auto bytes = bayscan::hardware::to_socketcan_bytes(frame_of("18DAF110#1014490201314731"));
  struct ::can_frame raw {};
  std::memcpy(&raw, bytes.data(), sizeof raw);
  EXPECT_EQ(raw.can_id, 0x18DAF110u | CAN_EFF_FLAG);
  EXPECT_EQ(raw.can_dlc, 8);
  EXPECT_EQ(raw.data[0], 0x10);
  EXPECT_EQ(raw.data[7], 0x31);
  EXPECT_EQ(bayscan::hardware::from_socketcan_bytes(bytes), frame_of("18DAF110#1014490201314731"));
}

TEST(socketcan_channel, real_interface_round_trip_or_skip_with_reason) {
  auto channel = bayscan::hardware::socketcan_channel::open("vcan0");
  if (!channel && channel.error() == transport_error::address_family_not_supported) {
    EXPECT_NE(channel.error().detail.find("PF_CAN"), std::string::npos);
    GTEST_SKIP() << "this kernel has no SocketCAN: " << channel.error().message();
  }
  if (!channel && channel.error() == transport_error::no_such_device)
    GTEST_SKIP() << "no vcan0 interface (ip link add dev vcan0 type vcan): "
                 << channel.error().message();
  ASSERT_TRUE(channel) << channel.error().message();
  auto listener = bayscan::hardware::socketcan_channel::open("vcan0");
  ASSERT_TRUE(listener);
  ASSERT_TRUE((*channel)->send(frame_of("7DF#0201000000000000"), deadline_after(1s)));
  auto got = (*listener)->receive(deadline_after(1s));
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, frame_of("7DF#0201000000000000"));
}

TEST(socketcan_channel, interface_names_longer_than_ifnamsiz_are_rejected) {
  auto channel = bayscan::hardware::socketcan_channel::open("a-very-long-can-interface");
  ASSERT_FALSE(channel);
  EXPECT_EQ(channel.error(), transport_error::bad_uri);
}

}  // namespace
