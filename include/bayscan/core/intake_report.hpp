// IntakeReport: what one intake scan learned about a car (ARCHITECTURE.md, "IntakeReport JSON").
// The JSON keys are a contract shared with the daemon, the store and technicians' tools:
// keys may be added, never renamed. Plain value type; thread-compatible.
#ifndef BAYSCAN_CORE_INTAKE_REPORT_HPP
#define BAYSCAN_CORE_INTAKE_REPORT_HPP

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::core {

struct protocol_info {
  std::string id;    // ELM327 protocol digit, "6"
  std::string name;  // "ISO 15765-4 CAN (11 bit ID, 500 kbaud)"
  friend bool operator==(const protocol_info&, const protocol_info&) = default;
};

struct adapter_info {
  std::string kind;     // "elm327" | "can"
  std::string version;  // "ELM327 v1.5", "STN1110 v5.6", "socketcand" ...
  std::optional<double> battery_voltage;  // ATRV, volts
  friend bool operator==(const adapter_info&, const adapter_info&) = default;
};

struct ecu_info {
  std::string address;  // "7E8", "18DAF110", "10"
  std::string name;     // from 09 0A where supported, else a role guess ("ECM")
  std::vector<std::string> calibration_ids;
  std::vector<std::string> cvns;
  bool mil_on = false;             // this ECU's 01 01 byte A bit 7
  int dtc_count_reported = 0;      // this ECU's 01 01 byte A bits 0-6
  friend bool operator==(const ecu_info&, const ecu_info&) = default;
};

struct dtc_entry {
  std::string code;         // "P0301"
  std::string status;       // "stored" | "pending" | "permanent"
  std::string ecu;          // "7E8"
  std::string description;  // English (J2012 text or an honest "manufacturer-specific")
  std::string description_zh_tw;
  friend bool operator==(const dtc_entry&, const dtc_entry&) = default;
};

struct readiness_entry {
  std::string monitor;  // "misfire", "catalyst", "evap", ...
  bool supported = false;
  bool complete = false;
  friend bool operator==(const readiness_entry&, const readiness_entry&) = default;
};

struct freeze_frame_info {
  std::string dtc;  // the code that stored the frame
  std::string ecu;
  std::map<std::string, double> values;  // PID name -> physical value ("engine_rpm": 812)
  friend bool operator==(const freeze_frame_info&, const freeze_frame_info&) = default;
};

// A machine-readable red flag (store issue): kind plus the sentence the advisor reads.
struct report_flag {
  std::string kind;     // "odometer_rollback", "codes_recently_cleared", "comeback", "no_odometer", ...
  std::string message;  // English
  std::string message_zh_tw;
  friend bool operator==(const report_flag&, const report_flag&) = default;
};

struct intake_report {
  std::optional<std::string> vin;
  bool vin_valid = false;  // syntactically valid; check-digit mismatch is a warning, not invalid
  protocol_info protocol;
  adapter_info adapter;
  std::vector<ecu_info> ecus;
  bool mil_on = false;
  int dtc_count_reported = 0;
  std::vector<dtc_entry> dtcs;
  std::optional<double> odometer_km;
  std::string odometer_source;  // "pid_a6" | "uds" | "manual" | "" (JSON null)
  std::optional<double> distance_since_clear_km;
  std::optional<double> distance_with_mil_km;
  std::optional<double> time_since_clear_min;
  std::optional<double> time_with_mil_min;
  std::optional<int> warmups_since_clear;
  std::optional<double> fuel_level_pct;
  std::optional<double> control_module_voltage;
  std::string obd_standard;  // PID 1C text
  std::string fuel_type;     // PID 51 text
  std::string ignition;      // "spark" | "compression" | ""
  std::vector<readiness_entry> readiness;
  std::optional<freeze_frame_info> freeze_frame;
  std::map<std::string, double> live;  // snapshot: engine_rpm, vehicle_speed, coolant_temp ...
  std::string started_at;  // ISO-8601 UTC
  std::int64_t duration_ms = 0;
  int request_count = 0;
  std::vector<std::string> warnings;
  std::vector<report_flag> flags;
  bool complete = true;  // false when a fault cut the scan short (partial report)

  friend bool operator==(const intake_report&, const intake_report&) = default;
};

boost::json::value to_json(const intake_report& r);

// Reads a report back (store, daemon clients). On failure returns nullopt and sets `error` to a
// sentence naming the key and the problem ("dtcs[2].code: expected a string").
std::optional<intake_report> intake_report_from_json(const boost::json::value& v, std::string& error);

}  // namespace bayscan::core

#endif
