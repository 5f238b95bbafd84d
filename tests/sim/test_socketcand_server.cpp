// The socketcand front end over real loopback TCP: the handshake and errors as plain text
// (linux-can/socketcand doc/protocol.md), then OBD traffic through our own socketcand client
// (hardware::socketcand_channel) against catalogue scenarios: 0100 functional, the VIN with
// ISO-TP flow control, 29-bit identifiers, and the request log.
#include <gtest/gtest.h>

#include <bayscan/hardware/socketcand_channel.hpp>
#include <bayscan/sim/can_bus_ecus.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json.hpp>

#include "fake_vehicle.hpp"
#include "socketcand_test_server.hpp"

namespace {

using namespace std::chrono_literals;
using bayscan::hardware::deadline_after;
using bayscan::protocols::can_frame;
using bayscan::sim::testing::socketcand_test_server;

can_frame frame(std::uint32_t id, std::initializer_list<std::uint8_t> data) {
  can_frame f;
  f.id = id;
  f.extended = id > 0x7FF;
  f.dlc = 8;
  std::copy(data.begin(), data.end(), f.data.begin());
  return f;
}

// A plain TCP client reading elements as text, to check the exact bytes.
class text_client {
 public:
  explicit text_client(std::uint16_t port) : socket_(io_) {
    socket_.connect({boost::asio::ip::address_v4::loopback(), port});
  }
  void send(const std::string& s) { boost::asio::write(socket_, boost::asio::buffer(s)); }
  // The next "< … >" element, or "EOF" when the server closed the connection.
  std::string element() {
    for (;;) {
      const auto gt = buffer_.find('>');
      if (gt != std::string::npos) {
        const auto lt = buffer_.find('<');
        std::string e = buffer_.substr(lt, gt - lt + 1);
        buffer_.erase(0, gt + 1);
        return e;
      }
      char chunk[256];
      boost::system::error_code ec;
      const auto n = socket_.read_some(boost::asio::buffer(chunk), ec);
      if (ec) return "EOF";
      buffer_.append(chunk, n);
    }
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  std::string buffer_;
};

TEST(SocketcandServer, HandshakeModesEchoAndErrorsAsTheProtocolDocumentSays) {
  socketcand_test_server server("healthy_2022");
  text_client c(server.port());
  EXPECT_EQ(c.element(), "< hi >");
  c.send("< rawmode >");
  EXPECT_EQ(c.element().rfind("< error no bus opened", 0), 0u);
  c.send("< open can0 >");
  EXPECT_EQ(c.element(), "< ok >");
  c.send("< echo >");
  EXPECT_EQ(c.element(), "< echo >");
  c.send("< bogus 1 2 >");
  EXPECT_EQ(c.element(), "< error unknown command 'bogus 1 2' >");
  c.send("< send 7DF 9 02 01 00 >");
  EXPECT_EQ(c.element().rfind("< error socketcand: send dlc is not 0..8", 0), 0u);
  c.send("< rawmode >");
  EXPECT_EQ(c.element(), "< ok >");  // the connection survived every error
  c.send("< send 7DF 8 02 01 00 00 00 00 00 00 >");
  const auto reply = c.element();
  // "< frame 7E8 SECS.USECS 064100........ >": 3-digit id, wall-clock time, data without spaces.
  EXPECT_EQ(reply.rfind("< frame 7E8 ", 0), 0u) << reply;
  EXPECT_NE(reply.find(" 064100"), std::string::npos) << reply;
  const auto secs = std::stoll(reply.substr(12, reply.find('.') - 12));
  const auto wall = std::chrono::duration_cast<std::chrono::seconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  EXPECT_NEAR(static_cast<double>(secs), static_cast<double>(wall), 5.0);
}

TEST(SocketcandServer, AnotherBusIsRefusedAndTheConnectionEnds) {
  socketcand_test_server server("healthy_2022");
  text_client c(server.port());
  EXPECT_EQ(c.element(), "< hi >");
  c.send("< open vcan7 >");
  EXPECT_EQ(c.element(), "< error no such bus 'vcan7' (this simulator serves can0) >");
  EXPECT_EQ(c.element(), "EOF");
}

class SocketcandClient : public ::testing::Test {
 protected:
  std::unique_ptr<bayscan::hardware::socketcand_channel> connect(std::uint16_t port) {
    auto ch = bayscan::hardware::socketcand_channel::connect("127.0.0.1", port, "can0",
                                                             deadline_after(5s));
    EXPECT_TRUE(ch) << (ch ? "" : ch.error().detail);
    return ch ? std::move(*ch) : nullptr;
  }
};

TEST_F(SocketcandClient, FunctionalSupportedPidsFromEveryEcu) {
  socketcand_test_server server("healthy_2022");
  auto ch = connect(server.port());
  ASSERT_TRUE(ch);
  ASSERT_TRUE(ch->send(frame(0x7DF, {0x02, 0x01, 0x00}), deadline_after(1s)));
  std::vector<std::uint32_t> sources;
  for (int i = 0; i < 2; ++i) {
    auto f = ch->receive(deadline_after(2s));
    ASSERT_TRUE(f) << ch->last_error_detail();
    EXPECT_EQ(f->dlc, 8);  // ISO 15765-4 padding
    EXPECT_EQ(f->data[0], 0x06);
    EXPECT_EQ(f->data[1], 0x41);
    EXPECT_EQ(f->data[2], 0x00);
    sources.push_back(f->id);
  }
  std::sort(sources.begin(), sources.end());
  EXPECT_EQ(sources, (std::vector<std::uint32_t>{0x7E8, 0x7E9}));
  EXPECT_FALSE(ch->receive(deadline_after(300ms)));  // nothing else on the bus
}

std::string read_vin(bayscan::hardware::can_channel& ch, std::uint32_t request_id,
                     std::uint32_t response_id) {
  EXPECT_TRUE(ch.send(frame(request_id, {0x02, 0x09, 0x02}), deadline_after(1s)));
  auto ff = ch.receive(deadline_after(2s));
  if (!ff) return "no FF";
  EXPECT_EQ(ff->id, response_id);
  EXPECT_EQ(ff->data[0], 0x10);  // FF, FF_DL 0x014 = 20: 49 02 01 + 17 characters
  EXPECT_EQ(ff->data[1], 0x14);
  std::string vin(ff->data.begin() + 5, ff->data.end());
  EXPECT_TRUE(ch.send(frame(request_id, {0x30, 0x00, 0x00}), deadline_after(1s)));
  for (std::uint8_t sn = 1; sn <= 2; ++sn) {
    auto cf = ch.receive(deadline_after(2s));
    if (!cf) return "no CF";
    EXPECT_EQ(cf->data[0], 0x20 | sn);
    vin.append(cf->data.begin() + 1, cf->data.end());
  }
  vin.resize(17);
  return vin;
}

TEST_F(SocketcandClient, VinWithFlowControlOnElevenBitIds) {
  socketcand_test_server server("healthy_2022");
  auto ch = connect(server.port());
  ASSERT_TRUE(ch);
  EXPECT_EQ(read_vin(*ch, 0x7E0, 0x7E8), server.definition().ecus.at(0).vin);
  const auto log = server.log();
  // connect, request, reply; the reply's bus time covers the ECU latency and three frames.
  ASSERT_GE(log.size(), 3u);
  bool saw_reply = false;
  for (const auto& line : log) {
    const auto o = boost::json::parse(line).as_object();
    EXPECT_TRUE(o.contains("t_us"));
    if (o.at("event") == "request") {
      EXPECT_EQ(o.at("addressing"), "physical");
      EXPECT_EQ(o.at("target"), "7E0");
      EXPECT_EQ(o.at("bytes"), "09 02");
    }
    if (o.at("event") == "reply") {
      saw_reply = true;
      EXPECT_EQ(o.at("ecu"), "7E8");
      EXPECT_GE(o.at("bus_us").as_int64(), 3 * 220);
    }
  }
  EXPECT_TRUE(saw_reply);
}

TEST_F(SocketcandClient, TwentyNineBitScenario) {
  socketcand_test_server server("can29_car");
  auto ch = connect(server.port());
  ASSERT_TRUE(ch);
  // 11-bit frames are someone else's traffic on a 29-bit OBD bus.
  ASSERT_TRUE(ch->send(frame(0x7DF, {0x02, 0x01, 0x00}), deadline_after(1s)));
  EXPECT_FALSE(ch->receive(deadline_after(200ms)));
  const auto& ecu = server.definition().ecus.at(0);
  const std::uint32_t request = 0x18DA00F1u | ((ecu.address.id & 0xFFu) << 8);
  EXPECT_EQ(read_vin(*ch, request, ecu.address.id), ecu.vin);
}

TEST(SocketcandServer, LegacyScenarioIsRefused) {
  boost::asio::io_context io;
  bayscan::sim::fakes::fake_vehicle car;
  car.car_protocol = bayscan::protocols::obd_protocol::iso9141_2;
  auto server = bayscan::sim::serve_socketcand_on_tcp(io, car, 0, {});
  ASSERT_FALSE(server);
  EXPECT_EQ(server.error(), bayscan::sim::can_bus_error::not_a_can_protocol);
}

}  // namespace
