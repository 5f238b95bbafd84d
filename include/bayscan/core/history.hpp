// What the store answers: a car's history by VIN (for the technician) and a fleet view of one DTC
// (for the service manager), plus their JSON and human-readable renderings (zh-TW and English).
// None of these types holds personal data: customers are not reachable from here by design.
// Plain value types; thread-compatible. Rendering functions are pure and thread-safe.
#ifndef BAYSCAN_CORE_HISTORY_HPP
#define BAYSCAN_CORE_HISTORY_HPP

#include <bayscan/common/language.hpp>
#include <bayscan/core/intake_report.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bayscan::core {

// One visit as the technician scans down the list.
struct visit_summary {
  std::int64_t intake_id = 0;
  std::string started_at;  // ISO-8601 UTC
  std::string bay;
  std::optional<double> odometer_km;
  std::string odometer_source;  // "pid_a6" | "uds" | "manual" | ""
  std::optional<double> distance_since_clear_km;
  bool mil_on = false;
  std::optional<double> fuel_level_pct;
  std::vector<std::string> stored;     // confirmed (service 03)
  std::vector<std::string> pending;    // service 07
  std::vector<std::string> permanent;  // service 0A
  int monitors_supported = 0;
  int monitors_complete = 0;
  std::vector<std::string> incomplete_monitors;  // supported but not complete
  std::vector<std::string> flag_kinds;           // red flags raised at this visit
  friend bool operator==(const visit_summary&, const visit_summary&) = default;
};

// One code across all visits.
struct code_history {
  std::string code;
  std::string first_seen;  // started_at of the first visit showing it
  std::string last_seen;
  int visits_seen = 0;
  // Present at a visit and then absent at a later one before coming back, or the ECU's distance
  // since clear shows a clear between two visits that both showed it.
  bool cleared_between_visits = false;
  int times_repaired = 0;           // repairs recorded at the dealer naming this code
  std::string current_status;       // status at the latest visit: "stored" | "pending" | "permanent" | "absent"
  friend bool operator==(const code_history&, const code_history&) = default;
};

struct repair_summary {
  std::int64_t id = 0;
  std::string closed_at;
  std::optional<double> odometer_km;
  std::vector<std::string> codes;
  std::string description;
  friend bool operator==(const repair_summary&, const repair_summary&) = default;
};

struct vehicle_summary {
  std::optional<std::string> vin;
  std::optional<std::string> plate;
  std::optional<std::string> make;
  std::optional<std::string> model;
  std::optional<int> model_year;
  std::optional<std::string> engine;
  friend bool operator==(const vehicle_summary&, const vehicle_summary&) = default;
};

struct vehicle_history {
  vehicle_summary vehicle;
  std::vector<visit_summary> visits;  // oldest first
  std::vector<code_history> codes;    // by first seen, then code
  std::vector<repair_summary> repairs;
  friend bool operator==(const vehicle_history&, const vehicle_history&) = default;
};

// `bayscan fleet --dtc CODE [--model M] [--since DATE]`.
struct fleet_filter {
  std::string code;                  // "P0420"
  std::optional<std::string> model;  // exact model name, case-insensitive
  std::optional<std::string> since;  // ISO date or date-time; none = all time
  std::size_t vehicle_limit = 500;   // cars listed (the totals count all of them)
  std::size_t top_codes = 5;         // codes listed per model
};

struct fleet_vehicle {
  std::optional<std::string> vin;
  std::optional<std::string> make;
  std::optional<std::string> model;
  std::optional<int> model_year;
  int intakes_with_code = 0;
  std::string first_seen;
  std::string last_seen;
  friend bool operator==(const fleet_vehicle&, const fleet_vehicle&) = default;
};

struct code_count {
  std::string code;
  std::int64_t intakes = 0;  // intakes that showed the code (any status, counted once per intake)
  friend bool operator==(const code_count&, const code_count&) = default;
};

struct fleet_model_summary {
  std::string make;   // "" when never entered
  std::string model;  // "" when never entered
  int vehicles_with_code = 0;
  int intakes_with_code = 0;
  // The model's most frequent codes over the same period, counted per calendar month from the
  // month containing `since` (the store keeps a per-model monthly roll-up so this stays fast).
  std::vector<code_count> top_codes;
  friend bool operator==(const fleet_model_summary&, const fleet_model_summary&) = default;
};

struct fleet_result {
  std::string code;
  std::optional<std::string> model;
  std::optional<std::string> since;
  int vehicles_total = 0;  // cars that showed the code (vehicles may be truncated to the limit)
  int intakes_total = 0;
  std::vector<fleet_vehicle> vehicles;      // most intakes with the code first
  std::vector<fleet_model_summary> models;  // most cars with the code first
  friend bool operator==(const fleet_result&, const fleet_result&) = default;
};

boost::json::value to_json(const vehicle_history& h);
boost::json::value to_json(const fleet_result& f);

// Plain text for a terminal, one visit per line and one code per line.
std::string render_history(const vehicle_history& h, language lang);
std::string render_fleet(const fleet_result& f, language lang);

}  // namespace bayscan::core

#endif
