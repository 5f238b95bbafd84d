// ELM327 replies as a terminal shows them (ELM327 datasheet: "Communicating with the ELM327",
// "Multiline Responses", "CAN Message Formats", "Error Messages and Alerts"), each fed whole,
// byte by byte and split at every position.
#include <gtest/gtest.h>

#include <bayscan/protocols/elm327_reader.hpp>
#include <string>
#include <string_view>

#include "elm327_test_support.hpp"

using namespace std::literals;
using namespace bayscan;
using namespace bayscan::protocols;
using namespace bayscan::protocols::elm327;
using elm327::testing::hex;
using elm327::testing::read_reply;

namespace {

constexpr ecu_address can11(std::uint32_t id) {
  return {id, false, true};
}
constexpr ecu_address can29(std::uint32_t id) {
  return {id, true, true};
}
constexpr ecu_address legacy_source(std::uint32_t id) {
  return {id, false, true};
}
constexpr ecu_address unknown_source{};

settings can_settings(bool headers, bool spaces, obd_protocol p = obd_protocol::can11_500) {
  settings s;
  s.echo = false;
  s.headers = headers;
  s.spaces = spaces;
  s.selected_protocol = p;
  return s;
}

// SAE J1979 service 09 PID 02 answer carrying the datasheet's example VIN 1D4GP00R55B123456:
// 49 02 01 + 17 ASCII bytes = 0x14 bytes.
const byte_vector vin_payload = hex("49 02 01 31 44 34 47 50 30 30 52 35 35 42 31 32 33 34 35 36");

// ---- CAN, headers on ------------------------------------------------------------------------

TEST(Elm327Reader, Can11HeadersOnSingleFrameTrustsPciOverPadding) {
  // 7E8 = ECU #1 response ID (ISO 15765-4); PCI 06 = SF with 6 bytes, then 2 padding bytes.
  const auto r =
      read_reply(can_settings(true, true), "0100", "7E8 06 41 00 BE 3F A8 13 00 00 \r\r>");
  ASSERT_EQ(r.kind, reply_kind::data);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].source, can11(0x7E8));
  EXPECT_EQ(r.messages[0].data, hex("41 00 BE 3F A8 13"));
  EXPECT_TRUE(r.damaged.empty());
  EXPECT_TRUE(r.diagnostics.unknown_lines.empty());
}

TEST(Elm327Reader, Can11HeadersOnTwoEcus) {
  const auto r = read_reply(can_settings(true, true), "0100",
                            "7E8 06 41 00 BE 3F A8 13 00\r7E9 06 41 00 98 18 80 11 00\r\r>");
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].source, can11(0x7E8));
  EXPECT_EQ(r.messages[1].source, can11(0x7E9));
  EXPECT_EQ(r.messages[1].data, hex("41 00 98 18 80 11"));
}

TEST(Elm327Reader, Can29HeadersOnSpacesOnAndOff) {
  // 29-bit physical response IDs 18 DA F1 xx (ISO 15765-4): xx is the ECU's address.
  const auto on = read_reply(can_settings(true, true, obd_protocol::can29_500), "0100",
                             "18 DA F1 10 06 41 00 BE 3F A8 13 00\r"
                             "18 DA F1 17 06 41 00 80 00 80 03 00\r\r>");
  ASSERT_EQ(on.messages.size(), 2u);
  EXPECT_EQ(on.messages[0].source, can29(0x18DAF110));
  EXPECT_EQ(on.messages[0].data, hex("41 00 BE 3F A8 13"));
  EXPECT_EQ(on.messages[1].source, can29(0x18DAF117));
  EXPECT_EQ(on.messages[1].data, hex("41 00 80 00 80 03"));

  const auto off = read_reply(can_settings(true, false, obd_protocol::can29_250), "0100",
                              "18DAF110064100BE3FA81300\r\r>");
  ASSERT_EQ(off.messages.size(), 1u);
  EXPECT_EQ(off.messages[0], on.messages[0]);
}

