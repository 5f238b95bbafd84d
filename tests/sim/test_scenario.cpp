// Scenario files: the catalogue loads and is physically consistent; broken files fail with
// errors naming file, key and problem; service 04 semantics of sim::vehicle.
#include <gtest/gtest.h>

#include <algorithm>
#include <bayscan/protocols/vin.hpp>
#include <bayscan/protocols/wmi.hpp>
#include <bayscan/sim/scenario.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <bayscan/sim/vehicle.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using namespace bayscan;
using namespace bayscan::sim;
using protocols::ecu_address;
using protocols::obd_protocol;

const std::vector<std::string> required_catalogue = {"healthy_2022",
                                                     "mil_misfire",
                                                     "diesel",
                                                     "can29_car",
                                                     "multi_ecu",
                                                     "hybrid",
                                                     "permanent_after_clear",
                                                     "cleared_before_visit",
                                                     "catalyst_p0420",
                                                     "no_odometer",
                                                     "iso9141_2004",
                                                     "kwp2000_fast",
                                                     "j1850_vpw",
                                                     "clone_v21_quirks",
                                                     "flaky_bluetooth",
                                                     "ecu_stops_answering",
                                                     "realistic_timing"};

scenario load(std::string_view name) {
  auto r = load_scenario(find_scenario(name));
  EXPECT_TRUE(r.has_value()) << (r.has_value() ? "" : r.error().message());
  return r.has_value() ? *r : scenario{};
}

ecu_address can11(std::uint32_t id) {
  return {id, false, true};
}

// ---------------------------------------------------------------- catalogue

TEST(ScenarioCatalogue, ListsAtLeastTheRequiredScenarios) {
  const auto names = list_scenarios();
  EXPECT_GE(names.size(), 15u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const auto& n : required_catalogue)
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
}

TEST(ScenarioCatalogue, EveryFileLoadsAndIsConsistent) {
  for (const auto& name : list_scenarios()) {
    SCOPED_TRACE(name);
    auto r = load_scenario(find_scenario(name));
    ASSERT_TRUE(r.has_value()) << r.error().message();
    const scenario& s = *r;
    EXPECT_EQ(s.name, name);
    EXPECT_FALSE(s.description.empty());
    ASSERT_FALSE(s.ecus.empty());
    // A running engine or a car in READY: the charging system holds 12.4..14.5 V.
    EXPECT_GE(s.battery_voltage, 12.4);
    EXPECT_LE(s.battery_voltage, 14.5);
    for (const auto& e : s.ecus) {
      SCOPED_TRACE(e.name);
      if (e.odometer_km && e.distance_since_clear_km) {
        EXPECT_GE(*e.odometer_km, *e.distance_since_clear_km);
      }
      // PID 42 (control module voltage) matches what ATRV reads on the same car, within 0.3 V.
      if (auto it = e.pids.find(0x42); it != e.pids.end()) {
        EXPECT_NEAR(it->second.physical.at(0), s.battery_voltage, 0.3);
      }
      // No MIL without a reason, and a MIL distance only with the MIL on.
      vehicle v(s);
      const auto i = *v.find_ecu(e.address);
      if (e.distance_with_mil_km && *e.distance_with_mil_km > 0) {
        EXPECT_TRUE(v.mil_on(i));
      }
      // A6 is only answered by cars new enough (J1979 added it for model year 2019-ish ECUs).
      if (e.odometer_km && s.vehicle.model_year) {
        EXPECT_GE(*s.vehicle.model_year, 2019);
      }
    }
    // Legacy protocols belong to pre-CAN model years (CAN mandatory for US model year 2008).
    if (protocols::is_legacy(s.protocol) && s.vehicle.model_year) {
      EXPECT_LT(*s.vehicle.model_year, 2008);
    }
  }
}

