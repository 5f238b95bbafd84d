// SAE J1979 requests and service $01 replies. Vectors are the bytes an ELM327 shows with
// headers on (CAN: ID, then the ISO-TP payload); clause references are to SAE J1979 (2017) and
// the J1979-DA PID tables.
#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_request.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/readiness.hpp>

#include <gtest/gtest.h>

#include <vector>

#include "protocols/j1979_traffic.hpp"

namespace bp = bayscan::protocols;
using bp::test::bytes;
using bp::test::ecu;
using bp::test::msg;

namespace {

constexpr auto can = bp::obd_protocol::can11_500;
constexpr auto vpw = bp::obd_protocol::j1850_vpw;

double value_of(const bp::decoded_pid& p, std::string_view key) {
  const auto* v = p.find(key);
  EXPECT_NE(v, nullptr) << key;
  return v ? v->value : -1e9;
}

// --- requests (SAE J1979 6.1, 6.2, 6.3, 6.9) -------------------------------------------------

TEST(J1979Request, ServiceOneSingleAndMultiPidOnCan) {
  const std::uint8_t one[] = {0x0C};
  EXPECT_EQ(bp::request_current_data(can, one).value(), bytes("01 0C"));
  const std::uint8_t six[] = {0x0C, 0x0D, 0x05, 0x04, 0x11, 0x2F};
  EXPECT_EQ(bp::request_current_data(can, six).value(), bytes("01 0C 0D 05 04 11 2F"));
}

TEST(J1979Request, MoreThanSixPidsOrMultiPidOnLegacyIsRefused) {
  const std::uint8_t seven[] = {1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(bp::request_current_data(can, seven).error(), bp::j1979_error::too_many_pids);
  const std::uint8_t two[] = {0x0C, 0x0D};
  EXPECT_EQ(bp::request_current_data(vpw, two).error(), bp::j1979_error::too_many_pids);
  EXPECT_EQ(bp::request_current_data(vpw, std::span<const std::uint8_t>{}).error(),
            bp::j1979_error::invalid_argument);
  const std::uint8_t single[] = {0x0D};
  EXPECT_EQ(bp::request_current_data(vpw, single).value(), bytes("01 0D"));
}

TEST(J1979Request, FreezeFramePairs) {
  // 02 02 00: which DTC stored frame 0 (SAE J1979 6.2).
  const bp::freeze_frame_pid dtc_of_frame0[] = {{0x02, 0x00}};
  EXPECT_EQ(bp::request_freeze_frame(can, dtc_of_frame0).value(), bytes("02 02 00"));
  const bp::freeze_frame_pid several[] = {{0x0C, 0}, {0x05, 0}, {0x0D, 0}};
  EXPECT_EQ(bp::request_freeze_frame(can, several).value(), bytes("02 0C 00 05 00 0D 00"));
  EXPECT_EQ(bp::request_freeze_frame(vpw, several).error(), bp::j1979_error::too_many_pids);
}

TEST(J1979Request, ParameterlessServices) {
  EXPECT_EQ(bp::request_stored_dtcs(), bytes("03"));
  EXPECT_EQ(bp::request_clear_dtcs(), bytes("04"));
  EXPECT_EQ(bp::request_pending_dtcs(), bytes("07"));
  EXPECT_EQ(bp::request_permanent_dtcs(), bytes("0A"));
}

TEST(J1979Request, VehicleInformationMessageCountsOnlyOnLegacy) {
  EXPECT_EQ(bp::request_vehicle_information(can, bp::infotype::vin).value(), bytes("09 02"));
  EXPECT_EQ(bp::request_vehicle_information(can, bp::infotype::ecu_name).value(), bytes("09 0A"));
  EXPECT_EQ(bp::request_vehicle_information(vpw, bp::infotype::vin_message_count).value(),
            bytes("09 01"));
  EXPECT_EQ(bp::request_vehicle_information(can, bp::infotype::vin_message_count).error(),
            bp::j1979_error::not_on_this_protocol);
  EXPECT_EQ(bp::request_vehicle_information(can, bp::infotype::supported_21_40).value(),
            bytes("09 20"));
}

// --- service $01 replies ----------------------------------------------------------------------

TEST(J1979CurrentData, EngineSpeed) {
  // J1979-DA PID 0C: (256A+B)/4 rpm; 1A F8 = 6904 -> 1726 rpm.
  const std::uint8_t req[] = {0x0C};
  const std::vector<bp::ecu_message> reply = {msg("7E8", "41 0C 1A F8")};
  const auto r = bp::parse_current_data(can, req, reply);
  ASSERT_EQ(r.size(), 1u);
  const auto& values = r.at(ecu("7E8")).value();
  ASSERT_EQ(values.size(), 1u);
  EXPECT_EQ(values[0].pid, 0x0C);
  EXPECT_DOUBLE_EQ(value_of(values[0], "engine_rpm"), 1726.0);
  EXPECT_EQ(values[0].values[0].unit, "rpm");
}

TEST(J1979CurrentData, CoolantTemperature) {
  // PID 05: A - 40 °C; 7B = 123 -> 83 °C.
  const std::uint8_t req[] = {0x05};
  const std::vector<bp::ecu_message> reply = {msg("7E8", "41 05 7B")};
  const auto r = bp::parse_current_data(can, req, reply);
  EXPECT_DOUBLE_EQ(value_of(r.at(ecu("7E8")).value()[0], "coolant_temp"), 83.0);
}

TEST(J1979CurrentData, MultiPidReplyInAnyOrder) {
  const std::uint8_t req[] = {0x0C, 0x0D, 0x05};
  for (const auto* line : {"41 0C 1A F8 0D 32 05 7B", "41 05 7B 0C 1A F8 0D 32",
                           "41 0D 32 05 7B 0C 1A F8"}) {
    const std::vector<bp::ecu_message> reply = {msg("7E8", line)};
    const auto r = bp::parse_current_data(can, req, reply);
    const auto& values = r.at(ecu("7E8")).value();
    ASSERT_EQ(values.size(), 3u) << line;
    for (const auto& v : values) {
      if (v.pid == 0x0C) {
        EXPECT_DOUBLE_EQ(value_of(v, "engine_rpm"), 1726.0);
      } else if (v.pid == 0x0D) {
        EXPECT_DOUBLE_EQ(value_of(v, "vehicle_speed"), 50.0);
      } else {
        EXPECT_EQ(v.pid, 0x05);
        EXPECT_DOUBLE_EQ(value_of(v, "coolant_temp"), 83.0);
      }
    }
  }
}

TEST(J1979CurrentData, EcuAnswersOnlyTheSupportedSubsetAndEachEcuSeparately) {
  const std::uint8_t req[] = {0x0C, 0x0D, 0xA6};
  const std::vector<bp::ecu_message> reply = {msg("7E8", "41 0C 0C 80 A6 00 12 D6 87"),
                                              msg("7E9", "41 0D 00")};
  const auto r = bp::parse_current_data(can, req, reply);
  ASSERT_EQ(r.size(), 2u);
  const auto& ecm = r.at(ecu("7E8")).value();
  ASSERT_EQ(ecm.size(), 2u);
  EXPECT_DOUBLE_EQ(value_of(ecm[0], "engine_rpm"), 800.0);
  // PID A6 odometer: 4 bytes, 0.1 km; 0x0012D687 = 1234567 -> 123456.7 km.
  EXPECT_NEAR(value_of(ecm[1], "odometer"), 123456.7, 1e-6);
  const auto& tcm = r.at(ecu("7E9")).value();
  ASSERT_EQ(tcm.size(), 1u);
  EXPECT_DOUBLE_EQ(value_of(tcm[0], "vehicle_speed"), 0.0);
}

TEST(J1979CurrentData, MismatchedEchoIsAnErrorNeverAValue) {
  const std::uint8_t req[] = {0x0C};
  // PID echo 0D for a 0C request.
  auto r = bp::parse_current_data(can, req, std::vector{msg("7E8", "41 0D 32")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::pid_mismatch);
  // Service byte of another service.
  r = bp::parse_current_data(can, req, std::vector{msg("7E8", "42 0C 00 1A F8")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::wrong_service);
  // Too short for PID 0C's two bytes.
  r = bp::parse_current_data(can, req, std::vector{msg("7E8", "41 0C 1A")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::truncated);
  // A byte too many.
  r = bp::parse_current_data(can, req, std::vector{msg("7E8", "41 0C 1A F8 00")});
  EXPECT_FALSE(r.at(ecu("7E8")).has_value());
  // The same PID twice.
  r = bp::parse_current_data(can, req, std::vector{msg("7E8", "41 0C 1A F8 0C 1A F8")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::duplicate_pid);
  // No PID at all.
  r = bp::parse_current_data(can, req, std::vector{msg("7E8", "41")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::truncated);
}

TEST(J1979CurrentData, UnknownPidKeepsRawBytesButCannotBeWalkedInMultiPid) {
  const std::uint8_t single[] = {0xC3};
  auto r = bp::parse_current_data(can, single, std::vector{msg("7E8", "41 C3 01 02 03")});
  const auto& v = r.at(ecu("7E8")).value();
  ASSERT_EQ(v.size(), 1u);
  EXPECT_TRUE(v[0].values.empty());
  EXPECT_EQ(v[0].raw_hex(), "01 02 03");
  const std::uint8_t multi[] = {0xC3, 0x0D};
  r = bp::parse_current_data(can, multi, std::vector{msg("7E8", "41 C3 01 02 0D 10")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::unknown_pid_length);
}

TEST(J1979CurrentData, NegativeResponsesKeepTheIsoCode) {
  const std::uint8_t req[] = {0x0C};
  // 7F 01 12: subFunctionNotSupported-invalidFormat (ISO 14229-1 Table A.1).
  auto r = bp::parse_current_data(can, req, std::vector{msg("7E8", "7F 01 12")});
  const auto ec = r.at(ecu("7E8")).error();
  EXPECT_TRUE(bp::is_negative_response(ec));
  EXPECT_EQ(ec, bp::negative_response_code::sub_function_not_supported);
  EXPECT_EQ(ec.value(), 0x12);
  EXPECT_NE(ec.message().find("0x12"), std::string::npos);
  EXPECT_FALSE(bp::is_response_pending(ec));
  // 7F for another service is not an answer to this request.
  r = bp::parse_current_data(can, req, std::vector{msg("7E8", "7F 09 11")});
  EXPECT_EQ(r.at(ecu("7E8")).error(), bp::j1979_error::wrong_service);
  // 0x21 busy: repeat the request.
  r = bp::parse_current_data(can, req, std::vector{msg("7E8", "7F 01 21")});
  EXPECT_TRUE(bp::is_busy_repeat_request(r.at(ecu("7E8")).error()));
}

TEST(J1979CurrentData, ResponsePendingThenTheAnswer) {
  const std::uint8_t req[] = {0x0D};
  // 0x78 alone: the ECU will answer later, the caller must wait (P2*).
  auto r = bp::parse_current_data(can, req, std::vector{msg("7E8", "7F 01 78")});
  EXPECT_TRUE(bp::is_response_pending(r.at(ecu("7E8")).error()));
  // 0x78 followed by the positive reply: the value counts.
  r = bp::parse_current_data(can, req,
                             std::vector{msg("7E8", "7F 01 78"), msg("7E8", "41 0D 3C")});
  EXPECT_DOUBLE_EQ(value_of(r.at(ecu("7E8")).value()[0], "vehicle_speed"), 60.0);
}

TEST(J1979CurrentData, LegacyProtocolSourceAddress) {
  // J1850 VPW: header 48 6B 10 stripped, ECU address 10.
  const std::uint8_t req[] = {0x0D};
  const auto r = bp::parse_current_data(vpw, req, std::vector{msg("10", "41 0D 58")});
  EXPECT_DOUBLE_EQ(value_of(r.at(ecu("10")).value()[0], "vehicle_speed"), 88.0);
}

// --- PID 01 readiness (J1979-DA PID 01) ------------------------------------------------------

TEST(J1979Readiness, SparkIgnitionMonitorStatus) {
  // 41 01 83 07 65 04: MIL on, 3 DTCs; misfire/fuel/components supported and complete; spark;
  // catalyst, EVAP, O2 sensor, O2 heater supported (65 = 0110 0101); EVAP incomplete (04).
  const std::uint8_t req[] = {0x01};
  const auto r = bp::parse_current_data(can, req, std::vector{msg("7E8", "41 01 83 07 65 04")});
  const auto& pid = r.at(ecu("7E8")).value()[0];
  EXPECT_DOUBLE_EQ(value_of(pid, "mil_on"), 1.0);
  EXPECT_DOUBLE_EQ(value_of(pid, "dtc_count"), 3.0);
  const auto rd = bp::decode_readiness(pid.raw).value();
  EXPECT_TRUE(rd.mil_on);
  EXPECT_EQ(rd.dtc_count, 3);
  EXPECT_FALSE(rd.compression_ignition);
  const auto expect = [&](std::string_view name, bool supported, bool complete) {
    const auto* m = rd.find(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_EQ(m->supported, supported) << name;
    EXPECT_EQ(m->complete, complete) << name;
  };
  expect("misfire", true, true);
  expect("fuel_system", true, true);
  expect("components", true, true);
  expect("catalyst", true, true);
  expect("heated_catalyst", false, true);
  expect("evap", true, false);
  expect("secondary_air", false, true);
  expect("ac_refrigerant", false, true);
  expect("oxygen_sensor", true, true);
  expect("oxygen_sensor_heater", true, true);
  expect("egr_vvt", false, true);
  EXPECT_EQ(rd.monitors.size(), 11u);
  EXPECT_EQ(rd.find("pm_filter"), nullptr);
}

TEST(J1979Readiness, CompressionIgnitionSetAndIncompleteContinuousMonitor) {
  // B = 0x1F: B3 compression ignition, misfire incomplete (B4); C = 0xE9: NMHC cat, boost,
  // exhaust gas sensor, PM filter, EGR; D = 0x40: PM filter incomplete.
  const auto rd = bp::decode_readiness(bytes("00 1F E9 40")).value();
  EXPECT_FALSE(rd.mil_on);
  EXPECT_TRUE(rd.compression_ignition);
  EXPECT_FALSE(rd.find("misfire")->complete);
  EXPECT_TRUE(rd.find("nmhc_catalyst")->supported);
  EXPECT_FALSE(rd.find("nox_scr")->supported);
  EXPECT_TRUE(rd.find("boost_pressure")->supported);
  EXPECT_TRUE(rd.find("exhaust_gas_sensor")->supported);
  EXPECT_TRUE(rd.find("pm_filter")->supported);
  EXPECT_FALSE(rd.find("pm_filter")->complete);
  EXPECT_TRUE(rd.find("egr_vvt")->supported);
  EXPECT_EQ(rd.find("catalyst"), nullptr);
  EXPECT_EQ(rd.monitors.size(), 9u);  // 3 continuous + 6 (two reserved bits left out)
  EXPECT_EQ(bp::decode_readiness(bytes("00 1F E9")).error(), bp::j1979_error::truncated);
}

TEST(J1979Readiness, ThisDriveCycleHasNoDtcByteAndEncodeRoundTrips) {
  const auto cycle = bp::decode_readiness_this_cycle(bytes("00 07 65 04")).value();
  EXPECT_EQ(cycle.dtc_count, 0);
  EXPECT_TRUE(cycle.find("evap")->supported);
  EXPECT_FALSE(cycle.find("evap")->complete);

  const auto rd = bp::decode_readiness(bytes("83 07 65 04")).value();
  EXPECT_EQ(bp::encode_readiness(rd).value(), bytes("83 07 65 04"));
  const auto diesel = bp::decode_readiness(bytes("00 1F E9 40")).value();
  EXPECT_EQ(bp::encode_readiness(diesel).value(), bytes("00 1F E9 40"));
  bp::readiness bad = rd;
  bad.monitors.push_back({"pm_filter", true, true});  // not in the spark set
  EXPECT_EQ(bp::encode_readiness(bad).error(), bp::j1979_error::invalid_argument);
}

TEST(J1979Error, CategoriesAreDistinctAndMessagesNameTheProblem) {
  const bayscan::error_code decode_error = bp::j1979_error::pid_mismatch;
  const bayscan::error_code nrc = bp::negative_response_code::response_pending;
  EXPECT_NE(decode_error.category(), nrc.category());
  EXPECT_FALSE(bp::is_negative_response(decode_error));
  EXPECT_TRUE(bp::is_response_pending(nrc));
  EXPECT_NE(decode_error.message().find("echo"), std::string::npos);
  EXPECT_NE(nrc.message().find("ResponsePending"), std::string::npos);
}

}  // namespace
