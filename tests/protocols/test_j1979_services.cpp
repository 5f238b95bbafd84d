// SAE J1979 services $02, $03/$07/$0A, $04 and $09, tester side against literal ECU traffic,
// and the server-side builders producing exactly those messages (CAN and legacy shapes).
#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/j1979_server.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "protocols/j1979_traffic.hpp"

namespace bp = bayscan::protocols;
using bp::test::bytes;
using bp::test::ecu;
using bp::test::msg;

namespace {

constexpr auto can = bp::obd_protocol::can11_500;
constexpr auto can29 = bp::obd_protocol::can29_500;
constexpr auto vpw = bp::obd_protocol::j1850_vpw;
constexpr auto kwp = bp::obd_protocol::kwp2000_fast;

std::vector<std::string> codes(const std::vector<bp::dtc>& list) {
  std::vector<std::string> out;
  for (const auto& d : list) out.push_back(d.to_string());
  return out;
}

std::vector<bp::ecu_message> from(std::string_view id, const std::vector<bayscan::byte_vector>& m) {
  std::vector<bp::ecu_message> out;
  for (const auto& b : m) out.push_back({ecu(id), b});
  return out;
}

// --- service $03 / $07 / $0A (SAE J1979 8.3, 8.7, 8.10) -------------------------------------

TEST(J1979Dtcs, CanHasACountByte) {
  const auto r = bp::parse_dtcs(can, bp::dtc_status::stored, std::vector{msg("7E8", "43 02 03 01 01 71")});
  EXPECT_EQ(codes(r.at(ecu("7E8")).value()), (std::vector<std::string>{"P0301", "P0171"}));
  const auto none = bp::parse_dtcs(can, bp::dtc_status::stored, std::vector{msg("7E8", "43 00")});
  EXPECT_TRUE(none.at(ecu("7E8")).value().empty());
  // Count says 3, two codes present.
  const auto bad = bp::parse_dtcs(can, bp::dtc_status::stored, std::vector{msg("7E8", "43 03 03 01 01 71")});
  EXPECT_EQ(bad.at(ecu("7E8")).error(), bp::j1979_error::bad_count);
}

TEST(J1979Dtcs, LegacyHasThreeSlotsPerMessagePaddedWithZeros) {
  // J1850 VPW: 43 03 01 01 71 00 00 -> P0301, P0171, empty slot.
  auto r = bp::parse_dtcs(vpw, bp::dtc_status::stored, std::vector{msg("10", "43 03 01 01 71 00 00")});
  EXPECT_EQ(codes(r.at(ecu("10")).value()), (std::vector<std::string>{"P0301", "P0171"}));
  // Four codes: two messages from the same ECU.
  r = bp::parse_dtcs(vpw, bp::dtc_status::stored,
                     std::vector{msg("10", "43 03 01 01 71 04 20"), msg("10", "43 C1 00 00 00 00 00")});
  EXPECT_EQ(codes(r.at(ecu("10")).value()),
            (std::vector<std::string>{"P0301", "P0171", "P0420", "U0100"}));
  // No codes: all slots zero.
  r = bp::parse_dtcs(kwp, bp::dtc_status::stored, std::vector{msg("10", "43 00 00 00 00 00 00")});
  EXPECT_TRUE(r.at(ecu("10")).value().empty());
  // A legacy message must carry all three slots.
  r = bp::parse_dtcs(vpw, bp::dtc_status::stored, std::vector{msg("10", "43 03 01")});
  EXPECT_EQ(r.at(ecu("10")).error(), bp::j1979_error::truncated);
}

TEST(J1979Dtcs, PendingAndPermanentUseTheirOwnServiceBytes) {
  auto r = bp::parse_dtcs(can, bp::dtc_status::pending, std::vector{msg("7E8", "47 01 04 20")});
  EXPECT_EQ(codes(r.at(ecu("7E8")).value()), (std::vector<std::string>{"P0420"}));
  r = bp::parse_dtcs(can, bp::dtc_status::permanent, std::vector{msg("7E8", "4A 01 04 20")});
  EXPECT_EQ(codes(r.at(ecu("7E8")).value()), (std::vector<std::string>{"P0420"}));
  // A stored-codes reply is not an answer to a pending-codes request.
  r = bp::parse_dtcs(can, bp::dtc_status::pending, std::vector{msg("7E8", "43 01 04 20")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::wrong_service);
  // Older ECUs refuse 0A: serviceNotSupported.
  r = bp::parse_dtcs(can, bp::dtc_status::permanent, std::vector{msg("7E8", "7F 0A 11")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::negative_response_code::service_not_supported);
}

TEST(J1979Dtcs, ServerBuildsBothShapes) {
  const bp::dtc list[] = {bp::dtc::from_bytes(0x03, 0x01), bp::dtc::from_bytes(0x01, 0x71),
                          bp::dtc::from_bytes(0x04, 0x20), bp::dtc::from_bytes(0xC1, 0x00)};
  auto m = bp::dtc_response(can, bp::dtc_status::stored, std::span(list).first(2));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], bytes("43 02 03 01 01 71"));
  m = bp::dtc_response(vpw, bp::dtc_status::stored, std::span(list).first(2));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], bytes("43 03 01 01 71 00 00"));
  m = bp::dtc_response(vpw, bp::dtc_status::pending, list);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1], bytes("47 C1 00 00 00 00 00"));
  m = bp::dtc_response(vpw, bp::dtc_status::stored, {});
  EXPECT_EQ(m, std::vector<bayscan::byte_vector>{bytes("43 00 00 00 00 00 00")});
  m = bp::dtc_response(can, bp::dtc_status::permanent, {});
  EXPECT_EQ(m, std::vector<bayscan::byte_vector>{bytes("4A 00")});
  // Round trip through the tester side.
  const auto back = bp::parse_dtcs(vpw, bp::dtc_status::pending,
                                   from("10", bp::dtc_response(vpw, bp::dtc_status::pending, list)));
  EXPECT_EQ(codes(back.at(ecu("10")).value()),
            (std::vector<std::string>{"P0301", "P0171", "P0420", "U0100"}));
}