TEST(Elm327Reader, Can11HeadersOnSpacesOff) {
  const auto r = read_reply(can_settings(true, false), "0100", "7E8064100BE3FA813\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].source, can11(0x7E8));
  EXPECT_EQ(r.messages[0].data, hex("41 00 BE 3F A8 13"));
}

TEST(Elm327Reader, VinHeadersOnSpacesOn) {
  // FF: 10 14 = FF_DL 0x014; CFs 21, 22 (ISO 15765-2 SN starts at 1).
  const auto r = read_reply(can_settings(true, true), "0902",
                            "7E8 10 14 49 02 01 31 44 34\r"
                            "7E8 21 47 50 30 30 52 35 35\r"
                            "7E8 22 42 31 32 33 34 35 36\r\r>");
  ASSERT_EQ(r.kind, reply_kind::data);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].source, can11(0x7E8));
  EXPECT_EQ(r.messages[0].data, vin_payload);
  EXPECT_TRUE(r.damaged.empty());
}

TEST(Elm327Reader, VinHeadersOnSpacesOff) {
  const auto r = read_reply(can_settings(true, false), "0902",
                            "7E810144902013144 34\r"  // a stray space inside: still hex digits
                            "7E82147503030523535\r"
                            "7E82242313233343536\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].data, vin_payload);
  EXPECT_TRUE(r.damaged.empty());
}

TEST(Elm327Reader, VinHeadersOffSpacesOn) {
  // The datasheet's "Multiline Responses" example: byte count 014, then lines 0: 1: 2:.
  const auto r = read_reply(can_settings(false, true), "0902",
                            "014\r0: 49 02 01 31 44 34\r1: 47 50 30 30 52 35 35\r"
                            "2: 42 31 32 33 34 35 36\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].source, unknown_source);
  EXPECT_FALSE(r.messages[0].source.known);
  EXPECT_EQ(r.messages[0].data, vin_payload);
  EXPECT_TRUE(r.damaged.empty());
}

TEST(Elm327Reader, VinHeadersOffSpacesOffWithAndWithoutSpaceAfterIndex) {
  const auto tight = read_reply(can_settings(false, false), "0902",
                                "014\r0:490201314434\r1:47503030523535\r2:42313233343536\r\r>");
  ASSERT_EQ(tight.messages.size(), 1u);
  EXPECT_EQ(tight.messages[0].data, vin_payload);
  const auto spaced = read_reply(can_settings(false, false), "0902",
                                 "014\r0: 490201314434\r1: 47503030523535\r2: 42313233343536\r\r>");
  EXPECT_EQ(spaced, tight);
}

TEST(Elm327Reader, HeadersOffMultiFrameLastLinePaddedBeyondCount) {
  // 0x0B = 11 bytes: 6 on line 0, 5 on line 1, the last two bytes of line 1 are padding.
  const auto r = read_reply(can_settings(false, true), "0904",
                            "00B\r0: 49 04 01 35 36 30\r1: 32 38 39 34 39 AA AA\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].data, hex("49 04 01 35 36 30 32 38 39 34 39"));
}

TEST(Elm327Reader, HeadersOffIndexWrapsAfterF) {
  // 6 + 16*7 = 118 bytes need lines 0..F and then 0 again.
  std::string stream = "07D\r";  // 125 bytes: 6 + 17*7 = 125
  byte_vector expected;
  std::uint8_t value = 0;
  for (int line = 0; line < 18; ++line) {
    stream += "0123456789ABCDEF"[line % 16];
    stream += ':';
    for (int i = 0; i < (line == 0 ? 6 : 7); ++i) {
      stream += ' ';
      stream += to_hex(byte_span(&value, 1));
      expected.push_back(value++);
    }
    stream += '\r';
  }
  stream += "\r>";
  const auto r = read_reply(can_settings(false, true), "0906", stream);
  ASSERT_EQ(r.messages.size(), 1u);
  expected.resize(0x7D);
  EXPECT_EQ(r.messages[0].data, expected);
  EXPECT_TRUE(r.damaged.empty());
}

TEST(Elm327Reader, HeadersOffTwoEcusMultiFrameOneAfterAnother) {
  const auto r = read_reply(can_settings(false, true), "0902",
                            "014\r0: 49 02 01 31 44 34\r1: 47 50 30 30 52 35 35\r"
                            "2: 42 31 32 33 34 35 36\r"
                            "014\r0: 49 02 01 31 44 34\r1: 47 50 30 30 52 35 35\r"
                            "2: 42 31 32 33 34 35 37\r\r>");
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].data, vin_payload);
  auto second = vin_payload;
  second.back() = 0x37;
  EXPECT_EQ(r.messages[1].data, second);
}

TEST(Elm327Reader, HeadersOnInterleavedMultiFrameFromTwoEcus) {
  // Frames of 7E8 and 7E9 arrive interleaved on the bus; reassembly is per source ID.
  const auto r = read_reply(can_settings(true, true), "0902",
                            "7E8 10 14 49 02 01 31 44 34\r"
                            "7E9 10 14 49 02 01 31 44 34\r"
                            "7E8 21 47 50 30 30 52 35 35\r"
                            "7E9 21 47 50 30 30 52 35 35\r"
                            "7E9 22 42 31 32 33 34 35 37\r"
                            "7E8 22 42 31 32 33 34 35 36\r\r>");
  ASSERT_EQ(r.messages.size(), 2u);
  // Completion order: 7E9 finished first.
  EXPECT_EQ(r.messages[0].source, can11(0x7E9));
  EXPECT_EQ(r.messages[1].source, can11(0x7E8));
  EXPECT_EQ(r.messages[1].data, vin_payload);
  EXPECT_TRUE(r.damaged.empty());
}

TEST(Elm327Reader, HeadersOffSingleFramesFromSeveralEcusAndWhileMultiFrameRuns) {
  const auto r =
      read_reply(can_settings(false, true), "0100", "41 00 BE 3F A8 13\r41 00 98 18 80 11\r\r>");
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[1].data, hex("41 00 98 18 80 11"));

  const auto mixed = read_reply(can_settings(false, true), "0902",
                                "014\r0: 49 02 01 31 44 34\r7F 09 11\r1: 47 50 30 30 52 35 35\r"
                                "2: 42 31 32 33 34 35 36\r\r>");
  ASSERT_EQ(mixed.messages.size(), 2u);
  EXPECT_EQ(mixed.messages[0].data, hex("7F 09 11"));
  EXPECT_EQ(mixed.messages[1].data, vin_payload);
}