TEST(ScenarioCatalogue, VinCheckDigitsAndModelYearCodes) {
  int checked = 0;
  for (const auto& name : list_scenarios()) {
    SCOPED_TRACE(name);
    const auto s = load(name);
    for (const auto& e : s.ecus) {
      if (e.vin.empty()) continue;
      auto info = protocols::parse_vin(e.vin);
      ASSERT_TRUE(info.has_value());
      // Where the make's market VINs carry a check digit, it must be right (49 CFR 565.15).
      if (s.vehicle.vin_check_digit) {
        EXPECT_TRUE(info->check_digit_valid) << e.vin << " wants " << info->expected_check_digit;
        ++checked;
      }
      // Position 10 codes the model year (49 CFR 565.15(d)) in VINs built to 565; European
      // VINs without a check digit may put a plant or filler code there.
      if (s.vehicle.vin_check_digit && s.vehicle.model_year && info->model_year_candidates) {
        const auto& c = *info->model_year_candidates;
        EXPECT_TRUE(c[0] == *s.vehicle.model_year || c[1] == *s.vehicle.model_year) << e.vin;
      }
      // The WMI is a real manufacturer code of the make the scenario names.
      if (auto maker = protocols::wmi_manufacturer(info->wmi())) {
        EXPECT_NE(maker->find(s.vehicle.make.substr(0, 4)), std::string_view::npos)
            << e.vin << " is " << *maker;
      }
    }
  }
  EXPECT_GE(checked, 10);
}

TEST(ScenarioCatalogue, MilMisfireMatchesItsStory) {
  const auto s = load("mil_misfire");
  ASSERT_EQ(s.ecus.size(), 1u);
  const auto& ecm = s.ecus[0];
  EXPECT_EQ(ecm.address, can11(0x7E8));
  EXPECT_EQ(ecm.dtcs.stored, (std::vector<std::string>{"P0301", "P0300"}));
  EXPECT_EQ(ecm.dtcs.pending, (std::vector<std::string>{"P0171"}));
  ASSERT_TRUE(ecm.freeze.has_value());
  EXPECT_EQ(ecm.freeze->dtc, "P0301");
  for (std::uint8_t pid : {0x04, 0x05, 0x06, 0x07, 0x0C, 0x0D})
    EXPECT_TRUE(ecm.freeze->values.count(pid)) << int{pid};
  // P0171 (lean): the ECU adds fuel, so the long-term trim is well above zero.
  EXPECT_GT(ecm.pids.at(0x07).physical.at(0), 10.0);
  EXPECT_EQ(ecm.pids.at(0x0C).physical, std::vector<double>{780});
  EXPECT_EQ(ecm.pids.at(0x14).physical, (std::vector<double>{0.12, 6.3}));
  vehicle v(s);
  EXPECT_TRUE(v.mil_on());
  EXPECT_EQ(v.reported_dtc_count(0), 2);
}

