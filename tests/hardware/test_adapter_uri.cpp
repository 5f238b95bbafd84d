// Adapter URIs from ARCHITECTURE.md: every kind parses to its typed form and prints back;
// malformed URIs are bad_uri with a detail naming the bad part.
#include <gtest/gtest.h>

#include <bayscan/hardware/adapter_uri.hpp>

namespace {

using namespace bayscan::hardware;

TEST(adapter_uri, serial_with_baud) {
  auto u = parse_adapter_uri("serial:/dev/ttyUSB0?baud=38400");
  ASSERT_TRUE(u) << u.error().message();
  EXPECT_EQ(std::get<serial_uri>(*u), (serial_uri{"/dev/ttyUSB0", 38400}));
  EXPECT_TRUE(is_byte_stream_uri(*u));
}

TEST(adapter_uri, serial_baud_defaults_to_the_elm327_factory_rate) {
  auto u = parse_adapter_uri("serial:/dev/pts/7");
  ASSERT_TRUE(u);
  EXPECT_EQ(std::get<serial_uri>(*u).baud, 38400u);
  EXPECT_EQ(to_string(*u), "serial:/dev/pts/7?baud=38400");
}

TEST(adapter_uri, tcp_wifi_dongle) {
  auto u = parse_adapter_uri("tcp:192.168.0.10:35000");
  ASSERT_TRUE(u);
  EXPECT_EQ(std::get<tcp_uri>(*u), (tcp_uri{"192.168.0.10", 35000}));
}

TEST(adapter_uri, tcp_ipv6_in_brackets) {
  auto u = parse_adapter_uri("tcp:[::1]:35000");
  ASSERT_TRUE(u);
  EXPECT_EQ(std::get<tcp_uri>(*u), (tcp_uri{"::1", 35000}));
  EXPECT_EQ(to_string(*u), "tcp:[::1]:35000");
}

TEST(adapter_uri, socketcan_with_and_without_bitrate) {
  auto u = parse_adapter_uri("socketcan:can0?bitrate=500000");
  ASSERT_TRUE(u);
  EXPECT_EQ(std::get<socketcan_uri>(*u), (socketcan_uri{"can0", 500000u}));
  EXPECT_FALSE(is_byte_stream_uri(*u));
  auto v = parse_adapter_uri("socketcan:vcan0");
  ASSERT_TRUE(v);
  EXPECT_FALSE(std::get<socketcan_uri>(*v).bitrate);
}

TEST(adapter_uri, socketcand_with_and_without_port) {
  auto u = parse_adapter_uri("socketcand:127.0.0.1:29536/can0");
  ASSERT_TRUE(u);
  EXPECT_EQ(std::get<socketcand_uri>(*u), (socketcand_uri{"127.0.0.1", 29536, "can0"}));
  auto v = parse_adapter_uri("socketcand:bench-pi/can1");
  ASSERT_TRUE(v);
  EXPECT_EQ(std::get<socketcand_uri>(*v),
            (socketcand_uri{"bench-pi", socketcand_default_port, "can1"}));
}

TEST(adapter_uri, sim_scenario) {
  auto u = parse_adapter_uri("sim:misfire_p0301");
  ASSERT_TRUE(u);
  EXPECT_EQ(std::get<sim_uri>(*u).scenario, "misfire_p0301");
}

TEST(adapter_uri, every_kind_prints_back_to_what_parses_to_the_same_value) {
  for (const char* text : {"serial:/dev/ttyUSB0?baud=115200", "tcp:192.168.0.10:35000",
                           "tcp:[fe80::1]:23", "socketcan:can0?bitrate=250000", "socketcan:vcan0",
                           "socketcand:10.0.0.2:29536/can0", "sim:default"}) {
    auto u = parse_adapter_uri(text);
    ASSERT_TRUE(u) << text << ": " << u.error().message();
    EXPECT_EQ(to_string(*u), text);
    auto again = parse_adapter_uri(to_string(*u));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *u);
  }
}

struct bad_case {
  const char* uri;
  const char* named;  // the detail must contain this
};
void PrintTo(const bad_case& c, std::ostream* os) { *os << '"' << c.uri << '"'; }

class adapter_uri_bad : public ::testing::TestWithParam<bad_case> {};

TEST_P(adapter_uri_bad, is_bad_uri_naming_the_bad_part) {
  auto u = parse_adapter_uri(GetParam().uri);
  ASSERT_FALSE(u) << GetParam().uri;
  EXPECT_EQ(u.error(), transport_error::bad_uri);
  EXPECT_NE(u.error().detail.find(GetParam().named), std::string::npos) << u.error().detail;
  EXPECT_NE(u.error().message().find("malformed adapter URI"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    malformed, adapter_uri_bad,
    ::testing::Values(
        bad_case{"/dev/ttyUSB0", "no adapter kind"},
        bad_case{"usb:/dev/ttyUSB0", "unknown adapter kind 'usb'"},
        bad_case{"serial:", "missing device path"},
        bad_case{"serial:/dev/ttyUSB0?baud=fast", "baud 'fast'"},
        bad_case{"serial:/dev/ttyUSB0?baud=0", "baud '0'"},
        bad_case{"serial:/dev/ttyUSB0?speed=38400", "unknown parameter 'speed'"},
        bad_case{"serial:/dev/ttyUSB0?baud", "'baud' is not key=value"},
        bad_case{"tcp:192.168.0.10", "missing port"},
        bad_case{"tcp:192.168.0.10:99999", "port '99999'"}, bad_case{"tcp::35000", "missing host"},
        bad_case{"tcp:[::1:35000", "without ']'"}, bad_case{"socketcan:", "interface name ''"},
        bad_case{"socketcan:averyveryverylongcan0", "averyveryverylongcan0"},
        bad_case{"socketcan:can0?bitrate=2000000", "bitrate '2000000'"},
        bad_case{"socketcand:127.0.0.1:29536", "missing bus name"},
        bad_case{"socketcand:127.0.0.1:x/can0", "port 'x'"}, bad_case{"sim:", "missing scenario"}));

}  // namespace