TEST(Elm327Reader, MissingConsecutiveFrameIsFlaggedDamaged) {
  const auto r = read_reply(can_settings(true, true), "0902",
                            "7E8 10 14 49 02 01 31 44 34\r7E8 22 42 31 32 33 34 35 36\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(r.is_damaged(0));
  EXPECT_EQ(r.messages[0].data.size(), 13u);  // 6 + 7 of the 20 bytes arrived
}

TEST(Elm327Reader, CafOffHeadersOffShowsPci) {
  settings s = can_settings(false, true);
  s.can_auto_formatting = false;
  const auto single = read_reply(s, "0100", "06 41 00 BE 3F A8 13 00\r\r>");
  ASSERT_EQ(single.messages.size(), 1u);
  EXPECT_EQ(single.messages[0].data, hex("41 00 BE 3F A8 13"));
  EXPECT_FALSE(single.messages[0].source.known);

  const auto multi = read_reply(s, "0902",
                                "10 14 49 02 01 31 44 34\r21 47 50 30 30 52 35 35\r"
                                "22 42 31 32 33 34 35 36\r\r>");
  ASSERT_EQ(multi.messages.size(), 1u);
  EXPECT_EQ(multi.messages[0].data, vin_payload);
}

TEST(Elm327Reader, CafOffHeadersOnSpacesOff) {
  settings s = can_settings(true, false);
  s.can_auto_formatting = false;
  const auto r =
      read_reply(s, "0902", "7E8101449020131443 4\r7E82147503030523535\r7E82242313233343536\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].source, can11(0x7E8));
  EXPECT_EQ(r.messages[0].data, vin_payload);
  EXPECT_TRUE(r.damaged.empty());
}

TEST(Elm327Reader, DlcDigitShownWithAtD1) {
  settings s = can_settings(true, true);
  s.show_dlc = true;
  const auto r = read_reply(s, "0100", "7E8 8 06 41 00 BE 3F A8 13 00\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].data, hex("41 00 BE 3F A8 13"));
}

TEST(Elm327Reader, ProtocolUnknownRecognisesFramingFromText) {
  settings s = can_settings(true, true, obd_protocol::automatic);
  const auto c11 = read_reply(s, "0100", "SEARCHING...\r7E8 06 41 00 BE 3F A8 13\r\r>");
  ASSERT_EQ(c11.messages.size(), 1u);
  EXPECT_EQ(c11.messages[0].source, can11(0x7E8));
  EXPECT_TRUE(c11.diagnostics.searching);
  const auto c29 = read_reply(s, "0100", "18 DA F1 10 06 41 00 BE 3F A8 13\r\r>");
  ASSERT_EQ(c29.messages.size(), 1u);
  EXPECT_EQ(c29.messages[0].source, can29(0x18DAF110));
  const auto iso = read_reply(s, "0100", "48 6B 10 41 00 BE 3E B8 11 C9\r\r>");
  ASSERT_EQ(iso.messages.size(), 1u);
  EXPECT_EQ(iso.messages[0].source, legacy_source(0x10));
  EXPECT_FALSE(iso.is_damaged(0));
}

// ---- Legacy protocols -----------------------------------------------------------------------

TEST(Elm327Reader, Iso9141HeadersOnChecksumVerified) {
  // 48 6B 10: ISO 9141-2 response header (priority, target 6B = tester, source 10 = engine);
  // C9 = sum of the preceding bytes mod 256.
  settings s = can_settings(true, true, obd_protocol::iso9141_2);
  const auto good = read_reply(s, "0100", "48 6B 10 41 00 BE 3E B8 11 C9\r\r>");
  ASSERT_EQ(good.messages.size(), 1u);
  EXPECT_EQ(good.messages[0].source, legacy_source(0x10));
  EXPECT_EQ(good.messages[0].data, hex("41 00 BE 3E B8 11"));
  EXPECT_TRUE(good.damaged.empty());

  const auto bad = read_reply(s, "0100", "48 6B 10 41 00 BE 3E B8 11 C8\r\r>");
  ASSERT_EQ(bad.kind, reply_kind::data);
  ASSERT_EQ(bad.messages.size(), 1u);
  EXPECT_EQ(bad.messages[0].data, hex("41 00 BE 3E B8 11"));  // data kept
  EXPECT_TRUE(bad.is_damaged(0));

  // The chip's own checksum complaint: data kept, flagged.
  const auto flagged = read_reply(s, "0100", "48 6B 10 41 00 BE 3E B8 11 C8 <DATA ERROR\r\r>");
  ASSERT_EQ(flagged.kind, reply_kind::data);
  ASSERT_EQ(flagged.messages.size(), 1u);
  EXPECT_TRUE(flagged.is_damaged(0));
}

TEST(Elm327Reader, J1850UsesCrc8) {
  // J1850 VPW response header 48 6B 10; check byte = SAE J1850 CRC-8 of the header and data
  // (poly 0x1D, init FF, inverted; catalogue check value of "123456789" is 0x4B).
  settings s = can_settings(true, true, obd_protocol::j1850_vpw);
  const auto vpw = read_reply(s, "0100", "48 6B 10 41 00 BE 3E B8 11 FA\r\r>");
  ASSERT_EQ(vpw.messages.size(), 1u);
  EXPECT_TRUE(vpw.damaged.empty());
  // The ISO 9141 sum (C9) is not a valid J1850 check byte.
  const auto wrong = read_reply(s, "0100", "48 6B 10 41 00 BE 3E B8 11 C9\r\r>");
  EXPECT_TRUE(wrong.is_damaged(0));

  s.selected_protocol = obd_protocol::j1850_pwm;
  const auto pwm = read_reply(s, "0100", "41 6B 10 41 00 BE 3E B8 11 90\r\r>");
  ASSERT_EQ(pwm.messages.size(), 1u);
  EXPECT_TRUE(pwm.damaged.empty());
  EXPECT_EQ(pwm.messages[0].data, hex("41 00 BE 3E B8 11"));
}

TEST(Elm327Reader, Kwp2000FormatByteCarriesLength) {
  // ISO 14230-2 format byte 84 = physical addressing, 4 data bytes; E4 = sum checksum.
  settings s = can_settings(true, true, obd_protocol::kwp2000_fast);
  const auto r = read_reply(s, "010C", "84 F1 10 41 0C 1A F8 E4\r\r>");
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].source, legacy_source(0x10));
  EXPECT_EQ(r.messages[0].data, hex("41 0C 1A F8"));
  EXPECT_TRUE(r.damaged.empty());
  // Length 0 in the format byte: a length byte follows the header.
  const auto long_form = read_reply(s, "010C", "80 F1 10 04 41 0C 1A F8 E4\r\r>");
  ASSERT_EQ(long_form.messages.size(), 1u);
  EXPECT_EQ(long_form.messages[0].data, hex("41 0C 1A F8"));
  EXPECT_TRUE(long_form.damaged.empty());
  // A format byte that disagrees with the bytes received is flagged (83 F1 10 + 4 data bytes).
  const auto mismatch = read_reply(s, "010C", "83 F1 10 41 0C 1A F8 E3\r\r>");
  ASSERT_EQ(mismatch.messages.size(), 1u);
  EXPECT_TRUE(mismatch.is_damaged(0));
}

TEST(Elm327Reader, LegacyVinStaysFiveMessages) {
  // Datasheet "Multiline Responses", J1850 example with headers off: 49 02 01..05, 4 data bytes
  // each; SAE J1979 keeps them separate messages.
  settings s = can_settings(false, true, obd_protocol::j1850_pwm);
  const auto r = read_reply(s, "0902",
                            "49 02 01 00 00 00 31\r49 02 02 44 34 47 50\r49 02 03 30 30 52 35\r"
                            "49 02 04 35 42 31 32\r49 02 05 33 34 35 36\r\r>");
  ASSERT_EQ(r.messages.size(), 5u);
  EXPECT_EQ(r.messages[4].data, hex("49 02 05 33 34 35 36"));
  EXPECT_FALSE(r.messages[0].source.known);
}

TEST(Elm327Reader, LegacyHeadersOnMultiMessageKeepsSources) {
  settings s = can_settings(true, false, obd_protocol::iso9141_2);
  const auto r = read_reply(s, "0100", "486B104100BE3EB811C9\r486B184100BE3EB811D1\r\r>");
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].source, legacy_source(0x10));
  EXPECT_EQ(r.messages[1].source, legacy_source(0x18));
  EXPECT_TRUE(r.damaged.empty());
}

