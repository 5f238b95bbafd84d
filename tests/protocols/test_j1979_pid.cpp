// The service $01 PID table (SAE J1979-DA): scalings checked against worked examples, and the
// server-side encoder checked to invert the decoder for every scaled field of every PID.
#include <bayscan/protocols/j1979_error.hpp>
#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/j1979_server.hpp>
#include <bayscan/protocols/supported_pids.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "protocols/j1979_traffic.hpp"

namespace bp = bayscan::protocols;
using bp::test::bytes;

namespace {

double decode1(std::uint8_t pid, std::string_view hex, std::string_view key) {
  const auto d = bp::decode_pid(pid, bytes(hex));
  EXPECT_TRUE(d.has_value()) << std::hex << int(pid);
  if (!d) return -1e9;
  const auto* v = d->find(key);
  EXPECT_NE(v, nullptr) << key;
  return v ? v->value : -1e9;
}

TEST(J1979Pid, ScalingsFromTheDigitalAnnex) {
  EXPECT_NEAR(decode1(0x04, "FF", "engine_load"), 100.0, 1e-9);           // A*100/255
  EXPECT_NEAR(decode1(0x06, "80", "stft_bank1"), 0.0, 1e-9);              // (A-128)*100/128
  EXPECT_NEAR(decode1(0x07, "00", "ltft_bank1"), -100.0, 1e-9);
  EXPECT_NEAR(decode1(0x0A, "64", "fuel_pressure"), 300.0, 1e-9);         // 3 kPa/bit
  EXPECT_NEAR(decode1(0x0B, "21", "intake_manifold_pressure"), 33.0, 1e-9);
  EXPECT_NEAR(decode1(0x0E, "80", "timing_advance"), 0.0, 1e-9);          // A/2 - 64
  EXPECT_NEAR(decode1(0x0F, "3C", "intake_air_temp"), 20.0, 1e-9);        // A - 40
  EXPECT_NEAR(decode1(0x10, "01 F4", "maf_rate"), 5.0, 1e-9);             // (256A+B)/100
  EXPECT_NEAR(decode1(0x11, "33", "throttle_position"), 20.0, 1e-9);
  EXPECT_NEAR(decode1(0x14, "5A 80", "o2_s1_voltage"), 0.45, 1e-9);       // 0.005 V/bit
  EXPECT_NEAR(decode1(0x1F, "01 2C", "run_time"), 300.0, 1e-9);
  EXPECT_NEAR(decode1(0x21, "00 2A", "distance_with_mil"), 42.0, 1e-9);
  EXPECT_NEAR(decode1(0x24, "80 00 80 00", "o2_s1_lambda"), 1.0, 1e-9);   // 2/65536 per bit
  EXPECT_NEAR(decode1(0x24, "80 00 80 00", "o2_s1_wide_voltage"), 4.0, 1e-9);
  EXPECT_NEAR(decode1(0x2F, "80", "fuel_level"), 128 * 100.0 / 255, 1e-9);
  EXPECT_NEAR(decode1(0x30, "0A", "warmups_since_clear"), 10.0, 1e-9);
  EXPECT_NEAR(decode1(0x31, "01 00", "distance_since_clear"), 256.0, 1e-9);
  EXPECT_NEAR(decode1(0x32, "FF FC", "evap_vapor_pressure"), -1.0, 1e-9);  // signed, 0.25 Pa
  EXPECT_NEAR(decode1(0x33, "65", "barometric_pressure"), 101.0, 1e-9);
  EXPECT_NEAR(decode1(0x34, "80 00 80 00", "o2_s1_current"), 0.0, 1e-9);  // C,D/256 - 128 mA
  EXPECT_NEAR(decode1(0x3C, "11 F8", "catalyst_temp_b1s1"), 420.0, 1e-9);  // (256A+B)/10 - 40
  EXPECT_NEAR(decode1(0x42, "36 B0", "control_module_voltage"), 14.0, 1e-9);
  EXPECT_NEAR(decode1(0x46, "2D", "ambient_air_temp"), 5.0, 1e-9);
  EXPECT_NEAR(decode1(0x4D, "00 0F", "time_with_mil"), 15.0, 1e-9);
  EXPECT_NEAR(decode1(0x4E, "01 00", "time_since_clear"), 256.0, 1e-9);
  EXPECT_NEAR(decode1(0x5C, "82", "oil_temp"), 90.0, 1e-9);
  EXPECT_NEAR(decode1(0x5D, "69 00", "fuel_injection_timing"), 0.0, 1e-9);  // /128 - 210
  EXPECT_NEAR(decode1(0x5E, "00 64", "engine_fuel_rate"), 5.0, 1e-9);      // 0.05 L/h
  EXPECT_NEAR(decode1(0x61, "7D", "driver_demand_torque"), 0.0, 1e-9);     // A - 125
  EXPECT_NEAR(decode1(0x63, "01 90", "reference_torque"), 400.0, 1e-9);
  EXPECT_NEAR(decode1(0xA6, "00 00 03 E8", "odometer"), 100.0, 1e-9);
}

TEST(J1979Pid, EnumeratedPids) {
  auto d = bp::decode_pid(0x1C, bytes("06")).value();  // J1979-DA PID 1C
  EXPECT_EQ(d.values[0].text, "EOBD (Europe)");
  d = bp::decode_pid(0x1C, bytes("01")).value();
  EXPECT_EQ(d.values[0].text, "OBD-II as defined by the CARB");
  d = bp::decode_pid(0x51, bytes("04")).value();  // fuel type coding
  EXPECT_EQ(d.values[0].text, "Diesel");
  d = bp::decode_pid(0x03, bytes("02 00")).value();  // fuel system status
  EXPECT_EQ(d.values[0].key, "fuel_system_1_status");
  EXPECT_EQ(d.values[0].text, "closed loop: using oxygen sensor feedback");
  EXPECT_EQ(d.values[1].text, "");  // 00: second fuel system not present
  EXPECT_EQ(bp::enumeration_text(bp::pid_enumeration::fuel_type, 200), "");
}

TEST(J1979Pid, MultiValuePidsReturnSeveralNamedValues) {
  const auto d = bp::decode_pid(0x64, bytes("7D 96 AF C8 E1")).value();
  ASSERT_EQ(d.values.size(), 5u);
  EXPECT_DOUBLE_EQ(d.find("torque_idle")->value, 0.0);
  EXPECT_DOUBLE_EQ(d.find("torque_point_4")->value, 100.0);
  const auto egt = bp::decode_pid(0x78, bytes("01 1F 40 00 00 00 00 00 00")).value();
  EXPECT_DOUBLE_EQ(egt.find("egt_b1s1")->value, 760.0);  // 0x1F40 = 8000 -> 800 - 40
}

TEST(J1979Pid, LengthsAreCheckedAndUnknownPidsStayRaw) {
  EXPECT_EQ(bp::decode_pid(0x0C, bytes("1A")).error(), bp::j1979_error::truncated);
  EXPECT_EQ(bp::decode_pid(0x0C, bytes("1A F8 00")).error(), bp::j1979_error::trailing_bytes);
  const auto raw = bp::decode_pid(0xC3, bytes("DE AD")).value();
  EXPECT_TRUE(raw.values.empty());
  EXPECT_EQ(raw.raw_hex(), "DE AD");
  EXPECT_FALSE(bp::pid_data_length(0xC3).has_value());
  EXPECT_EQ(bp::pid_data_length(0xA6), 4u);
}

TEST(J1979Pid, TableIsSortedAndKeysAreUniqueSnakeCase) {
  std::set<std::string_view> keys;
  int last = -1;
  for (const auto& info : bp::pid_table()) {
    EXPECT_GT(info.pid, last);
    last = info.pid;
    for (const auto& f : info.fields) {
      EXPECT_LE(f.offset + f.size, info.length) << f.key;
      for (const char c : f.key)
        EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << f.key;
      // A key names one quantity: PIDs 01/41 share the monitor bits, and a sensor's
      // equivalence ratio is the same whether PID 24-2B or 34-3B reports it.
      const bool shared = info.pid == 0x41 || f.key.ends_with("_lambda");
      if (!shared) {
        EXPECT_TRUE(keys.insert(f.key).second) << f.key;
      }
    }
  }
  // Every range bitmap 00..C0 is in the table.
  for (unsigned base = 0; base <= 0xC0; base += 0x20)
    EXPECT_NE(bp::find_pid(static_cast<std::uint8_t>(base)), nullptr) << base;
}

// Server side: encode -> decode gives every value back within the scaling resolution.
TEST(J1979PidRoundTrip, EveryScaledFieldOfEveryPid) {
  int checked = 0;
  for (const auto& info : bp::pid_table()) {
    if (info.fields.empty()) continue;
    // Three points per field: minimum, a value in between, maximum of the raw range.
    for (int point = 0; point < 3; ++point) {
      bp::physical_values in;
      for (const auto& f : info.fields) {
        const std::int64_t lo = f.raw_min(), hi = f.raw_max();
        const std::int64_t raw = point == 0 ? lo : point == 2 ? hi : lo + (hi - lo) / 3;
        in[std::string(f.key)] = static_cast<double>(raw) * f.factor + f.add;
      }
      const auto encoded = bp::encode_pid(info.pid, in);
      ASSERT_TRUE(encoded.has_value()) << std::hex << int(info.pid);
      ASSERT_EQ(encoded->size(), info.length);
      const auto decoded = bp::decode_pid(info.pid, *encoded).value();
      for (const auto& f : info.fields) {
        const auto* v = decoded.find(f.key);
        ASSERT_NE(v, nullptr);
        EXPECT_NEAR(v->value, in[std::string(f.key)], std::abs(f.factor) / 2 + 1e-9)
            << std::hex << int(info.pid) << " " << f.key;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 3 * 150);
}

TEST(J1979PidRoundTrip, ValuesBetweenStepsRoundAndOutOfRangeClamps) {
  auto e = bp::encode_pid(0x0C, {{"engine_rpm", 1726.1}}).value();
  EXPECT_EQ(e, bytes("1A F8"));
  e = bp::encode_pid(0x0C, {{"engine_rpm", 20000}}).value();
  EXPECT_EQ(e, bytes("FF FF"));  // 16383.75 rpm is the largest
  e = bp::encode_pid(0x05, {{"coolant_temp", -60}}).value();
  EXPECT_EQ(e, bytes("00"));
  e = bp::encode_pid(0x05, {{"coolant_temp", 83}}).value();
  EXPECT_EQ(e, bytes("7B"));
  e = bp::encode_pid(0xA6, {{"odometer", 123456.7}}).value();
  EXPECT_EQ(e, bytes("00 12 D6 87"));
  e = bp::encode_pid(0x01, {{"mil_on", 1},
                            {"dtc_count", 3},
                            {"common_monitors_supported", 7},
                            {"compression_ignition", 0},
                            {"common_monitors_incomplete", 0},
                            {"monitors_supported", 0x65},
                            {"monitors_incomplete", 0x04}})
          .value();
  EXPECT_EQ(e, bytes("83 07 65 04"));
  EXPECT_EQ(bp::encode_pid(0x0C, {}).error(), bp::j1979_error::missing_value);
  EXPECT_EQ(bp::encode_pid(0xC3, {{"x", 1}}).error(), bp::j1979_error::invalid_argument);
}

// --- supported-PID bitmaps (J1979-DA PID 00) -------------------------------------------------

TEST(J1979Supported, BitmapBitsAndRangeChain) {
  // 41 00 BE 3F A8 13: a common ECM answer. BE = 1011 1110 -> 01, 03, 04, 05, 06, 07;
  // 13 = 0001 0011 -> 1C, 1F, 20 (D0: range 21-40 supported).
  bp::supported_pids s;
  EXPECT_EQ(s.next_range_to_request(), 0x00);
  ASSERT_TRUE(s.add_reply(0x00, bytes("BE 3F A8 13")).has_value());
  EXPECT_TRUE(s.supports(0x01));
  EXPECT_FALSE(s.supports(0x02));
  EXPECT_TRUE(s.supports(0x0C));
  EXPECT_TRUE(s.supports(0x0D));
  EXPECT_TRUE(s.supports(0x1C));
  EXPECT_TRUE(s.supports(0x20));
  EXPECT_TRUE(s.next_range_supported(0x00));
  EXPECT_EQ(s.next_range_to_request(), 0x20);
  EXPECT_FALSE(s.supports(0x21));  // range 20 not read yet
  ASSERT_TRUE(s.add_reply(0x20, bytes("80 01 A0 00")).has_value());
  EXPECT_TRUE(s.supports(0x21));
  EXPECT_TRUE(s.supports(0x31));
  EXPECT_TRUE(s.supports(0x33));
  EXPECT_FALSE(s.next_range_supported(0x20));
  EXPECT_EQ(s.next_range_to_request(), std::nullopt);
  const auto ids = s.data_ids();
  EXPECT_EQ(ids.front(), 0x01);
  EXPECT_EQ(std::count(ids.begin(), ids.end(), 0x20), 0);  // bitmaps are not data
  EXPECT_EQ(s.add_reply(0x00, bytes("BE 3F A8")).error(), bp::j1979_error::truncated);
  EXPECT_EQ(s.add_reply(0x10, bytes("BE 3F A8 13")).error(), bp::j1979_error::invalid_argument);
}

TEST(J1979Supported, EncoderSetsTheNextRangeBit) {
  const std::uint8_t ids[] = {0x01, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0B, 0x0C, 0x0D, 0x0E,
                              0x0F, 0x10, 0x11, 0x13, 0x15, 0x1C, 0x1F, 0x21};
  EXPECT_EQ(bp::encode_supported_range(0x00, ids), (std::array<std::uint8_t, 4>{0xBE, 0x3F, 0xA8, 0x13}));
  EXPECT_EQ(bp::encode_supported_range(0x20, ids), (std::array<std::uint8_t, 4>{0x80, 0, 0, 0}));
  const std::uint8_t only_low[] = {0x0C};
  EXPECT_EQ(bp::encode_supported_range(0x00, only_low)[3], 0x00);
}

}  // namespace
