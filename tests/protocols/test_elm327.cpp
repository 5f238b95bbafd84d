// ELM327 command lines (datasheet "AT Command Summary"), ATDPN/ATDP/ATRV reply parsing and the
// settings state that follows accepted AT commands.
#include <gtest/gtest.h>

#include <bayscan/protocols/elm327_command.hpp>
#include <bayscan/protocols/elm327_protocol_query.hpp>
#include <bayscan/protocols/elm327_reply.hpp>
#include <bayscan/protocols/elm327_settings.hpp>
#include <chrono>

using namespace std::literals;
using namespace bayscan;
using namespace bayscan::protocols;
using namespace bayscan::protocols::elm327;

namespace {

TEST(Elm327Command, FixedCommandsEndWithCr) {
  EXPECT_EQ(at_reset(), "ATZ\r");
  EXPECT_EQ(at_warm_start(), "ATWS\r");
  EXPECT_EQ(at_defaults(), "ATD\r");
  EXPECT_EQ(at_identify(), "ATI\r");
  EXPECT_EQ(at_device_description(), "AT@1\r");
  EXPECT_EQ(at_read_voltage(), "ATRV\r");
  EXPECT_EQ(at_describe_protocol(), "ATDP\r");
  EXPECT_EQ(at_describe_protocol_number(), "ATDPN\r");
  EXPECT_EQ(at_protocol_close(), "ATPC\r");
  EXPECT_EQ(at_allow_long(), "ATAL\r");
  EXPECT_EQ(stn_identify(), "STI\r");
}

TEST(Elm327Command, Switches) {
  EXPECT_EQ(at_echo(false), "ATE0\r");
  EXPECT_EQ(at_echo(true), "ATE1\r");
  EXPECT_EQ(at_linefeeds(false), "ATL0\r");
  EXPECT_EQ(at_linefeeds(true), "ATL1\r");
  EXPECT_EQ(at_spaces(false), "ATS0\r");
  EXPECT_EQ(at_spaces(true), "ATS1\r");
  EXPECT_EQ(at_headers(true), "ATH1\r");
  EXPECT_EQ(at_headers(false), "ATH0\r");
  EXPECT_EQ(at_memory(false), "ATM0\r");
  EXPECT_EQ(at_can_auto_formatting(false), "ATCAF0\r");
  EXPECT_EQ(at_can_auto_formatting(true), "ATCAF1\r");
  EXPECT_EQ(at_adaptive_timing(adaptive_timing::off), "ATAT0\r");
  EXPECT_EQ(at_adaptive_timing(adaptive_timing::auto1), "ATAT1\r");
  EXPECT_EQ(at_adaptive_timing(adaptive_timing::auto2), "ATAT2\r");
}

TEST(Elm327Command, ProtocolSelection) {
  EXPECT_EQ(at_set_protocol(obd_protocol::automatic), "ATSP0\r");
  EXPECT_EQ(at_set_protocol(obd_protocol::can11_500), "ATSP6\r");
  EXPECT_EQ(at_set_protocol(obd_protocol::can11_500, true), "ATSPA6\r");
  EXPECT_EQ(at_set_protocol(obd_protocol::user2_can), "ATSPC\r");
  EXPECT_EQ(at_set_protocol(obd_protocol::automatic, true), "ATSP0\r");
  EXPECT_EQ(at_try_protocol(obd_protocol::iso9141_2), "ATTP3\r");
  EXPECT_EQ(at_try_protocol(obd_protocol::j1939_can29_250, true), "ATTPAA\r");
}

TEST(Elm327Command, TimeoutIn4msUnits) {
  EXPECT_EQ(at_set_timeout(std::uint8_t{0x32}).value(), "ATST32\r");  // the default, ~200 ms
  EXPECT_EQ(at_set_timeout(std::uint8_t{0}).error(), make_error_code(error::invalid_timeout));
  EXPECT_EQ(at_set_timeout(std::chrono::milliseconds(200)), "ATST31\r");  // 49 * 4.096 = 200.7
  EXPECT_EQ(at_set_timeout(std::chrono::milliseconds(0)), "ATST01\r");
  EXPECT_EQ(at_set_timeout(std::chrono::milliseconds(5000)), "ATSTFF\r");
}

TEST(Elm327Command, HeadersAndReceiveAddress) {
  EXPECT_EQ(at_set_can_header(0x7E0, false).value(), "ATSH7E0\r");
  EXPECT_EQ(at_set_can_header(0x7DF, false).value(), "ATSH7DF\r");
  EXPECT_EQ(at_set_can_header(0x18DB33F1, true).value(), "ATSH18DB33F1\r");
  EXPECT_EQ(at_set_can_header(0x800, false).error(),
            make_error_code(error::identifier_out_of_range));
  EXPECT_EQ(at_set_can_header(0x20000000, true).error(),
            make_error_code(error::identifier_out_of_range));
  EXPECT_EQ(at_set_legacy_header(0x68, 0x6A, 0xF1), "ATSH686AF1\r");
  EXPECT_EQ(at_can_receive_address(0x7E8).value(), "ATCRA7E8\r");
  EXPECT_EQ(at_can_receive_address(0x18DAF110, true).value(), "ATCRA18DAF110\r");
  EXPECT_EQ(at_can_receive_address(std::nullopt).value(), "ATCRA\r");
  EXPECT_FALSE(at_can_receive_address(0xFFF).has_value());
}

TEST(Elm327Command, BaudRateDivisor) {
  // 4000 / 0x23 (35) = 114.3 kbps, the usual 115200 setting.
  EXPECT_EQ(at_baud_rate_divisor(0x23).value(), "ATBRD23\r");
  EXPECT_EQ(at_baud_rate_divisor(0x08).value(), "ATBRD08\r");
  EXPECT_EQ(at_baud_rate_divisor(0).error(), make_error_code(error::invalid_baud_divisor));
}

TEST(Elm327Command, ObdRequestWithResponseCount) {
  const std::uint8_t pids[] = {0x01, 0x00};
  EXPECT_EQ(obd_request(pids).value(), "0100\r");
  EXPECT_EQ(obd_request(pids, 1).value(), "0100 1\r");
  EXPECT_EQ(obd_request(pids, 10).value(), "0100 A\r");  // counts above 9 are hex
  EXPECT_EQ(obd_request(pids, 15).value(), "0100 F\r");
  EXPECT_EQ(obd_request(pids, 0).error(), make_error_code(error::response_count_out_of_range));
  EXPECT_EQ(obd_request(pids, 16).error(), make_error_code(error::response_count_out_of_range));
  EXPECT_EQ(obd_request({}).error(), make_error_code(error::empty_request));
  const std::uint8_t multi[] = {0x01, 0x0C, 0x0D, 0x05, 0x11, 0x2F, 0x46};  // 6 PIDs (CAN max)
  EXPECT_EQ(obd_request(multi).value(), "010C0D05112F46\r");
  const std::uint8_t nine[9] = {};
  EXPECT_EQ(obd_request(nine).error(), make_error_code(error::request_too_long));
}

TEST(Elm327Command, AdapterCommandRecognition) {
  EXPECT_TRUE(is_adapter_command("ATZ\r"));
  EXPECT_TRUE(is_adapter_command(" at sp 6"));
  EXPECT_TRUE(is_adapter_command("STI"));
  EXPECT_FALSE(is_adapter_command("0100"));
  EXPECT_FALSE(is_adapter_command("A"));
}

TEST(Elm327ProtocolQuery, DescribeProtocolNumber) {
  EXPECT_EQ(parse_protocol_number("A6").value(), (protocol_report{obd_protocol::can11_500, true}));
  EXPECT_EQ(parse_protocol_number("6").value(), (protocol_report{obd_protocol::can11_500, false}));
  EXPECT_EQ(parse_protocol_number("A0").value(), (protocol_report{obd_protocol::automatic, true}));
  EXPECT_EQ(parse_protocol_number("AA").value(),
            (protocol_report{obd_protocol::j1939_can29_250, true}));
  EXPECT_EQ(parse_protocol_number("A").value(),
            (protocol_report{obd_protocol::j1939_can29_250, false}));
  EXPECT_EQ(parse_protocol_number(" 3 ").value(),
            (protocol_report{obd_protocol::iso9141_2, false}));
  EXPECT_EQ(parse_protocol_number("AD").error(), make_error_code(error::invalid_protocol_reply));
  EXPECT_FALSE(parse_protocol_number("?").has_value());
  EXPECT_FALSE(parse_protocol_number("").has_value());
}

TEST(Elm327ProtocolQuery, DescribeProtocolNames) {
  struct named {
    std::string_view text;
    protocol_report expected;
  };
  const named cases[] = {
      {"AUTO, ISO 15765-4 (CAN 11/500)", {obd_protocol::can11_500, true}},
      {"ISO 15765-4 (CAN 29/500)", {obd_protocol::can29_500, false}},
      {"ISO 15765-4 (CAN 11/250)", {obd_protocol::can11_250, false}},
      {"AUTO, ISO 15765-4 (CAN 29/250)", {obd_protocol::can29_250, true}},
      {"SAE J1850 PWM", {obd_protocol::j1850_pwm, false}},
      {"AUTO, SAE J1850 VPW", {obd_protocol::j1850_vpw, true}},
      {"ISO 9141-2", {obd_protocol::iso9141_2, false}},
      {"ISO 14230-4 (KWP 5BAUD)", {obd_protocol::kwp2000_5baud, false}},
      {"AUTO, ISO 14230-4 (KWP FAST)", {obd_protocol::kwp2000_fast, true}},
      {"SAE J1939 (CAN 29/250)", {obd_protocol::j1939_can29_250, false}},
      {"USER1 (CAN 11/125)", {obd_protocol::user1_can, false}},
      {"AUTO", {obd_protocol::automatic, true}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(parse_protocol_description(c.text).value(), c.expected);
  }
  // protocol_name()'s long forms parse back to themselves.
  for (int v = 1; v <= 0xC; ++v) {
    const auto p = static_cast<obd_protocol>(v);
    SCOPED_TRACE(protocol_name(p));
    EXPECT_EQ(parse_protocol_description(protocol_name(p)).value().protocol, p);
  }
  EXPECT_FALSE(parse_protocol_description("ELM327 v1.5").has_value());
  EXPECT_FALSE(parse_protocol_description("ISO 15765-4 (CAN 11/125)").has_value());
}

TEST(Elm327Reply, Voltage) {
  EXPECT_DOUBLE_EQ(parse_voltage("12.4V").value(), 12.4);
  EXPECT_DOUBLE_EQ(parse_voltage("14.1 V").value(), 14.1);
  EXPECT_DOUBLE_EQ(parse_voltage("0.0V").value(), 0.0);
  EXPECT_EQ(parse_voltage("?").error(), make_error_code(error::invalid_voltage_reply));
  EXPECT_FALSE(parse_voltage("").has_value());
  EXPECT_FALSE(parse_voltage("12.4.1V").has_value());
}

TEST(Elm327Reply, ErrorNamesAndCategory) {
  EXPECT_EQ(to_string(adapter_error::no_data), "NO DATA");
  EXPECT_EQ(to_string(adapter_error::bad_checksum), "<DATA ERROR");
  const auto ec = make_error_code(error::response_count_out_of_range);
  EXPECT_STREQ(ec.category().name(), "bayscan.elm327");
  EXPECT_NE(ec.message().find("1..F"), std::string::npos);
}

reply text(std::string_view t) {
  reply r;
  r.kind = reply_kind::text;
  r.text = t;
  return r;
}

reply adapter_failure(adapter_error e, std::uint8_t n = 0) {
  reply r;
  r.kind = reply_kind::error;
  r.error = e;
  r.error_number = n;
  return r;
}

TEST(Elm327Settings, AcceptedSwitchesChangeState) {
  settings s;
  s.apply("ATE0\r", text("OK"));
  s.apply("at h1", text("OK"));
  s.apply("AT S0", text("OK"));
  s.apply("ATL1", text("OK"));
  s.apply("ATD1", text("OK"));
  s.apply("ATCAF0", text("OK"));
  EXPECT_FALSE(s.echo);
  EXPECT_TRUE(s.headers);
  EXPECT_FALSE(s.spaces);
  EXPECT_TRUE(s.linefeeds);
  EXPECT_TRUE(s.show_dlc);
  EXPECT_FALSE(s.can_auto_formatting);
  s.apply("ATD", text("OK"));  // all to defaults
  EXPECT_TRUE(s.echo);
  EXPECT_FALSE(s.headers);
  EXPECT_TRUE(s.spaces);
  EXPECT_FALSE(s.show_dlc);
  EXPECT_TRUE(s.can_auto_formatting);
}

TEST(Elm327Settings, RejectedOrNonAtCommandsChangeNothing) {
  settings s;
  s.apply("ATH1", adapter_failure(adapter_error::unknown_command));
  s.apply("0100", text("OK"));
  s.apply("ATH2", text("OK"));
  EXPECT_EQ(s, settings{});
}

TEST(Elm327Settings, ProtocolSelectionAndReports) {
  settings s;
  s.apply("ATSP6", text("OK"));
  EXPECT_EQ(s.selected_protocol, obd_protocol::can11_500);
  EXPECT_EQ(s.protocol(), obd_protocol::can11_500);
  s.apply("ATSPA8", text("OK"));
  EXPECT_EQ(s.selected_protocol, obd_protocol::can11_250);
  s.apply("ATSPA", text("OK"));  // protocol A (J1939), not the auto prefix
  EXPECT_EQ(s.selected_protocol, obd_protocol::j1939_can29_250);
  s.apply("ATSP0", text("OK"));
  s.apply("ATDPN", text("A7"));
  EXPECT_EQ(s.active_protocol, obd_protocol::can29_500);
  EXPECT_EQ(s.protocol(), obd_protocol::can29_500);
  s.apply("ATDP", text("AUTO, SAE J1850 VPW"));
  EXPECT_EQ(s.protocol(), obd_protocol::j1850_vpw);
  s.apply("ATTP3", text("OK"));
  EXPECT_EQ(s.protocol(), obd_protocol::iso9141_2);
  s.apply("ATSP00", text("OK"));
  EXPECT_EQ(s.protocol(), obd_protocol::automatic);
}

TEST(Elm327Settings, LowVoltageResetAndErr94RestoreDefaults) {
  settings s;
  s.headers = true;
  s.echo = false;
  s.apply("0100", adapter_failure(adapter_error::low_voltage_reset));
  EXPECT_TRUE(s.echo);
  EXPECT_FALSE(s.headers);
  s.headers = true;
  s.apply("0100", adapter_failure(adapter_error::internal_error, 71));
  EXPECT_TRUE(s.headers);  // other ERRnn: no reset
  s.apply("0100", adapter_failure(adapter_error::internal_error, 94));
  EXPECT_FALSE(s.headers);
}

}  // namespace