TEST(ScenarioCatalogue, ProtocolsAddressesAndPersonalities) {
  EXPECT_EQ(load("can29_car").protocol, obd_protocol::can29_500);
  EXPECT_EQ(load("can29_car").ecus[0].address, (ecu_address{0x18DAF110, true, true}));
  EXPECT_EQ(load("iso9141_2004").protocol, obd_protocol::iso9141_2);
  EXPECT_EQ(load("iso9141_2004").ecus[0].address, (ecu_address{0x10, false, true}));
  EXPECT_EQ(load("kwp2000_fast").protocol, obd_protocol::kwp2000_fast);
  EXPECT_EQ(load("j1850_vpw").protocol, obd_protocol::j1850_vpw);
  EXPECT_EQ(load("diesel").ecus[0].ignition, ignition_type::compression);
  EXPECT_EQ(load("hybrid").ecus.size(), 3u);

  const auto multi = load("multi_ecu");
  ASSERT_EQ(multi.ecus.size(), 2u);
  EXPECT_EQ(multi.find_ecu(can11(0x7E8))->dtcs.stored, std::vector<std::string>{"P0700"});
  EXPECT_EQ(multi.find_ecu(can11(0x7E9))->dtcs.stored, std::vector<std::string>{"P0741"});

  const auto clone = load("clone_v21_quirks");
  EXPECT_EQ(clone.adapter.version, "ELM327 v2.1");
  EXPECT_TRUE(clone.adapter.quirks.no_ats0);
  EXPECT_TRUE(clone.adapter.quirks.no_response_count);
  EXPECT_TRUE(clone.adapter.quirks.split_prompt);
  EXPECT_FALSE(clone.adapter.quirks.atz_drops_link);
  EXPECT_EQ(load("healthy_2022").adapter, adapter_personality{});  // defaults: ELM327 v1.5

  const auto flaky = load("flaky_bluetooth");
  ASSERT_EQ(flaky.faults.size(), 2u);
  EXPECT_EQ(flaky.faults[0].kind, fault_kind::garbage_bytes);
  EXPECT_EQ(flaky.faults[0].n, 3u);
  EXPECT_EQ(flaky.faults[0].bytes, (byte_vector{0xFF, 0x00, 0x3F, 0x80}));
  EXPECT_EQ(flaky.faults[1].kind, fault_kind::disconnect_after_requests);
  EXPECT_EQ(flaky.faults[1].n, 12u);

  const auto silent = load("ecu_stops_answering");
  ASSERT_EQ(silent.faults.size(), 1u);
  EXPECT_EQ(silent.faults[0].kind, fault_kind::ecu_stops_answering_after);
  EXPECT_EQ(silent.faults[0].ecu, can11(0x7E9));

  const auto bench = load("realistic_timing");
  EXPECT_EQ(bench.timing.baud, 38400u);
  EXPECT_EQ(bench.timing.ecu_latency_ms, 30u);
  EXPECT_GT(bench.timing.jitter_ms, 0u);
  EXPECT_EQ(bench.ecus.size(), 2u);
  EXPECT_TRUE(vehicle(bench).mil_on());
}

TEST(ScenarioCatalogue, SupportedPidsFollowFromTheValuesGiven) {
  const auto healthy = load("healthy_2022");
  const auto pids = healthy.ecus[0].supported_pids();
  for (std::uint8_t pid : {0x01, 0x0C, 0x31, 0x4E, 0x30, 0xA6})
    EXPECT_TRUE(pids.count(pid)) << int{pid};
  EXPECT_FALSE(pids.count(0x21));  // no distance_with_mil_km given
  EXPECT_FALSE(load("no_odometer").ecus[0].supported_pids().count(0xA6));
  EXPECT_EQ(healthy.ecus[1].supported_pids(), (std::set<std::uint8_t>{0x01, 0x0D}));
}

// ---------------------------------------------------------------- corrupt inputs

// A small valid file the table below breaks one piece at a time.
constexpr std::string_view valid_json = R"({
  "name": "t", "protocol": 6,
  "ecus": [
    {"address": "7E8", "name": "ECM", "pids": {"0C": 812, "05": 88},
     "dtcs": {"stored": ["P0301"]}, "odometer_km": 45678.9, "distance_since_clear_km": 120}
  ]
})";