// --- service $04 ------------------------------------------------------------------------------

TEST(J1979Clear, PositiveAndRefused) {
  const auto r = bp::parse_clear_dtcs(std::vector{msg("7E8", "44"), msg("7E9", "7F 04 22")});
  EXPECT_TRUE(r.at(ecu("7E8")).has_value());
  // conditionsNotCorrect: e.g. engine running (SAE J1979 8.4).
  EXPECT_EQ(r.at(ecu("7E9")).error(), bp::negative_response_code::conditions_not_correct);
  EXPECT_EQ(bp::clear_dtcs_response(), bytes("44"));
  EXPECT_EQ(bp::negative_response(0x04, bp::negative_response_code::conditions_not_correct),
            bytes("7F 04 22"));
}

// --- service $02 freeze frame (SAE J1979 8.2) -----------------------------------------------

TEST(J1979FreezeFrame, DtcAndValuesOfFrameZero) {
  const bp::freeze_frame_pid req[] = {{0x02, 0}, {0x0C, 0}, {0x05, 0}};
  const auto r = bp::parse_freeze_frame_data(
      can, req, std::vector{msg("7E8", "42 02 00 03 01 0C 00 0C 6C 05 00 7B")});
  const auto& values = r.at(ecu("7E8")).value();
  ASSERT_EQ(values.size(), 3u);
  const auto frames = bp::group_freeze_frames(values);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].frame, 0);
  ASSERT_TRUE(frames[0].dtc.has_value());
  EXPECT_EQ(frames[0].dtc->to_string(), "P0301");
  ASSERT_EQ(frames[0].values.size(), 2u);
  EXPECT_DOUBLE_EQ(frames[0].find(0x0C)->find("engine_rpm")->value, 795.0);  // 0x0C6C / 4
  EXPECT_DOUBLE_EQ(frames[0].find(0x05)->find("coolant_temp")->value, 83.0);
}

