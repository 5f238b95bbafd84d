// Shared by the store tests: intake reports as an intake scan of a real car would produce them,
// and a temporary directory that cleans up after itself.
#ifndef BAYSCAN_TESTS_CORE_STORE_TEST_SUPPORT_HPP
#define BAYSCAN_TESTS_CORE_STORE_TEST_SUPPORT_HPP

#include <bayscan/core/intake_report.hpp>

#include <filesystem>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace bayscan::test {

class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("bayscan-store-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The 11 J1979 readiness monitors of a spark-ignition car (01 01 bytes B-D); `incomplete` names
// the supported ones still not complete.
inline std::vector<core::readiness_entry> spark_readiness(const std::vector<std::string>& incomplete = {}) {
  std::vector<core::readiness_entry> out;
  for (const char* m : {"misfire", "fuel_system", "components", "catalyst", "heated_catalyst", "evap",
                        "secondary_air", "ac_refrigerant", "o2_sensor", "o2_heater", "egr"}) {
    const std::string name = m;
    const bool supported = name != "heated_catalyst" && name != "secondary_air" && name != "ac_refrigerant";
    bool complete = supported;
    for (const auto& i : incomplete)
      if (i == name) complete = false;
    out.push_back({name, supported, complete});
  }
  return out;
}

// (code, status) pairs from the engine ECU at 7E8.
inline core::intake_report intake(const std::string& vin, const std::string& started_at, double odometer_km,
                                  const std::vector<std::pair<std::string, std::string>>& dtcs = {}) {
  core::intake_report r;
  r.vin = vin;
  r.vin_valid = true;
  r.protocol = {"6", "ISO 15765-4 CAN (11 bit ID, 500 kbaud)"};
  r.adapter = {"elm327", "ELM327 v1.5", 12.4};
  r.ecus.push_back({"7E8", "ECM-EngineControl", {"37805RBAA620"}, {"A1B2C3D4"}, false, 0});
  for (const auto& [code, status] : dtcs) {
    r.dtcs.push_back({code, status, "7E8", "", ""});
    if (status == "stored") {
      r.mil_on = true;
      ++r.dtc_count_reported;
    }
  }
  r.odometer_km = odometer_km;
  r.odometer_source = "pid_a6";
  r.distance_since_clear_km = 4200;
  r.time_since_clear_min = 5000;
  r.warmups_since_clear = 120;
  r.fuel_level_pct = 41.2;
  r.readiness = spark_readiness();
  r.started_at = started_at;
  r.duration_ms = 9400;
  r.request_count = 37;
  return r;
}

// What a terminal shows for the first requests of an intake (ELM327 echo on, headers on, CAN).
inline std::string session_log_text() {
  return "ATZ\r\r\rELM327 v1.5\r\r>ATE0\rOK\r\r>ATH1\rOK\r\r>ATSP0\rOK\r\r>0100\rSEARCHING...\r"
         "7E8 06 41 00 BE 3F A8 13\r\r>0101\r7E8 06 41 01 81 07 65 04\r\r>03\r7E8 04 43 01 03 01\r\r>"
         "0902\r7E8 10 14 49 02 01 31 48 47\r7E8 21 43 4D 38 32 36 33 33\r7E8 22 41 30 30 34 33 35 32\r\r>";
}

}  // namespace bayscan::test

#endif