std::string replaced(std::string_view from, std::string_view to) {
  std::string s(valid_json);
  const auto at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(ScenarioLoader, TheTemplateIsValid) {
  auto r = parse_scenario(valid_json, "t.json", "t");
  ASSERT_TRUE(r.has_value()) << r.error().message();
  EXPECT_EQ(r->ecus[0].pids.at(0x0C).physical, std::vector<double>{812});
  EXPECT_EQ(r->timing, timing{});
  EXPECT_EQ(r->timing.elm_st_timeout_ms, 200u);  // ATST 32 x 4 ms
}

struct corrupt_case {
  const char* what;
  std::string text;
  scenario_errc code;
  const char* key;      // expected key path, exactly
  const char* problem;  // expected substring of the problem
};

TEST(ScenarioLoader, CorruptInputsNameFileKeyAndProblem) {
  const std::vector<corrupt_case> cases = {
      {"truncated JSON", std::string(valid_json.substr(0, 60)), scenario_errc::syntax, "",
       "invalid JSON"},
      {"stray comma", replaced("\"protocol\": 6,", "\"protocol\": 6,,"), scenario_errc::syntax, "",
       "invalid JSON"},
      {"unknown top-level key", replaced("\"protocol\"", "\"protocl\": 6, \"protocol\""),
       scenario_errc::unknown_key, "protocl", "did you mean \"protocol\"?"},
      {"unknown ECU key", replaced("\"odometer_km\"", "\"odometr_km\""), scenario_errc::unknown_key,
       "ecus[0].odometr_km", "did you mean \"odometer_km\"?"},
      {"bad DTC", replaced("P0301", "P03O1"), scenario_errc::invalid_value,
       "ecus[0].dtcs.stored[0]", "\"P03O1\" is not a DTC: 'O' is not a hex digit"},
      {"bad DTC letter", replaced("P0301", "X0301"), scenario_errc::invalid_value,
       "ecus[0].dtcs.stored[0]", "'X' is not a system letter"},
      {"bad address", replaced("7E8", "7G8"), scenario_errc::invalid_value, "ecus[0].address",
       "'G' is not a hex digit"},
      {"address outside 7E8..7EF", replaced("7E8", "7DF"), scenario_errc::invalid_value,
       "ecus[0].address", "7E8..7EF"},
      {"11-bit address on 29-bit CAN", replaced("\"protocol\": 6", "\"protocol\": 7"),
       scenario_errc::invalid_value, "ecus[0].address", "18DAF1xx"},
      {"coolant too hot for PID 05", replaced("\"05\": 88", "\"05\": 250"),
       scenario_errc::out_of_range, "ecus[0].pids.05", "-40..215"},
      {"rpm too high for PID 0C", replaced("812", "17000"), scenario_errc::out_of_range,
       "ecus[0].pids.0C", "0..16383.8"},
      {"string instead of number", replaced("812", "\"812\""), scenario_errc::wrong_type,
       "ecus[0].pids.0C", "expected a number, got a string (\"812\")"},
      {"protocol 0", replaced("\"protocol\": 6", "\"protocol\": 0"), scenario_errc::invalid_value,
       "protocol", "automatic"},
      {"protocol 10", replaced("\"protocol\": 6", "\"protocol\": 10"), scenario_errc::out_of_range,
       "protocol", "1..9"},
      {"protocol as text", replaced("\"protocol\": 6", "\"protocol\": \"6\""),
       scenario_errc::wrong_type, "protocol", "expected a number"},
      {"missing ecus", replaced("\"ecus\"", "\"ecus_\""), scenario_errc::unknown_key, "ecus_",
       "unknown key"},
      {"odometer below distance since clear", replaced("45678.9", "100"),
       scenario_errc::inconsistent, "ecus[0].distance_since_clear_km", "more than the odometer"},
      {"derived PID in pids", replaced("\"05\": 88", "\"A6\": 1000"), scenario_errc::invalid_value,
       "ecus[0].pids.A6", "\"odometer_km\""},
      {"PID 01 in pids", replaced("\"05\": 88", "\"01\": 0"), scenario_errc::invalid_value,
       "ecus[0].pids.01", "computed"},
      {"bad VIN check digit",
       replaced("\"name\": \"ECM\"", "\"name\": \"ECM\", \"vin\": \"1M8GDM9A1KP042788\""),
       scenario_errc::invalid_value, "ecus[0].vin", "should be 'X'"},
      {"VIN with an O",
       replaced("\"name\": \"ECM\"", "\"name\": \"ECM\", \"vin\": \"1M8GDM9AXKP04278O\""),
       scenario_errc::invalid_value, "ecus[0].vin", "'O' is not allowed"},
      {"spark monitor on a diesel",
       replaced("\"name\": \"ECM\"",
                "\"name\": \"ECM\", \"ignition\": \"compression\", \"readiness\": {\"evap\": "
                "\"complete\"}"),
       scenario_errc::inconsistent, "ecus[0].readiness.evap", "spark-ignition monitor"},
      {"unknown quirk",
       replaced("\"protocol\": 6", "\"protocol\": 6, \"adapter\": {\"quirks\": [\"no_ats1\"]}"),
       scenario_errc::invalid_value, "adapter.quirks[0]", "unknown quirk \"no_ats1\""},
      {"ATST not in 4 ms steps",
       replaced("\"protocol\": 6", "\"protocol\": 6, \"timing\": {\"elm_st_timeout_ms\": 201}"),
       scenario_errc::invalid_value, "timing.elm_st_timeout_ms", "multiple of 4"},
      {"fault for an ECU that does not exist",
       replaced("\"protocol\": 6",
                "\"protocol\": 6, \"faults\": [{\"kind\": \"ecu_stops_answering_after\", \"ecu\": "
                "\"7E9\", \"n\": 2}]"),
       scenario_errc::inconsistent, "faults[0].ecu", "not one of the scenario's ECUs"},
      {"bus init error on CAN",
       replaced("\"protocol\": 6", "\"protocol\": 6, \"faults\": [{\"kind\": \"bus_init_error\"}]"),
       scenario_errc::inconsistent, "faults[0].kind", "protocols 3..5"},
      {"parameter a fault kind does not take",
       replaced("\"protocol\": 6",
                "\"protocol\": 6, \"faults\": [{\"kind\": \"drop_nth_reply\", \"n\": 2, \"ecu\": "
                "\"7E8\"}]"),
       scenario_errc::unknown_key, "faults[0].ecu", "unknown key"},
      {"freeze frame of a code not stored",
       replaced("\"odometer_km\"",
                "\"freeze_frame\": {\"dtc\": \"P0420\", \"pids\": {\"0C\": 800}}, \"odometer_km\""),
       scenario_errc::inconsistent, "ecus[0].freeze_frame.dtc", "neither a stored nor a pending"},
      {"O2 sensor field missing", replaced("\"05\": 88", "\"14\": {\"o2_s1_voltage\": 0.45}"),
       scenario_errc::missing_key, "ecus[0].pids.14.o2_s1_stft", "required"},
      {"raw bytes of the wrong length", replaced("812", "{\"raw\": \"1A\"}"),
       scenario_errc::invalid_value, "ecus[0].pids.0C.raw", "expected 2"},
      {"duplicate ECU address",
       replaced("\"ecus\": [", "\"ecus\": [{\"address\": \"7E8\", \"name\": \"TCM\"},"),
       scenario_errc::inconsistent, "ecus[1].address", "used by two ECUs"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto r = parse_scenario(c.text, "bad/t.json", "t");
    ASSERT_FALSE(r.has_value());
    const auto& e = r.error();
    EXPECT_EQ(e.code, make_error_code(c.code)) << e.message();
    EXPECT_EQ(e.file, "bad/t.json");
    EXPECT_EQ(e.key, c.key) << e.message();
    EXPECT_NE(e.problem.find(c.problem), std::string::npos) << e.message();
    const auto m = e.message();
    EXPECT_EQ(m.rfind("bad/t.json", 0), 0u) << m;
    EXPECT_NE(m.find(c.key), std::string::npos) << m;
  }
}

TEST(ScenarioLoader, SyntaxErrorsCarryLineAndColumn) {
  auto r = parse_scenario("{\n  \"name\": \"t\",\n  \"protocol\": 6 6\n}", "x.json", "t");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, make_error_code(scenario_errc::syntax));
  ASSERT_TRUE(r.error().line.has_value());
  EXPECT_EQ(*r.error().line, 3u);
  ASSERT_TRUE(r.error().column.has_value());
  EXPECT_EQ(*r.error().column, 17u);  // the second 6
  EXPECT_EQ(r.error().message().rfind("x.json:3:17: invalid JSON", 0), 0u) << r.error().message();

  auto truncated = parse_scenario("{\n  \"name\": \"t\",\n  \"ecus\": [", "y.json", "t");
  ASSERT_FALSE(truncated.has_value());
  EXPECT_EQ(truncated.error().line, 3u);
}

TEST(ScenarioLoader, FilesOnDisk) {
  const auto dir = std::filesystem::path(BAYSCAN_BINARY_DIR) / "test_scenario_files";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "broken.json") << valid_json.substr(0, 40);
    std::ofstream(dir / "t.json") << valid_json;
    std::ofstream(dir / "notes.txt") << "not a scenario";
  }
  EXPECT_EQ(list_scenarios(dir), (std::vector<std::string>{"broken", "t"}));
  EXPECT_TRUE(load_scenario(dir / "t.json").has_value());

  auto broken = load_scenario(dir / "broken.json");
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message().find("broken.json:"), std::string::npos);

  auto missing = load_scenario(dir / "absent.json");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, make_error_code(scenario_errc::cannot_read));
  EXPECT_THROW((void)missing.value(), boost::system::system_error);

  EXPECT_EQ(find_scenario("mil_misfire"),
            std::filesystem::path(BAYSCAN_SCENARIO_DIR) / "mil_misfire.json");
  EXPECT_EQ(find_scenario("some/dir/car.json"), std::filesystem::path("some/dir/car.json"));
  EXPECT_EQ(find_scenario("car.json"), std::filesystem::path("car.json"));
  std::filesystem::remove_all(dir);
}