TEST(J1979FreezeFrame, NoFrameStoredAndWrongFrameEcho) {
  const bp::freeze_frame_pid req[] = {{0x02, 0}};
  auto r = bp::parse_freeze_frame_data(can, req, std::vector{msg("7E8", "42 02 00 00 00")});
  const auto frames = bp::group_freeze_frames(r.at(ecu("7E8")).value());
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_FALSE(frames[0].dtc.has_value());  // 00 00: nothing stored
  r = bp::parse_freeze_frame_data(can, req, std::vector{msg("7E8", "42 02 01 03 01")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::pid_mismatch);
  // Server builder produces the same bytes.
  const bp::freeze_frame_payload p[] = {{0x02, 0, bytes("03 01")}, {0x0C, 0, bytes("0C 6C")}};
  EXPECT_EQ(bp::freeze_frame_response(p), bytes("42 02 00 03 01 0C 00 0C 6C"));
}

// --- supported bitmaps of services 01 and 09 ----------------------------------------------------

TEST(J1979SupportedReplies, ServiceOneAndNineShapes) {
  auto r = bp::parse_supported_range(can, bp::j1979_service::current_data, 0x00,
                                     std::vector{msg("7E8", "41 00 BE 3F A8 13"),
                                                 msg("7E9", "41 00 98 18 80 10")});
  EXPECT_EQ(r.at(ecu("7E8")).value(), 0xBE3FA813u);
  EXPECT_EQ(r.at(ecu("7E9")).value(), 0x98188010u);
  r = bp::parse_supported_range(can, bp::j1979_service::current_data, 0x20,
                                std::vector{msg("7E8", "41 00 BE 3F A8 13")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::pid_mismatch);
  // Service 09 on CAN has no message number; on legacy it does.
  r = bp::parse_supported_range(can, bp::j1979_service::vehicle_information, 0x00,
                                std::vector{msg("7E8", "49 00 55 40 00 00")});
  EXPECT_EQ(r.at(ecu("7E8")).value(), 0x55400000u);
  r = bp::parse_supported_range(can, bp::j1979_service::vehicle_information, 0x00,
                                std::vector{msg("7E8", "49 00 01 55 40 00 00")});
  EXPECT_EQ(r.at(ecu("7E8")).value(), 0x55400000u);  // tolerated: NODI 01 added
  r = bp::parse_supported_range(vpw, bp::j1979_service::vehicle_information, 0x00,
                                std::vector{msg("10", "49 00 02 55 00 00 00")});
  EXPECT_EQ(r.at(ecu("10")).error(), bp::j1979_error::missing_message);
  r = bp::parse_supported_range(vpw, bp::j1979_service::vehicle_information, 0x00,
                                std::vector{msg("10", "49 00 01 55 00 00 00")});
  EXPECT_EQ(r.at(ecu("10")).value(), 0x55000000u);
  // Service 02 repeats the frame number.
  r = bp::parse_supported_range(can, bp::j1979_service::freeze_frame_data, 0x00,
                                std::vector{msg("7E8", "42 00 00 7E 1F 80 00")});
  EXPECT_EQ(r.at(ecu("7E8")).value(), 0x7E1F8000u);
  const std::uint8_t infotypes[] = {0x02, 0x04, 0x06, 0x0A};
  EXPECT_EQ(bp::infotype_support_response(can, 0x00, infotypes), bytes("49 00 54 40 00 00"));
  EXPECT_EQ(bp::infotype_support_response(vpw, 0x00, infotypes), bytes("49 00 01 54 40 00 00"));
}

// --- service $09 (SAE J1979 8.9) ----------------------------------------------------------------

constexpr std::string_view test_vin = "1G1JC5444R7252367";

TEST(J1979Vin, CanSingleMessage) {
  // 49 02 01 + 17 ASCII bytes (ISO-TP multi-frame, reassembled by the link layer).
  const auto r = bp::parse_vin(
      can, std::vector{msg("7E8", "49 02 01 31 47 31 4A 43 35 34 34 34 52 37 32 35 32 33 36 37")});
  EXPECT_EQ(r.at(ecu("7E8")).value(), test_vin);
}

TEST(J1979Vin, LegacyFiveMessagesReassembledByNumber) {
  // J1850: 49 02 01 00 00 00 31, then 02..05 with four VIN characters each; order on the bus
  // need not be the message order.
  const std::vector<bp::ecu_message> reply = {
      msg("10", "49 02 01 00 00 00 31"), msg("10", "49 02 03 35 34 34 34"),
      msg("10", "49 02 02 47 31 4A 43"), msg("10", "49 02 04 52 37 32 35"),
      msg("10", "49 02 05 32 33 36 37")};
  EXPECT_EQ(bp::parse_vin(vpw, reply).at(ecu("10")).value(), test_vin);
  auto missing = reply;
  missing.erase(missing.begin() + 1);
  EXPECT_EQ(bp::parse_vin(vpw, missing).at(ecu("10")).error(), bp::j1979_error::missing_message);
}

TEST(J1979Vin, ServerBuildsBothShapesAndTheyParseBack) {
  auto m = bp::vin_response(can, test_vin).value();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], bytes("49 02 01 31 47 31 4A 43 35 34 34 34 52 37 32 35 32 33 36 37"));
  m = bp::vin_response(vpw, test_vin).value();
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0], bytes("49 02 01 00 00 00 31"));
  EXPECT_EQ(m[4], bytes("49 02 05 32 33 36 37"));
  EXPECT_EQ(bp::parse_vin(vpw, from("10", m)).at(ecu("10")).value(), test_vin);
  EXPECT_EQ(bp::vin_response(can, "SHORT").error(), bp::j1979_error::invalid_argument);
  // Non-printable bytes are refused, not returned as a VIN.
  const auto r = bp::parse_vin(
      can, std::vector{msg("7E8", "49 02 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::invalid_text);
}

TEST(J1979CalibrationIds, SeveralPerEcuPaddingStripped) {
  const std::string calids[] = {"JMB*36761500", "JMB*47872611"};
  for (const auto p : {can, vpw}) {
    const auto m = bp::calibration_id_response(p, calids).value();
    EXPECT_EQ(m.size(), p == can ? 1u : 8u);
    const auto r = bp::parse_calibration_ids(p, from("7E8", m));
    EXPECT_EQ(r.at(ecu("7E8")).value(), (std::vector<std::string>{calids[0], calids[1]}));
  }
  // NODI 2 but one CALID's bytes.
  const auto bad = bp::parse_calibration_ids(
      can, std::vector{msg("7E8", "49 04 02 4A 4D 42 2A 33 36 37 36 31 35 30 30 00 00 00 00")});
  EXPECT_EQ(bad.at(ecu("7E8")).error(), bp::j1979_error::bad_count);
}

TEST(J1979Cvn, HexStrings) {
  auto r = bp::parse_cvns(can, std::vector{msg("7E8", "49 06 02 1A 2B 3C 4D 00 00 12 EF")});
  EXPECT_EQ(r.at(ecu("7E8")).value(), (std::vector<std::string>{"1A2B3C4D", "000012EF"}));
  r = bp::parse_cvns(vpw, std::vector{msg("10", "49 06 01 1A 2B 3C 4D")});
  EXPECT_EQ(r.at(ecu("10")).value(), (std::vector<std::string>{"1A2B3C4D"}));
  const std::string cvns[] = {"1A2B3C4D", "000012EF"};
  EXPECT_EQ(bp::cvn_response(can, cvns).value(),
            std::vector<bayscan::byte_vector>{bytes("49 06 02 1A 2B 3C 4D 00 00 12 EF")});
  const std::string bad[] = {"12345"};
  EXPECT_EQ(bp::cvn_response(can, bad).error(), bp::j1979_error::invalid_argument);
}

TEST(J1979EcuName, AcronymDashName) {
  // "ECM" 00 "-" "EngineControl" 00 00: 4 + 1 + 15 bytes.
  const auto r = bp::parse_ecu_name(
      can29, std::vector{msg("18DAF110",
                             "49 0A 01 45 43 4D 00 2D 45 6E 67 69 6E 65 43 6F 6E 74 72 6F 6C 00 00")});
  const auto& n = r.at(ecu("18DAF110")).value();
  EXPECT_EQ(n.acronym, "ECM");
  EXPECT_EQ(n.name, "EngineControl");
  const bp::ecu_name tcm{"TCM", "TransmissionCtl"};
  for (const auto p : {can, kwp}) {
    const auto m = bp::ecu_name_response(p, tcm).value();
    EXPECT_EQ(bp::parse_ecu_name(p, from("7E9", m)).at(ecu("7E9")).value(), tcm);
  }
  const auto no_dash = bp::parse_ecu_name(
      can, std::vector{msg("7E8", "49 0A 01 45 43 4D 00 20 45 6E 67 69 6E 65 43 6F 6E 74 72 6F 6C 00 00")});
  EXPECT_EQ(no_dash.at(ecu("7E8")).error(), bp::j1979_error::invalid_text);
}

TEST(J1979InUsePerformance, SparkCountersByName) {
  // 16 counters of infotype 08: OBDCOND 0x0123, IGNCNTR 0x0456, CATCOMP1 0x0010 ...
  const auto r = bp::parse_in_use_performance(
      can, bp::infotype::ipt_spark,
      std::vector{msg("7E8", "49 08 10 01 23 04 56 00 10 00 20 00 00 00 00 00 05 00 20 00 00 00 "
                             "00 00 03 00 20 00 00 00 00 00 02 00 20")});
  const auto& ipt = r.at(ecu("7E8")).value();
  EXPECT_FALSE(ipt.compression_ignition);
  ASSERT_EQ(ipt.counters.size(), 16u);
  EXPECT_EQ(ipt.find("obdcond")->value, 0x0123);
  EXPECT_EQ(ipt.find("igncntr")->value, 0x0456);
  EXPECT_EQ(ipt.find("catcomp1")->value, 0x10);
  EXPECT_EQ(ipt.find("evapcond")->value, 0x20);
  const std::uint16_t counters[] = {100, 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  for (const auto p : {can, vpw}) {
    const auto m = bp::in_use_performance_response(p, bp::infotype::ipt_compression, counters).value();
    const auto back = bp::parse_in_use_performance(p, bp::infotype::ipt_compression, from("7E8", m));
    const auto& v = back.at(ecu("7E8")).value();
    EXPECT_TRUE(v.compression_ignition);
    ASSERT_EQ(v.counters.size(), 18u);
    EXPECT_EQ(v.find("fuelcond")->value, 16);
  }
}

TEST(J1979MessageCount, LegacyInfotypes) {
  const auto r = bp::parse_message_count(bp::infotype::vin_message_count,
                                         std::vector{msg("10", "49 01 05")});
  EXPECT_EQ(r.at(ecu("10")).value(), 5);
  EXPECT_EQ(bp::message_count_response(bp::infotype::calid_message_count, 8), bytes("49 03 08"));
  const auto wrong = bp::parse_message_count(bp::infotype::vin_message_count,
                                             std::vector{msg("10", "49 03 05")});
  EXPECT_EQ(wrong.at(ecu("10")).error(), bp::j1979_error::pid_mismatch);
}

TEST(J1979Server, MultiPidResponseParsesBackInAnyOrder) {
  const bp::pid_payload pids[] = {
      {0x05, bp::encode_pid(0x05, {{"coolant_temp", 83}}).value()},
      {0x0C, bp::encode_pid(0x0C, {{"engine_rpm", 1726}}).value()},
      {0x0D, bp::encode_pid(0x0D, {{"vehicle_speed", 50}}).value()}};
  const auto m = bp::current_data_response(pids);
  EXPECT_EQ(m, bytes("41 05 7B 0C 1A F8 0D 32"));
  const std::uint8_t req[] = {0x0C, 0x0D, 0x05};
  const auto r = bp::parse_current_data(can, req, std::vector{bp::ecu_message{ecu("7E8"), m}});
  EXPECT_EQ(r.at(ecu("7E8")).value().size(), 3u);
}

}  // namespace