// ---- Errors ---------------------------------------------------------------------------------

struct error_case {
  std::string_view line;
  adapter_error error;
  std::uint8_t number;
};

TEST(Elm327Reader, EveryErrorReply) {
  const error_case cases[] = {
      {"?", adapter_error::unknown_command, 0},
      {"NO DATA", adapter_error::no_data, 0},
      {"NODATA", adapter_error::no_data, 0},  // spaces off on some firmware
      {"UNABLE TO CONNECT", adapter_error::unable_to_connect, 0},
      {"CAN ERROR", adapter_error::can_error, 0},
      {"BUS BUSY", adapter_error::bus_busy, 0},
      {"BUS ERROR", adapter_error::bus_error, 0},
      {"BUS INIT: ...ERROR", adapter_error::bus_init_error, 0},
      {"BUS INIT:ERROR", adapter_error::bus_init_error, 0},
      {"FB ERROR", adapter_error::feedback_error, 0},
      {"DATA ERROR", adapter_error::data_error, 0},
      {"<DATA ERROR", adapter_error::bad_checksum, 0},
      {"<RX ERROR", adapter_error::receive_error, 0},
      {"BUFFER FULL", adapter_error::buffer_full, 0},
      {"STOPPED", adapter_error::stopped, 0},
      {"ACT ALERT", adapter_error::activity_alert, 0},
      {"!ACT ALERT", adapter_error::activity_alert, 0},
      {"LP ALERT", adapter_error::low_power_alert, 0},
      {"!LP ALERT", adapter_error::low_power_alert, 0},
      {"LV RESET", adapter_error::low_voltage_reset, 0},
      {"ERR94", adapter_error::internal_error, 94},
      {"ERR71", adapter_error::internal_error, 71},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.line);
    const std::string stream = "0100\r" + std::string(c.line) + "\r\r>";
    settings s;  // echo on: the command comes back first
    const auto r = read_reply(s, "0100", stream);
    EXPECT_EQ(r.kind, reply_kind::error);
    EXPECT_EQ(r.error, c.error);
    EXPECT_EQ(r.error_number, c.number);
    EXPECT_EQ(r.diagnostics.echo, "0100");
    EXPECT_TRUE(r.messages.empty());
    EXPECT_TRUE(r.diagnostics.unknown_lines.empty());
  }
}

