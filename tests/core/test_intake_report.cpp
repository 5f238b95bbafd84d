#include <bayscan/core/intake_report.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

using namespace bayscan::core;

namespace {

intake_report sample() {
  intake_report r;
  r.vin = "JTDBR32E720123456";
  r.vin_valid = true;
  r.protocol = {"6", "ISO 15765-4 CAN (11 bit ID, 500 kbaud)"};
  r.adapter = {"elm327", "ELM327 v1.5", 12.4};
  r.ecus = {{"7E8", "ECM-EngineControl", {"89663-0Z340"}, {"1A2B3C4D"}, true, 2}};
  r.mil_on = true;
  r.dtc_count_reported = 2;
  r.dtcs = {{"P0301", "stored", "7E8", "Cylinder 1 Misfire Detected", "第1缸失火"}};
  r.odometer_km = 45678.9;
  r.odometer_source = "pid_a6";
  r.distance_since_clear_km = 1234;
  r.readiness = {{"catalyst", true, false}};
  r.freeze_frame = freeze_frame_info{"P0301", "7E8", {{"engine_rpm", 812}}};
  r.live = {{"vehicle_speed", 0}};
  r.started_at = "2026-11-27T01:00:00Z";
  r.duration_ms = 640;
  r.request_count = 14;
  r.warnings = {"odometer: read the cluster"};
  r.flags = {{"comeback", "P0301 was repaired 12 days ago", "P0301 於 12 天前已修復"}};
  return r;
}

}  // namespace

TEST(IntakeReport, ContractKeysArePresent) {
  auto v = to_json(sample());
  const auto& o = v.as_object();
  for (const char* key : {"vin", "vin_valid", "protocol", "adapter", "ecus", "mil_on",
                          "dtc_count_reported", "dtcs", "odometer_km", "odometer_source",
                          "distance_since_clear_km", "distance_with_mil_km", "fuel_level_pct",
                          "readiness", "freeze_frame", "started_at", "duration_ms",
                          "request_count", "warnings"}) {
    EXPECT_TRUE(o.contains(key)) << key;
  }
  EXPECT_EQ(o.at("protocol").at("id").as_string(), "6");
  EXPECT_EQ(o.at("dtcs").at(0).at("status").as_string(), "stored");
  EXPECT_TRUE(o.at("distance_with_mil_km").is_null());
}

TEST(IntakeReport, RoundTripsThroughJsonText) {
  auto original = sample();
  auto text = boost::json::serialize(to_json(original));
  std::string error;
  auto back = intake_report_from_json(boost::json::parse(text), error);
  ASSERT_TRUE(back) << error;
  EXPECT_EQ(*back, original);
}

TEST(IntakeReport, NullVinAndOdometerStayNull) {
  intake_report r;
  auto v = to_json(r);
  EXPECT_TRUE(v.at("vin").is_null());
  EXPECT_TRUE(v.at("odometer_km").is_null());
  EXPECT_TRUE(v.at("odometer_source").is_null());
  EXPECT_TRUE(v.at("freeze_frame").is_null());
}

TEST(IntakeReport, MalformedInputNamesTheKey) {
  std::string error;
  auto v = boost::json::parse(R"({"vin": 5})");
  EXPECT_FALSE(intake_report_from_json(v, error));
  EXPECT_EQ(error, "vin: expected a string");
  v = boost::json::parse(R"({"dtcs": [{"code": "P0301"}, {"code": 7}]})");
  EXPECT_FALSE(intake_report_from_json(v, error));
  EXPECT_EQ(error, "dtcs[1].code: expected a string");
  v = boost::json::parse(R"([1,2])");
  EXPECT_FALSE(intake_report_from_json(v, error));
  EXPECT_EQ(error, "report: expected an object");
}
