// The emulator against the ELM327 datasheet's descriptions of the chip's output.
#include <bayscan/sim/elm327_emulator.hpp>

#include "fake_vehicle.hpp"

#include <gtest/gtest.h>

using namespace bayscan;
using namespace bayscan::sim;
using namespace std::chrono_literals;

namespace {

std::string text_of(const emulator_response& r) {
  std::string s;
  for (const auto& c : r.chunks) s += c.bytes;
  return s;
}

struct EmulatorTest : ::testing::Test {
  fakes::fake_vehicle car = fakes::two_ecu_car();
  adapter_personality personality;
  timing t;
  std::vector<fault> faults;
  elm327_emulator make() { return elm327_emulator(car, personality, t, faults); }
};

}  // namespace

TEST_F(EmulatorTest, ResetPrintsBannerAndEchoIsOnAfterReset) {
  auto elm = make();
  EXPECT_EQ(text_of(elm.on_line("ATZ")), "ATZ\r\rELM327 v1.5\r\r>");
  // The reply to ATE0 still carries its own echo.
  EXPECT_EQ(text_of(elm.on_line("ATE0")), "ATE0\rOK\r\r>");
  EXPECT_EQ(text_of(elm.on_line("ATI")), "ELM327 v1.5\r\r>");
}

TEST_F(EmulatorTest, AutomaticSearchPrintsSearchingThenBothEcus) {
  auto elm = make();
  elm.on_line("ATE0");
  auto r = elm.on_line("0100");
  EXPECT_EQ(text_of(r), "SEARCHING...\r41 00 BE 3F A8 13\r41 00 98 18 80 11\r\r>");
  EXPECT_EQ(text_of(elm.on_line("ATDPN")), "A6\r\r>");
  EXPECT_EQ(text_of(elm.on_line("ATDP")), "AUTO, ISO 15765-4 (CAN 11/500)\r\r>");
  // The second request goes straight to the bus.
  EXPECT_EQ(text_of(elm.on_line("0100")), "41 00 BE 3F A8 13\r41 00 98 18 80 11\r\r>");
}

TEST_F(EmulatorTest, HeadersSpacesLinefeedsAndDlc) {
  auto elm = make();
  for (auto c : {"ATE0", "ATSP6", "ATH1"}) elm.on_line(c);
  EXPECT_EQ(text_of(elm.on_line("0100")), "7E8 06 41 00 BE 3F A8 13\r7E9 06 41 00 98 18 80 11\r\r>");
  elm.on_line("ATS0");
  EXPECT_EQ(text_of(elm.on_line("0100")), "7E8064100BE3FA813\r7E906410098188011\r\r>");
  elm.on_line("ATS1");
  elm.on_line("ATL1");
  elm.on_line("ATD1");
  EXPECT_EQ(text_of(elm.on_line("0100")),
            "7E8 8 06 41 00 BE 3F A8 13\r\n7E9 8 06 41 00 98 18 80 11\r\n\r\n>");
}

TEST_F(EmulatorTest, MultiFrameWithHeadersOffUsesByteCountAndLineIndex) {
  auto elm = make();
  for (auto c : {"ATE0", "ATSP6"}) elm.on_line(c);
  // 20 bytes: "014", then 0: with 6 bytes and 1:, 2: with 7 (datasheet, multi-line responses).
  EXPECT_EQ(text_of(elm.on_line("0902")),
            "014\r0: 49 02 01 31 47 31\r1: 4A 43 35 34 34 34 52\r2: 37 32 35 32 33 36 37\r\r>");
  elm.on_line("ATH1");
  EXPECT_EQ(text_of(elm.on_line("0902")),
            "7E8 10 14 49 02 01 31 47 31\r7E8 21 4A 43 35 34 34 34 52\r"
            "7E8 22 37 32 35 32 33 36 37\r\r>");
}

TEST_F(EmulatorTest, ResponseCountReturnsAsSoonAsMet) {
  auto elm = make();
  for (auto c : {"ATE0", "ATSP6"}) elm.on_line(c);
  auto waited = elm.on_line("0100");
  auto counted = elm.on_line("0100 1");
  EXPECT_EQ(text_of(counted), "41 00 BE 3F A8 13\r\r>");
  EXPECT_LT(counted.chunks.back().at, waited.chunks.back().at);
  auto both = elm.on_line("01002");
  EXPECT_EQ(both.ecu_replies, 2);
}

TEST_F(EmulatorTest, ErrorsAndUnknownCommands) {
  auto elm = make();
  elm.on_line("ATE0");
  EXPECT_EQ(text_of(elm.on_line("ATXYZ")), "?\r\r>");
  EXPECT_EQ(text_of(elm.on_line("01G0")), "?\r\r>");
  elm.on_line("ATSP6");
  EXPECT_EQ(text_of(elm.on_line("01A6")), "NO DATA\r\r>");
  elm.on_line("ATSP8");  // 250 kbit/s on a 500 kbit/s car: nobody acknowledges
  EXPECT_EQ(text_of(elm.on_line("0100")), "CAN ERROR\r\r>");
  elm.on_line("ATSP3");
  EXPECT_EQ(text_of(elm.on_line("0100")), "BUS INIT: ...ERROR\r\r>");
  EXPECT_EQ(elm.on_interrupt(), "STOPPED\r\r>");
}