// ---------------------------------------------------------------- vehicle (service 04)

TEST(Vehicle, ClearDiagnosticInformationKeepsPermanentCodes) {
  vehicle v(load("mil_misfire"));
  ASSERT_TRUE(v.mil_on(0));
  ASSERT_TRUE(v.freeze(0).has_value());
  EXPECT_FALSE(v.current_pid(0, 0xA6).has_value());  // this CR-V has no odometer PID

  v.clear_diagnostic_information();

  EXPECT_TRUE(v.dtcs(0).stored.empty());
  EXPECT_TRUE(v.dtcs(0).pending.empty());
  EXPECT_EQ(v.dtcs(0).permanent, std::vector<std::string>{"P0301"});
  EXPECT_FALSE(v.freeze(0).has_value());
  EXPECT_FALSE(v.mil_on(0));
  EXPECT_FALSE(v.mil_on());
  EXPECT_EQ(v.reported_dtc_count(0), 0);
  EXPECT_EQ(v.current_pid(0, 0x31)->physical, std::vector<double>{0});
  EXPECT_EQ(v.current_pid(0, 0x30)->physical, std::vector<double>{0});
  EXPECT_EQ(v.current_pid(0, 0x4E)->physical, std::vector<double>{0});
  EXPECT_EQ(v.current_pid(0, 0x21)->physical, std::vector<double>{0});
  EXPECT_EQ(v.current_pid(0, 0x4D)->physical, std::vector<double>{0});
  // Continuous monitors stay complete; the others must run again.
  const auto& r = v.readiness(0);
  EXPECT_EQ(r.at(readiness_monitor::misfire), (monitor_status{true, true}));
  EXPECT_EQ(r.at(readiness_monitor::components), (monitor_status{true, true}));
  EXPECT_EQ(r.at(readiness_monitor::catalyst), (monitor_status{true, false}));
  EXPECT_EQ(r.at(readiness_monitor::evap), (monitor_status{true, false}));
  EXPECT_FALSE(r.count(readiness_monitor::secondary_air));  // unsupported stays unsupported
  EXPECT_EQ(v.clear_count(), 1u);
  // Live data and the loaded definition are untouched.
  EXPECT_EQ(v.current_pid(0, 0x0C)->physical, std::vector<double>{780});
  EXPECT_EQ(v.definition().ecus[0].dtcs.stored.size(), 2u);
}