TEST(Elm327Reader, SearchingThenUnableToConnect) {
  const auto r = read_reply(settings{}, "0100", "0100\rSEARCHING...\rUNABLE TO CONNECT\r\r>");
  EXPECT_EQ(r.kind, reply_kind::error);
  EXPECT_EQ(r.error, adapter_error::unable_to_connect);
  EXPECT_TRUE(r.diagnostics.searching);
}

TEST(Elm327Reader, BusInitOkThenData) {
  settings s = can_settings(false, true, obd_protocol::iso9141_2);
  const auto r = read_reply(s, "0100", "BUS INIT: ...OK\r41 00 BE 3E B8 11\r\r>");
  ASSERT_EQ(r.kind, reply_kind::data);
  EXPECT_EQ(r.diagnostics.bus_init, bus_init_state::ok);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].data, hex("41 00 BE 3E B8 11"));

  const auto failed = read_reply(s, "0100", "BUS INIT: ...ERROR\r\r>");
  EXPECT_EQ(failed.kind, reply_kind::error);
  EXPECT_EQ(failed.diagnostics.bus_init, bus_init_state::failed);
}

TEST(Elm327Reader, BufferFullKeepsTheDataBeforeIt) {
  const auto r =
      read_reply(can_settings(true, true), "0100", "7E8 06 41 00 BE 3F A8 13\rBUFFER FULL\r\r>");
  EXPECT_EQ(r.kind, reply_kind::error);
  EXPECT_EQ(r.error, adapter_error::buffer_full);
  ASSERT_EQ(r.messages.size(), 1u);
}

