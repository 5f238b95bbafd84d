// The SocketCAN front end: on a real CAN interface where the kernel has PF_CAN (skipped with the
// reason otherwise, EAFNOSUPPORT here), and its logic through an injected descriptor: a
// socketpair(AF_UNIX, SOCK_SEQPACKET) carrying struct can_frame datagrams as a CAN_RAW socket does.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bayscan/hardware/socketcan_channel.hpp>
#include <bayscan/sim/socketcan_server.hpp>
#include <boost/asio/io_context.hpp>
#include <cerrno>

#include "fake_vehicle.hpp"

namespace {

using namespace std::chrono_literals;
using bayscan::protocols::can_frame;

can_frame frame(std::uint32_t id, std::initializer_list<std::uint8_t> data) {
  can_frame f;
  f.id = id;
  f.dlc = 8;
  std::copy(data.begin(), data.end(), f.data.begin());
  return f;
}

void write_frame(int fd, const can_frame& f) {
  const auto bytes = bayscan::hardware::to_socketcan_bytes(f);
  ASSERT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
}

// Runs the io_context until a frame arrives on `fd` or the timeout passes.
std::optional<can_frame> read_frame(boost::asio::io_context& io, int fd,
                                    std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    io.run_for(5ms);
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 0) == 1) {
      std::uint8_t buf[64];
      const auto n = ::read(fd, buf, sizeof buf);
      if (n > 0)
        return bayscan::hardware::from_socketcan_bytes(
            std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)));
    }
  }
  return std::nullopt;
}

TEST(SocketcanServer, RealInterfaceWhereTheKernelHasPfCan) {
  boost::asio::io_context io;
  auto car = bayscan::sim::fakes::two_ecu_car();
  auto server = bayscan::sim::serve_on_socketcan(io, car, "vcan0");
  if (!server && server.error() == boost::system::errc::address_family_not_supported)
    GTEST_SKIP() << "kernel without PF_CAN: " << server.error().message();
  if (!server && server.error() == boost::system::errc::no_such_device)
    GTEST_SKIP() << "no vcan0 interface: " << server.error().message();
  ASSERT_TRUE(server) << server.error().message();
  EXPECT_EQ((*server)->endpoint(), "socketcan:vcan0");
}

class InjectedDescriptor : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds_), 0);
  }
  void TearDown() override {
    if (fds_[0] >= 0) ::close(fds_[0]);
  }
  int tester() const { return fds_[0]; }
  int take_bus_side() { return std::exchange(fds_[1], -1); }

 private:
  int fds_[2] = {-1, -1};
};

TEST_F(InjectedDescriptor, FunctionalRequestAndSegmentedVinWithFlowControl) {
  boost::asio::io_context io;
  auto car = bayscan::sim::fakes::two_ecu_car();
  std::vector<std::string> log;
  bayscan::sim::socketcan_server_options options;
  options.log = [&log](const std::string& line) { log.push_back(line); };
  auto server = bayscan::sim::serve_on_socketcan_descriptor(io, car, take_bus_side(),
                                                            "socketcan:test", options);
  ASSERT_TRUE(server);
  EXPECT_EQ((*server)->endpoint(), "socketcan:test");

  write_frame(tester(), frame(0x7DF, {0x02, 0x01, 0x00}));
  auto first = read_frame(io, tester(), 2s);
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, frame(0x7E8, {0x06, 0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13, 0x00}));
  auto second = read_frame(io, tester(), 2s);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, 0x7E9u);

  write_frame(tester(), frame(0x7E0, {0x02, 0x09, 0x02}));
  auto ff = read_frame(io, tester(), 2s);
  ASSERT_TRUE(ff);
  EXPECT_EQ(*ff, frame(0x7E8, {0x10, 0x14, 0x49, 0x02, 0x01, '1', 'G', '1'}));
  // Without our FC the ECU waits: nothing within 50 ms.
  EXPECT_FALSE(read_frame(io, tester(), 50ms));
  write_frame(tester(), frame(0x7E0, {0x30, 0x00, 0x00}));
  auto cf1 = read_frame(io, tester(), 2s);
  auto cf2 = read_frame(io, tester(), 2s);
  ASSERT_TRUE(cf1 && cf2);
  EXPECT_EQ(*cf1, frame(0x7E8, {0x21, 'J', 'C', '5', '4', '4', '4', 'R'}));
  EXPECT_EQ(*cf2, frame(0x7E8, {0x22, '7', '2', '5', '2', '3', '6', '7'}));
  int requests = 0;
  for (const auto& line : log) requests += line.find("\"event\":\"request\"") != std::string::npos;
  EXPECT_EQ(requests, 2);
  (*server)->stop();
}

TEST_F(InjectedDescriptor, LegacyScenarioIsRefusedAndTheDescriptorClosed) {
  boost::asio::io_context io;
  bayscan::sim::fakes::fake_vehicle car;
  car.car_protocol = bayscan::protocols::obd_protocol::j1850_vpw;
  auto server =
      bayscan::sim::serve_on_socketcan_descriptor(io, car, take_bus_side(), "socketcan:test");
  ASSERT_FALSE(server);
  // The bus side was closed: the tester side reads end-of-file.
  std::uint8_t buf[16];
  EXPECT_EQ(::read(tester(), buf, sizeof buf), 0);
}

}  // namespace
