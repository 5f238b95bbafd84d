// Server side of the socketcand codec: the "< send ID DLC data >" a client transmits in raw mode
// (linux-can/socketcand doc/protocol.md, "Send a single frame"), as socketcand-compatible clients
// write it: spaced two-digit bytes (our client), unpadded lowercase bytes (python-can 4.1).
#include <gtest/gtest.h>

#include <bayscan/hardware/socketcand_protocol.hpp>

namespace {

using bayscan::hardware::format_socketcand_send;
using bayscan::hardware::parse_socketcand_send;
using bayscan::hardware::socketcand_parser;
using bayscan::hardware::transport_error;
using bayscan::protocols::can_frame;

can_frame make(std::uint32_t id, bool extended, std::initializer_list<std::uint8_t> data) {
  can_frame f;
  f.id = id;
  f.extended = extended;
  f.dlc = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), f.data.begin());
  return f;
}

TEST(socketcand_send, examples_of_the_protocol_document) {
  auto empty = parse_socketcand_send("send 123 0");
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, make(0x123, false, {}));
  auto ext = parse_socketcand_send("send 1AAAAAAA 2 1 F1");
  ASSERT_TRUE(ext);
  EXPECT_EQ(*ext, make(0x1AAAAAAA, true, {0x01, 0xF1}));
}

TEST(socketcand_send, python_can_style_unpadded_bytes) {
  auto f = parse_socketcand_send("send 7DF 8 2 1 0 0 0 0 0 0");
  ASSERT_TRUE(f);
  EXPECT_EQ(*f, make(0x7DF, false, {0x02, 0x01, 0x00, 0, 0, 0, 0, 0}));
  auto x = parse_socketcand_send("send 18DB33F1 8 2 9 2 cc cc cc cc cc");
  ASSERT_TRUE(x);
  EXPECT_EQ(*x, make(0x18DB33F1, true, {0x02, 0x09, 0x02, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC}));
}

TEST(socketcand_send, round_trips_our_own_client_format) {
  for (const auto& f : {make(0x7E0, false, {0x30, 0x00, 0x00}),
                        make(0x18DA10F1, true, {0x02, 0x01, 0x0C}), make(0x000, false, {})}) {
    socketcand_parser p;
    p.feed(format_socketcand_send(f));
    auto m = p.next();
    ASSERT_TRUE(m && *m);
    auto back = parse_socketcand_send((*m)->text);
    ASSERT_TRUE(back) << (*m)->text;
    EXPECT_EQ(*back, f);
  }
}

TEST(socketcand_send, malformed_commands_are_protocol_errors_naming_the_text) {
  for (const char* bad :
       {"send", "send 7DF", "send 7DFF 1 00", "send 800 1 00", "send 7DF 9 0 0 0 0 0 0 0 0 0",
        "send 7DF 2 01", "send 7DF 1 01 02", "send 7DF 1 123", "send 7DF 1 zz", "send 3FFFFFFF 0",
        "open can0", "send 7DF 10 0"}) {
    auto r = parse_socketcand_send(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, transport_error::protocol_error) << bad;
    EXPECT_NE(r.error().detail.find(std::string(bad).substr(0, 8)), std::string::npos)
        << r.error().detail;
  }
}

}  // namespace