TEST(Elm327Reader, RxErrorSuffixOnCanLine) {
  const auto r =
      read_reply(can_settings(true, true), "0100", "7E8 06 41 00 BE 3F A8 13 <RX ERROR\r\r>");
  ASSERT_EQ(r.kind, reply_kind::data);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(r.is_damaged(0));
}

// ---- Line endings, echo, noise -------------------------------------------------------------

TEST(Elm327Reader, Ate0ReplyStillCarriesEcho) {
  settings after;
  const auto r = read_reply(settings{}, "ATE0\r", "ATE0\rOK\r\r>", &after);
  EXPECT_EQ(r.kind, reply_kind::text);
  EXPECT_TRUE(r.is_ok());
  EXPECT_EQ(r.diagnostics.echo, "ATE0");
  EXPECT_FALSE(after.echo);
}

TEST(Elm327Reader, LineEndingsCrCrlfLfAndTrailingSpaces) {
  const auto cr = read_reply(can_settings(false, true), "0100", "41 00 BE 3F A8 13 \r\r>");
  const auto crlf = read_reply(can_settings(false, true), "0100", "41 00 BE 3F A8 13 \r\n\r\n>");
  const auto lf = read_reply(can_settings(false, true), "0100", "\n41 00 BE 3F A8 13\n\n>");
  EXPECT_EQ(cr, crlf);
  EXPECT_EQ(cr, lf);
  ASSERT_EQ(cr.messages.size(), 1u);
}

