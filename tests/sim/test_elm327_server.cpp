// The emulator served on a real pseudo-terminal and a real TCP socket, driven with plain byte I/O
// as a terminal program would.
#include <bayscan/sim/elm327_server.hpp>

#include "fake_vehicle.hpp"

#include <boost/asio.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <thread>

using namespace bayscan;
using namespace bayscan::sim;
using namespace std::chrono_literals;

namespace {

// Reads until the '>' prompt or the deadline; returns everything read.
std::string read_until_prompt(int fd, std::chrono::milliseconds limit = 3000ms) {
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    char buf[256];
    auto n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (!out.empty() && out.back() == '>') break;
  }
  return out;
}

void write_all(int fd, std::string_view s) {
  ASSERT_EQ(::write(fd, s.data(), s.size()), static_cast<ssize_t>(s.size()));
}

struct ServedEmulator : ::testing::Test {
  fakes::fake_vehicle car = fakes::two_ecu_car();
  boost::asio::io_context io;
  std::vector<std::string> log;
  std::unique_ptr<elm327_server> server;
  std::thread runner;

  elm327_server_options options() {
    elm327_server_options o;
    o.timing.baud = 115200;
    o.log = [this](const std::string& line) { log.push_back(line); };
    return o;
  }
  void run() {
    runner = std::thread([this] {
      auto guard = boost::asio::make_work_guard(io);
      io.run();
    });
  }
  void TearDown() override {
    boost::asio::post(io, [this] {
      if (server) server->stop();
      io.stop();
    });
    if (runner.joinable()) runner.join();
  }
};

}  // namespace

TEST_F(ServedEmulator, PtyAnswersLikeTheChip) {
  auto s = serve_elm327_on_pty(io, car, options());
  ASSERT_TRUE(s) << s.error().message();
  server = std::move(*s);
  run();
  int fd = ::open(server->endpoint().c_str(), O_RDWR | O_NOCTTY);
  ASSERT_GE(fd, 0) << server->endpoint();
  termios tio{};
  ::tcgetattr(fd, &tio);
  ::cfmakeraw(&tio);
  ::tcsetattr(fd, TCSANOW, &tio);

  write_all(fd, "ATZ\r");
  EXPECT_EQ(read_until_prompt(fd), "ATZ\r\rELM327 v1.5\r\r>");
  write_all(fd, "ATE0\r");
  EXPECT_EQ(read_until_prompt(fd), "ATE0\rOK\r\r>");
  write_all(fd, "0100\r");
  EXPECT_EQ(read_until_prompt(fd), "SEARCHING...\r41 00 BE 3F A8 13\r41 00 98 18 80 11\r\r>");
  // A byte while the chip is busy stops it.
  write_all(fd, "0902\r");
  std::this_thread::sleep_for(5ms);
  write_all(fd, "x");
  auto stopped = read_until_prompt(fd);
  EXPECT_NE(stopped.find("STOPPED\r\r>"), std::string::npos) << stopped;
  ::close(fd);

  bool saw_reply = false;
  for (const auto& l : log) saw_reply |= l.find("\"event\":\"reply\"") != std::string::npos;
  EXPECT_TRUE(saw_reply);
}

TEST_F(ServedEmulator, TcpServesAWifiDongle) {
  auto s = serve_elm327_on_tcp(io, car, 0, options());
  ASSERT_TRUE(s) << s.error().message();
  server = std::move(*s);
  auto endpoint = server->endpoint();
  run();
  auto colon = endpoint.rfind(':');
  boost::asio::io_context client_io;
  boost::asio::ip::tcp::socket sock(client_io);
  sock.connect({boost::asio::ip::make_address(endpoint.substr(0, colon)),
                static_cast<unsigned short>(std::stoi(endpoint.substr(colon + 1)))});
  int fd = sock.native_handle();
  write_all(fd, "ATE0\r");
  EXPECT_EQ(read_until_prompt(fd), "ATE0\rOK\r\r>");
  write_all(fd, "ATSP6\r");
  EXPECT_EQ(read_until_prompt(fd), "OK\r\r>");
  write_all(fd, "0902\r");
  EXPECT_EQ(read_until_prompt(fd),
            "014\r0: 49 02 01 31 47 31\r1: 4A 43 35 34 34 34 52\r2: 37 32 35 32 33 36 37\r\r>");
}
