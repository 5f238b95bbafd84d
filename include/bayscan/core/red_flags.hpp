// The advisor's red flags: what the car's earlier visits say about this scan (issue 5).
// Pure functions over (this report, the car's prior history) so every rule is testable without a
// database; the store loads the prior history and calls them inside the intake's transaction.
// Thread-safe (no state).
#ifndef BAYSCAN_CORE_RED_FLAGS_HPP
#define BAYSCAN_CORE_RED_FLAGS_HPP

#include <bayscan/core/intake_report.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bayscan::core {

namespace flag_kind {
inline constexpr const char* odometer_rollback = "odometer_rollback";
inline constexpr const char* odometer_implausible_rate = "odometer_implausible_rate";
inline constexpr const char* codes_recently_cleared = "codes_recently_cleared";
inline constexpr const char* comeback = "comeback";
}  // namespace flag_kind

struct prior_visit {
  std::int64_t intake_id = 0;
  std::string started_at;  // ISO-8601 UTC
  std::optional<double> odometer_km;
  std::vector<std::string> codes;  // every code shown, any status
};

struct prior_repair {
  std::string closed_at;  // ISO-8601 UTC
  std::optional<double> odometer_km;
  std::vector<std::string> codes;
  std::string description;
};

struct prior_history {
  std::vector<prior_visit> visits;  // any order
  std::vector<prior_repair> repairs;
};

struct red_flag_thresholds {
  // A reading this far below an earlier one is not rounding: PID A6 resolves 0.1 km and an advisor
  // typing the cluster reading drops at most the last digit.
  double rollback_tolerance_km = 1.0;
  // 1,500 km/day is 62.5 km/h around the clock; no car brought to a dealer does that between visits.
  // The elapsed time is floored at one day so a same-day re-scan is judged per day, not per minute.
  double max_km_per_day = 1500.0;
  // Monitors need a few drive cycles (cold start, steady cruise, overnight soak for EVAP) after a
  // clear; 50 km is about one commute, so a clear within 50 km or within 60 minutes of engine run
  // time (PID 4E) or fewer than 3 warm-ups (PID 30), with supported monitors still incomplete,
  // means the codes were wiped (or the battery disconnected) on the way in.
  double recent_clear_km = 50.0;
  double recent_clear_min = 60.0;
  int recent_clear_warmups = 3;
  // Issue 5: a repaired code back within 30 days or 1,000 km is a comeback.
  double comeback_days = 30.0;
  double comeback_km = 1000.0;
};

// The flags this report earns against its car's history, English and zh-TW messages.
std::vector<report_flag> compute_red_flags(const intake_report& report, const prior_history& history,
                                           const red_flag_thresholds& thresholds = {});

// Appends each flag to `report.flags` and its English message to `report.warnings`, skipping a
// flag whose kind and message the report already carries (re-storing the same report is harmless).
void apply_red_flags(intake_report& report, const std::vector<report_flag>& flags);

// Seconds since 1970-01-01T00:00:00Z of an ISO-8601 date or date-time ("2026-03-01",
// "2026-03-01T08:15:00Z", "2026-03-01T16:15:00+08:00", fractional seconds allowed).
std::optional<std::int64_t> parse_iso8601_utc(const std::string& text);

}  // namespace bayscan::core

#endif