TEST_F(EmulatorTest, PhysicalAddressingWithSetHeader) {
  auto elm = make();
  for (auto c : {"ATE0", "ATSP6", "ATH1", "ATSH7E1"}) elm.on_line(c);
  EXPECT_EQ(text_of(elm.on_line("0100")), "7E9 06 41 00 98 18 80 11\r\r>");
  ASSERT_FALSE(car.seen.empty());
  EXPECT_EQ(car.seen.back().second, 0x7E1u);
}

TEST_F(EmulatorTest, EmptyLineRepeatsLastCommand) {
  auto elm = make();
  elm.on_line("ATE0");
  elm.on_line("ATSP6");
  elm.on_line("0100 1");
  EXPECT_EQ(text_of(elm.on_line("")), "41 00 BE 3F A8 13\r\r>");
}

TEST_F(EmulatorTest, LegacyHeadersCarryChecksum) {
  car.car_protocol = protocols::obd_protocol::iso9141_2;
  car.replies[{0x01, 0x00}] = {{{0x10, false, true}, {0x41, 0x00, 0xBE, 0x3E, 0xB8, 0x11}, 40ms, {}}};
  auto elm = make();
  for (auto c : {"ATE0", "ATH1", "ATSP3"}) elm.on_line(c);
  // 48+6B+10+41+00+BE+3E+B8+11 = 0x3C9 -> C9 (SAE J1979 / ISO 9141-2 checksum).
  EXPECT_EQ(text_of(elm.on_line("0100")), "BUS INIT: ...OK\r48 6B 10 41 00 BE 3E B8 11 C9\r\r>");
}

TEST_F(EmulatorTest, QuirksAndFaults) {
  personality.version = "ELM327 v2.1";
  personality.quirks.no_ats0 = true;
  personality.quirks.no_response_count = true;
  faults = {{fault_kind::lv_reset, 2, std::nullopt, {}},
            {fault_kind::disconnect_after_requests, 3, std::nullopt, {}}};
  auto elm = make();
  elm.on_line("ATE0");
  EXPECT_EQ(text_of(elm.on_line("ATS0")), "?\r\r>");
  elm.on_line("ATSP6");
  EXPECT_EQ(text_of(elm.on_line("0100 1")), "NO DATA\r\r>");
  // Request 2 hits the brown-out: settings are back to defaults (echo on).
  EXPECT_EQ(text_of(elm.on_line("0100")), "LV RESET\r\r>");
  auto third = elm.on_line("0100");
  EXPECT_TRUE(third.close_link);
  EXPECT_EQ(text_of(third).substr(0, 5), "0100\r");
}

TEST_F(EmulatorTest, BufferFullOnLongRepliesAtLowBaud) {
  faults = {{fault_kind::buffer_full_on_long_replies, 8, std::nullopt, {}}};
  auto elm = make();
  for (auto c : {"ATE0", "ATSP6", "ATH1"}) elm.on_line(c);
  auto text = text_of(elm.on_line("0902"));
  EXPECT_NE(text.find("BUFFER FULL\r\r>"), std::string::npos) << text;
}

TEST_F(EmulatorTest, AdaptiveTimingShortensTheWaitForFurtherEcus) {
  auto elm = make();
  for (auto c : {"ATE0", "ATSP6", "ATAT0"}) elm.on_line(c);
  auto fixed = elm.on_line("0100").chunks.back().at;
  elm.on_line("ATAT1");
  auto adaptive = elm.on_line("0100").chunks.back().at;
  EXPECT_EQ(fixed, 25ms + 200ms);
  EXPECT_LT(adaptive, fixed);
  elm.on_line("ATST19");  // 0x19 x 4 ms = 100 ms
  elm.on_line("ATAT0");
  EXPECT_EQ(elm.on_line("0100").chunks.back().at, 25ms + 100ms);
}

TEST_F(EmulatorTest, BaudRateSwitchFollowsTheDatasheetHandshake) {
  auto elm = make();
  elm.on_line("ATE0");
  // ATBRD 23 (hex) = 4000 / 35 kbps = 114286 baud: OK, then the ID without a prompt.
  auto r = elm.on_line("ATBRD23");
  EXPECT_EQ(text_of(r), "OK\rELM327 v1.5\r");
  EXPECT_EQ(elm.baud(), 114285u);
  EXPECT_EQ(text_of(elm.on_line("")), "OK\r\r>");  // the host's CR confirms
  EXPECT_EQ(elm.baud(), 114285u);
  elm.on_line("ATBRD68");  // 4000 / 104 kbps = 38461 baud
  elm.on_line("0100");     // the host never confirmed: back to the old rate
  EXPECT_EQ(elm.baud(), 114285u);
}