TEST(Elm327Reader, NulBytesFromClonesAreIgnored) {
  const auto r = read_reply(settings{}, "ATI", "\0ATI\r\0ELM327 v1.5\r\r\0>"sv);
  EXPECT_EQ(r.kind, reply_kind::text);
  EXPECT_EQ(r.text, "ELM327 v1.5");
  EXPECT_TRUE(r.diagnostics.unknown_lines.empty());
}

TEST(Elm327Reader, ResetBannerAfterEcho) {
  settings s;
  s.headers = true;
  s.echo = false;
  settings after;
  const auto r = read_reply(s, "ATZ", "ATZ\r\r\rELM327 v1.5\r\r>", &after);
  EXPECT_EQ(r.text, "ELM327 v1.5");
  EXPECT_TRUE(after.echo);  // ATZ restores defaults
  EXPECT_FALSE(after.headers);
}

TEST(Elm327Reader, AdapterTextReplies) {
  EXPECT_EQ(read_reply(can_settings(false, true), "ATRV", "12.4V\r\r>").text, "12.4V");
  settings after;
  const auto dpn = read_reply(can_settings(false, true), "ATDPN", "A6\r\r>", &after);
  EXPECT_EQ(dpn.kind, reply_kind::text);  // "A6" is hex-looking but ATDPN makes it text
  EXPECT_EQ(dpn.text, "A6");
  EXPECT_EQ(after.active_protocol, obd_protocol::can11_500);
  const auto dp =
      read_reply(can_settings(false, true), "ATDP", "AUTO, ISO 15765-4 (CAN 29/500)\r\r>", &after);
  EXPECT_EQ(dp.text, "AUTO, ISO 15765-4 (CAN 29/500)");
  EXPECT_EQ(after.active_protocol, obd_protocol::can29_500);
  const auto sti = read_reply(can_settings(false, true), "STI", "STN1110 v4.2.1\r\r>");
  EXPECT_EQ(sti.text, "STN1110 v4.2.1");
}

TEST(Elm327Reader, JunkAndBannersBecomeUnknownLines) {
  const auto r = read_reply(can_settings(false, true), "0100",
                            "\xFF\xFE\x80\rOBDII v1.5 by Vgate\r41 00 BE 3F A8 13\r\r>"sv);
  ASSERT_EQ(r.kind, reply_kind::data);
  ASSERT_EQ(r.messages.size(), 1u);
  ASSERT_EQ(r.diagnostics.unknown_lines.size(), 2u);
  EXPECT_EQ(r.diagnostics.unknown_lines[1], "OBDII v1.5 by Vgate");
}

TEST(Elm327Reader, StrayConsecutiveFrameIsUnknown) {
  const auto r = read_reply(can_settings(true, true), "0100", "7E8 21 47 50 30\r\r>");
  EXPECT_TRUE(r.messages.empty());
  EXPECT_EQ(r.diagnostics.unknown_lines.size(), 1u);
}

// ---- Stream handling ------------------------------------------------------------------------

