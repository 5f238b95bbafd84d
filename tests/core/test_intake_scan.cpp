// The intake planner against every catalogue car: the report must equal the scenario's truth,
// with each request asked once and no clear.
#include <bayscan/core/intake_scan.hpp>
#include <bayscan/sim/scenario_loader.hpp>

#include "responder_link.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace bayscan;
using namespace bayscan::core;

namespace {

sim::scenario load(const std::string& name) {
  auto s = sim::load_scenario(sim::find_scenario(name));
  EXPECT_TRUE(s) << name;
  return s.value();
}

std::set<std::string> codes(const intake_report& r, std::string_view status) {
  std::set<std::string> out;
  for (const auto& d : r.dtcs)
    if (d.status == status) out.insert(d.code + "@" + d.ecu);
  return out;
}

std::set<std::string> truth(const sim::scenario& s, std::string_view status) {
  std::set<std::string> out;
  for (const auto& e : s.ecus) {
    const auto& list = status == "stored" ? e.dtcs.stored : status == "pending" ? e.dtcs.pending : e.dtcs.permanent;
    for (const auto& c : list) out.insert(c + "@" + protocols::to_string(e.address));
  }
  return out;
}

class ScanEveryCatalogueCar : public ::testing::TestWithParam<std::string> {};

}  // namespace

TEST_P(ScanEveryCatalogueCar, ReportEqualsScenarioTruth) {
  auto s = load(GetParam());
  fakes::responder_link link(s);
  auto out = run_intake_scan(link);
  const auto& r = out.report;
  if (GetParam() == "ecu_stops_answering") return;  // partial by design; its own test below
  ASSERT_FALSE(out.failure) << out.failure->message();
  EXPECT_TRUE(r.complete);

  std::string vin;
  for (const auto& e : s.ecus)
    if (!e.vin.empty()) vin = e.vin;
  if (vin.empty()) {
    EXPECT_FALSE(r.vin);
  } else {
    ASSERT_TRUE(r.vin);
    EXPECT_EQ(*r.vin, vin);
    EXPECT_TRUE(r.vin_valid);
  }
  EXPECT_EQ(r.ecus.size(), s.ecus.size());
  for (auto status : {"stored", "pending", "permanent"}) EXPECT_EQ(codes(r, status), truth(s, status)) << status;
  bool mil = false;
  for (std::size_t i = 0; i < s.ecus.size(); ++i) mil |= link.car().mil_on(i);
  EXPECT_EQ(r.mil_on, mil);

  std::optional<double> odo;
  for (const auto& e : s.ecus)
    if (e.odometer_km && !odo) odo = e.odometer_km;
  if (odo) {
    ASSERT_TRUE(r.odometer_km);
    EXPECT_NEAR(*r.odometer_km, *odo, 0.05);  // PID A6 resolution 0.1 km
    EXPECT_EQ(r.odometer_source, "pid_a6");
  } else {
    EXPECT_FALSE(r.odometer_km);
    EXPECT_TRUE(std::any_of(r.warnings.begin(), r.warnings.end(),
                            [](const auto& w) { return w.find("odometer") != std::string::npos; }));
  }
  // Readiness: every monitor the engine ECU supports shows up with its completion.
  for (const auto& [monitor, status] : s.ecus.front().readiness) {
    if (!status.supported) continue;
    auto name = std::string(sim::to_string(monitor));
    auto it = std::find_if(r.readiness.begin(), r.readiness.end(), [&](const auto& m) { return m.monitor == name; });
    ASSERT_NE(it, r.readiness.end()) << name;
    EXPECT_TRUE(it->supported) << name;
    if (s.ecus.size() == 1) {
      EXPECT_EQ(it->complete, status.complete) << name;
    }
  }
  // A stored code brings the freeze frame of the code that stored it.
  const auto& ecm = s.ecus.front();
  if (ecm.freeze) {
    ASSERT_TRUE(r.freeze_frame);
    EXPECT_EQ(r.freeze_frame->dtc, ecm.freeze->dtc);
    EXPECT_FALSE(r.freeze_frame->values.empty());
  }
  // Never the same request twice, never a clear.
  std::set<byte_vector> seen;
  for (const auto& req : link.requests) {
    EXPECT_TRUE(seen.insert(req.data).second) << to_hex(req.data);
    EXPECT_NE(req.data.front(), 0x04);
  }
  EXPECT_EQ(r.request_count, static_cast<int>(link.requests.size()));
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ScanEveryCatalogueCar,
                         ::testing::Values("healthy_2022", "mil_misfire", "diesel", "can29_car", "multi_ecu",
                                           "hybrid", "permanent_after_clear", "cleared_before_visit",
                                           "catalyst_p0420", "no_odometer", "iso9141_2004", "kwp2000_fast",
                                           "j1850_vpw", "clone_v21_quirks", "flaky_bluetooth",
                                           "ecu_stops_answering", "realistic_timing"));

TEST(IntakeScan, MisfireCarDetails) {
  fakes::responder_link link(load("mil_misfire"));
  auto r = run_intake_scan(link).report;
  EXPECT_TRUE(r.mil_on);
  EXPECT_EQ(r.protocol.id, "6");
  ASSERT_FALSE(r.ecus.empty());
  EXPECT_EQ(r.ecus[0].name, "ECM-EngineControl");
  EXPECT_EQ(r.ecus[0].calibration_ids, std::vector<std::string>{"37805-5PA-A530"});
  EXPECT_EQ(r.ecus[0].cvns, std::vector<std::string>{"A17C3E52"});
  auto p0301 = std::find_if(r.dtcs.begin(), r.dtcs.end(), [](const auto& d) { return d.code == "P0301"; });
  ASSERT_NE(p0301, r.dtcs.end());
  EXPECT_EQ(p0301->description, "Cylinder 1 Misfire Detected");
  EXPECT_FALSE(p0301->description_zh_tw.empty());
  EXPECT_NEAR(r.fuel_level_pct.value_or(-1), 41.2, 0.5);
  EXPECT_NEAR(r.distance_since_clear_km.value_or(-1), 8432, 0.5);
  EXPECT_NEAR(r.freeze_frame->values.at("engine_rpm"), 780, 0.5);
  EXPECT_NEAR(r.live.at("engine_rpm"), 780, 0.5);
  // Capability driven: all supported-PID ranges asked in one multi-PID request on CAN.
  ASSERT_FALSE(link.requests.empty());
  EXPECT_EQ(link.requests.front().data, (byte_vector{0x01, 0x00, 0x20, 0x40, 0x60, 0x80, 0xA0}));
}

TEST(IntakeScan, ProgressReachesOneHundred) {
  fakes::responder_link link(load("healthy_2022"));
  std::vector<int> percents;
  scan_options o;
  o.progress = [&](std::string_view, int p) { percents.push_back(p); };
  run_intake_scan(link, o);
  ASSERT_FALSE(percents.empty());
  EXPECT_EQ(percents.back(), 100);
  EXPECT_TRUE(std::is_sorted(percents.begin(), percents.end()));
}

TEST(IntakeScan, EcuThatStopsAnsweringGivesAPartialReportNotAHang) {
  fakes::responder_link link(load("ecu_stops_answering"));
  auto out = run_intake_scan(link);
  EXPECT_FALSE(out.report.ecus.empty());
  ASSERT_TRUE(out.failure);  // the CLI exits 1 with the partial report
  EXPECT_FALSE(out.report.complete);
  EXPECT_TRUE(std::any_of(out.report.warnings.begin(), out.report.warnings.end(),
                          [](const auto& w) { return w.find("did not answer") != std::string::npos; }));
}