TEST(Vehicle, ClearKeepsOdometerAndUnsupportedCounters) {
  vehicle v(load("healthy_2022"));
  const auto odometer = v.current_pid(0, 0xA6);
  ASSERT_TRUE(odometer.has_value());
  EXPECT_EQ(odometer->physical, std::vector<double>{23456.7});
  v.clear_diagnostic_information();
  EXPECT_EQ(v.current_pid(0, 0xA6), odometer);
  EXPECT_FALSE(v.current_pid(0, 0x21).has_value());  // never supported, still not
  EXPECT_FALSE(v.current_pid(1, 0x31).has_value());
}

TEST(Vehicle, PhysicalClearOnlyTouchesThatEcu) {
  vehicle v(load("multi_ecu"));
  const auto ecm = *v.find_ecu(can11(0x7E8));
  const auto tcm = *v.find_ecu(can11(0x7E9));
  EXPECT_FALSE(v.find_ecu(can11(0x7EA)).has_value());
  v.clear_diagnostic_information(tcm);
  EXPECT_TRUE(v.dtcs(tcm).stored.empty());
  EXPECT_FALSE(v.freeze(tcm).has_value());
  EXPECT_EQ(v.dtcs(ecm).stored, std::vector<std::string>{"P0700"});
  EXPECT_TRUE(v.mil_on());  // the ECM still lights it
  v.clear_diagnostic_information(ecm);
  EXPECT_FALSE(v.mil_on());
  EXPECT_EQ(v.dtcs(ecm).permanent, std::vector<std::string>{"P0700"});
}