TEST(Elm327Reader, LeavesBytesAfterThePromptForTheNextReply) {
  reader r{can_settings(false, true)};
  r.begin("0100\r");
  const std::string_view two = "41 00 BE 3F A8 13\r\r>41 0D 32\r\r>";
  auto res = r.feed(two);
  ASSERT_TRUE(res.complete);
  EXPECT_EQ(res.consumed, two.find('>') + 1);
  EXPECT_EQ(r.last_reply().messages.at(0).data, hex("41 00 BE 3F A8 13"));
  r.begin("010D\r");
  res = r.feed(two.substr(res.consumed));
  ASSERT_TRUE(res.complete);
  EXPECT_EQ(r.take_reply().messages.at(0).data, hex("41 0D 32"));
}

TEST(Elm327Reader, LogReplayFollowsSettingsFromTheLogItself) {
  // A terminal capture, echo on, no begin(): the echoed commands drive the settings.
  const std::string_view log =
      "ATZ\r\r\rELM327 v1.5\r\r>"
      "ATH1\rOK\r\r>"
      "ATS0\rOK\r\r>"
      "ATSP6\rOK\r\r>"
      "0100\r7E8064100BE3FA813\r\r>"
      "ATCAF0\rOK\r\r>"
      "ATH0\rOK\r\r>"
      "0100\r064100BE3FA81300\r\r>"
      "ATCAF1\rOK\r\r>"
      "0902\r014\r0:490201314434\r1:47503030523535\r2:42313233343536\r\r>";
  reader r;
  std::vector<reply> replies;
  std::string_view rest = log;
  while (!rest.empty()) {
    const auto res = r.feed(rest);
    rest.remove_prefix(res.consumed);
    if (res.complete) replies.push_back(r.last_reply());
  }
  ASSERT_EQ(replies.size(), 10u);
  EXPECT_EQ(replies[0].text, "ELM327 v1.5");
  ASSERT_EQ(replies[4].messages.size(), 1u);
  EXPECT_EQ(replies[4].messages[0].source, can11(0x7E8));
  EXPECT_EQ(replies[4].messages[0].data, hex("41 00 BE 3F A8 13"));
  ASSERT_EQ(replies[7].messages.size(), 1u);
  EXPECT_EQ(replies[7].messages[0].data, hex("41 00 BE 3F A8 13"));
  EXPECT_FALSE(replies[7].messages[0].source.known);
  ASSERT_EQ(replies[9].messages.size(), 1u);
  EXPECT_EQ(replies[9].messages[0].data, vin_payload);
  EXPECT_TRUE(r.settings().headers == false && r.settings().spaces == false);
  EXPECT_EQ(r.settings().selected_protocol, obd_protocol::can11_500);
}

TEST(Elm327Reader, WithoutCommandEchoOffStnBannerIsTextNotEcho) {
  const auto r = read_reply(can_settings(false, true), "", "STN1110 v4.2.1\r\r>");
  EXPECT_EQ(r.kind, reply_kind::text);
  EXPECT_EQ(r.text, "STN1110 v4.2.1");
  EXPECT_TRUE(r.diagnostics.echo.empty());
  // Echo believed off but the log shows the command anyway: an AT line is taken as the echo.
  settings after;
  const auto at = read_reply(can_settings(false, true), "", "ATH1\rOK\r\r>", &after);
  EXPECT_TRUE(at.is_ok());
  EXPECT_TRUE(after.headers);
}

TEST(Elm327Reader, RejectedCommandChangesNoSetting) {
  settings after;
  const auto r = read_reply(settings{}, "ATCAF0", "ATCAF0\r?\r\r>", &after);
  EXPECT_EQ(r.kind, reply_kind::error);
  EXPECT_TRUE(after.can_auto_formatting);
}

TEST(Elm327Reader, OverlongReplyIsCappedAndFlagged) {
  reader r{can_settings(false, true)};
  r.begin("0100");
  const std::string chunk(4096, 'A');
  std::size_t fed = 0;
  while (fed <= reader::max_reply_bytes) fed += r.feed(chunk).consumed;
  EXPECT_TRUE(r.in_progress());
  const auto res = r.feed("\r>"sv);
  ASSERT_TRUE(res.complete);
  EXPECT_TRUE(r.last_reply().diagnostics.overflow);
}

}  // namespace
