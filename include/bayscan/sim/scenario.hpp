// A simulated vehicle as loaded from a scenario file (sim/scenarios/*.json, format in
// docs/scenarios.md): the protocol, the ECUs with their PID values, trouble codes, readiness and
// identification, the ELM327 personality the emulator imitates, timing and faults to inject.
// Plain values with no behaviour beyond look-ups; the mutable side (codes cleared by service 04)
// lives in sim::vehicle. A loaded scenario is immutable by convention and safe to share between
// threads for reading.
#ifndef BAYSCAN_SIM_SCENARIO_HPP
#define BAYSCAN_SIM_SCENARIO_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/obd_protocol.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::sim {

// A service 01 / 02 value. `physical` holds one entry per field of the PID, in the units and order
// of protocols::find_pid(pid)->fields (SAE J1979-DA scalings): one for most PIDs (0C rpm, 05 °C),
// two for the oxygen sensor PIDs 14..1B (volts, short-term trim %); the server encoders scale them
// to bytes. `raw`, when set, holds the data bytes after the PID echo exactly as the ECU sends
// them, for values a scenario wants bit-exact (including PIDs without a scaling).
struct pid_value {
  std::vector<double> physical;
  std::optional<byte_vector> raw;

  bool is_raw() const noexcept { return raw.has_value(); }
  friend bool operator==(const pid_value&, const pid_value&) = default;
};

using pid_values = std::map<std::uint8_t, pid_value>;

// Readiness monitors of service 01 PID 01 (SAE J1979-DA PID 01 bytes B..D). The first three are
// the continuous monitors (byte B); then the spark-ignition set, egr_vvt (bit 7 of both sets) and
// the compression-ignition set (bytes C/D; byte B bit 3 selects which set applies).
enum class readiness_monitor : std::uint8_t {
  misfire,
  fuel_system,
  components,
  // spark ignition (bytes C/D bits 0..6; bit 7 is egr_vvt)
  catalyst,
  heated_catalyst,
  evap,
  secondary_air,
  ac_refrigerant,
  oxygen_sensor,
  oxygen_sensor_heater,
  // both sets, bit 7: EGR and/or VVT
  egr_vvt,
  // compression ignition (bytes C/D bits 0, 1, 3, 5, 6)
  nmhc_catalyst,
  nox_scr,
  boost_pressure,
  exhaust_gas_sensor,
  pm_filter,
};

enum class ignition_type : std::uint8_t { spark, compression };

// "catalyst", "evap", "egr_vvt"...: the names of protocols/readiness.hpp, used in scenario files
// and the IntakeReport.
std::string_view to_string(readiness_monitor m) noexcept;
std::optional<readiness_monitor> readiness_monitor_from_string(std::string_view name) noexcept;
// True for misfire, fuel_system and components: monitored all the time the engine runs, so
// scan tools and inspection stations always see them complete once supported.
bool is_continuous(readiness_monitor m) noexcept;
// Whether the monitor belongs to the PID 01 set reported for this ignition type.
bool applies_to(readiness_monitor m, ignition_type ignition) noexcept;

struct monitor_status {
  bool supported = false;
  bool complete = false;
  friend bool operator==(const monitor_status&, const monitor_status&) = default;
};

using readiness_map = std::map<readiness_monitor, monitor_status>;

// DTCs as printed in five characters ("P0301"); validated by the loader.
struct dtc_lists {
  std::vector<std::string> stored;     // service 03: confirmed
  std::vector<std::string> pending;    // service 07
  std::vector<std::string> permanent;  // service 0A
  friend bool operator==(const dtc_lists&, const dtc_lists&) = default;
};

// Service 02 frame 0: the code that stored it and the PID values at that moment.
struct freeze_frame {
  std::string dtc;
  pid_values values;
  friend bool operator==(const freeze_frame&, const freeze_frame&) = default;
};

struct ecu {
  // Response address: 11-bit CAN "7E8", 29-bit CAN "18DAF110", legacy header source "10".
  protocols::ecu_address address;
  std::string name;               // "ECM", "TCM", "HCU": for logs and docs
  std::string ecu_name_infotype;  // service 09 infotype 0A, "ECM-EngineControl"; empty: unsupported
  ignition_type ignition = ignition_type::spark;

  // Service 01 PIDs with given values. PID 01 and the PIDs below that have their own fields
  // (21, 30, 31, 4D, 4E, A6) are derived, never listed here; supported-PID bitmaps are computed.
  pid_values pids;
  dtc_lists dtcs;
  std::optional<freeze_frame> freeze;

  std::string vin;                  // empty: this ECU does not answer 09 02
  std::vector<std::string> calids;  // service 09 infotype 04, up to 16 characters each
  std::vector<std::string> cvns;    // service 09 infotype 06, 8 hex digits each