TEST(Vehicle, MilOverrideAndCountOverrideLastUntilCleared) {
  auto r = parse_scenario(
      replaced("\"name\": \"ECM\"", "\"name\": \"ECM\", \"mil\": false, \"reported_dtc_count\": 3"),
      "t.json", "t");
  ASSERT_TRUE(r.has_value()) << r.error().message();
  vehicle v(*r);
  EXPECT_FALSE(v.mil_on(0));  // a stored code, yet the lamp is off: a deliberately odd ECU
  EXPECT_EQ(v.reported_dtc_count(0), 3);
  v.clear_diagnostic_information();
  EXPECT_FALSE(v.mil_on(0));
  EXPECT_EQ(v.reported_dtc_count(0), 0);
}

TEST(Vehicle, PermanentAfterClearScenarioIsTheClearedState) {
  vehicle v(load("permanent_after_clear"));
  EXPECT_FALSE(v.mil_on());
  EXPECT_TRUE(v.dtcs(0).stored.empty());
  EXPECT_EQ(v.dtcs(0).permanent, std::vector<std::string>{"P0456"});
  EXPECT_EQ(v.readiness(0).at(readiness_monitor::evap), (monitor_status{true, false}));
  const auto before = v.state();
  v.clear_diagnostic_information();
  EXPECT_EQ(v.dtcs(0).permanent, before.ecus[0].dtcs.permanent);
}

TEST(ReadinessMonitors, NamesAndSets) {
  EXPECT_EQ(to_string(readiness_monitor::evap), "evap");
  EXPECT_EQ(readiness_monitor_from_string("egr_vvt"), readiness_monitor::egr_vvt);
  EXPECT_FALSE(readiness_monitor_from_string("evaporative").has_value());
  EXPECT_TRUE(applies_to(readiness_monitor::egr_vvt, ignition_type::compression));
  EXPECT_TRUE(applies_to(readiness_monitor::egr_vvt, ignition_type::spark));
  EXPECT_FALSE(applies_to(readiness_monitor::pm_filter, ignition_type::spark));
  EXPECT_FALSE(applies_to(readiness_monitor::catalyst, ignition_type::compression));
  EXPECT_TRUE(is_continuous(readiness_monitor::fuel_system));
  EXPECT_EQ(fault_kind_from_string("lv_reset"), fault_kind::lv_reset);
  EXPECT_EQ(to_string(fault_kind::buffer_full_on_long_replies), "buffer_full_on_long_replies");
}

}  // namespace