  std::optional<bool> mil;                         // override; default: on iff stored codes exist
  std::optional<std::uint8_t> reported_dtc_count;  // override of the PID 01 count (0..127)
  readiness_map readiness;                         // monitors absent from the file are unsupported

  std::optional<double> distance_since_clear_km;  // PID 31
  std::optional<double> time_since_clear_min;     // PID 4E
  std::optional<double> warmups_since_clear;      // PID 30
  std::optional<double> distance_with_mil_km;     // PID 21
  std::optional<double> time_with_mil_min;        // PID 4D
  std::optional<double> odometer_km;              // PID A6; absent: unsupported

  // Every service 01 PID this ECU answers, including 01 and the derived ones, excluding the
  // supported-PID bitmaps themselves (00, 20, 40 ...), which follow from this set.
  std::set<std::uint8_t> supported_pids() const;

  friend bool operator==(const ecu&, const ecu&) = default;
};

// Clone behaviours a real adapter shows and a client must survive.
struct adapter_quirks {
  bool no_ats0 = false;            // ATS0 answers "?" (firmware before v1.3)
  bool no_response_count = false;  // "0100 1" answers NO DATA
  bool atz_drops_link = false;     // the link closes after ATZ (some Bluetooth clones)
  bool split_prompt = false;       // reply and "\r\r>" arrive as separate writes with a pause
  bool trailing_space = false;     // "41 00 BE 3F A8 13 \r"
  bool no_searching_line = false;  // automatic search prints no "SEARCHING..."
  bool lowercase_hex = false;      // "41 0c 1a f8"
  friend bool operator==(const adapter_quirks&, const adapter_quirks&) = default;
};

struct adapter_personality {
  std::string version = "ELM327 v1.5";                            // ATZ banner, ATI
  std::string device_description = "OBDII to RS232 Interpreter";  // AT@1
  adapter_quirks quirks;
  friend bool operator==(const adapter_personality&, const adapter_personality&) = default;
};

struct timing {
  std::uint32_t ecu_latency_ms = 10;      // request end to first response frame
  std::uint32_t jitter_ms = 0;            // +/- uniformly around the latency
  std::uint32_t inter_frame_gap_ms = 0;   // between frames of one multi-frame reply
  std::uint32_t baud = 38400;             // serial rate the emulator imitates
  std::uint32_t elm_st_timeout_ms = 200;  // ATST default 0x32 x 4 ms (ELM327 datasheet, ATST)
  std::uint8_t adaptive_timing = 1;       // ATAT0/1/2, default 1
  friend bool operator==(const timing&, const timing&) = default;
};

enum class fault_kind : std::uint8_t {
  drop_nth_reply,               // n: the vehicle's answer to request n is lost (NO DATA)
  garbage_bytes,                // n, bytes: bytes arrive before the reply to request n
  disconnect_after_requests,    // n: the link closes after request n is answered
  ecu_stops_answering_after,    // ecu, n: that ECU answers its first n requests only
  can_error_on_first_try,       // n (default 1): the first n OBD requests print CAN ERROR
  bus_init_error,               // n (default 1): the first n legacy bus inits fail
  lv_reset,                     // n: the adapter prints LV RESET and resets at request n
  buffer_full_on_long_replies,  // n: ECU messages longer than n bytes end in BUFFER FULL
};

std::string_view to_string(fault_kind k) noexcept;
std::optional<fault_kind> fault_kind_from_string(std::string_view name) noexcept;

struct fault {
  fault_kind kind = fault_kind::drop_nth_reply;
  std::uint32_t n = 0;
  std::optional<protocols::ecu_address> ecu;
  byte_vector bytes;
  friend bool operator==(const fault&, const fault&) = default;
};

// Descriptive data about the car; not served over OBD, used by docs and consistency tests.
struct vehicle_description {
  std::string make;
  std::string model;
  std::optional<int> model_year;
  // Whether the VIN's 9th character is a 49 CFR 565.15 check digit. North American, Asian and
  // Chinese VINs carry one; European-market VINs often do not ("WVWZZZ...Z...").
  bool vin_check_digit = true;
  friend bool operator==(const vehicle_description&, const vehicle_description&) = default;
};

struct scenario {
  std::string name;  // the file stem
  std::string description;
  vehicle_description vehicle;
  protocols::obd_protocol protocol = protocols::obd_protocol::can11_500;
  std::vector<ecu> ecus;
  adapter_personality adapter;
  sim::timing timing;
  std::vector<fault> faults;
  double battery_voltage = 12.6;  // ATRV

  const ecu* find_ecu(protocols::ecu_address address) const noexcept;
  friend bool operator==(const scenario&, const scenario&) = default;
};

}  // namespace bayscan::sim

#endif
