// The advisor's red flags as pure functions over (this report, the car's earlier visits): no database.
#include <bayscan/core/red_flags.hpp>

#include "core/store_test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace bayscan::core {
namespace {

using test::intake;
constexpr const char* vin = "1HGCM82633A004352";

std::vector<std::string> kinds(const std::vector<report_flag>& flags) {
  std::vector<std::string> out;
  for (const auto& f : flags) out.push_back(f.kind);
  return out;
}

prior_history visits(std::vector<prior_visit> v, std::vector<prior_repair> r = {}) { return {std::move(v), std::move(r)}; }

TEST(Iso8601, DatesAndZones) {
  EXPECT_EQ(parse_iso8601_utc("1970-01-01"), 0);
  EXPECT_EQ(parse_iso8601_utc("1970-01-02T00:00:00Z"), 86400);
  EXPECT_EQ(parse_iso8601_utc("2026-03-01T16:15:00+08:00"), parse_iso8601_utc("2026-03-01T08:15:00Z"));
  EXPECT_EQ(parse_iso8601_utc("2026-03-01T08:15:00.250Z"), parse_iso8601_utc("2026-03-01T08:15:00Z"));
  EXPECT_EQ(parse_iso8601_utc("2024-02-29T00:00"), parse_iso8601_utc("2024-02-28T00:00Z").value() + 86400);
  EXPECT_FALSE(parse_iso8601_utc("2023-02-29"));  // not a leap year
  EXPECT_FALSE(parse_iso8601_utc("2026-13-01"));
  EXPECT_FALSE(parse_iso8601_utc("yesterday"));
  EXPECT_FALSE(parse_iso8601_utc("2026-03-01T25:00:00Z"));
  EXPECT_FALSE(parse_iso8601_utc("2026-03-01T08:15:00Zjunk"));
}

TEST(RedFlags, FirstVisitRaisesNothing) {
  EXPECT_TRUE(compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 52300), {}).empty());
}

TEST(RedFlags, OdometerLowerThanEarlierVisitIsRollback) {
  const auto h = visits({{1, "2025-09-01T08:00:00Z", 61000.0, {}}, {2, "2026-01-10T08:00:00Z", 64500.0, {}}});
  const auto flags = compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 45210), h);
  ASSERT_EQ(kinds(flags), std::vector<std::string>{"odometer_rollback"});
  EXPECT_NE(flags[0].message.find("45210 km is lower than 64500 km recorded on 2026-01-10"), std::string::npos);
  EXPECT_NE(flags[0].message_zh_tw.find("儀表板"), std::string::npos);
}

TEST(RedFlags, RollbackComparesAgainstHighestEarlierReadingNotJustTheLast) {
  // The last visit was typed in wrong (lower); the visit before it is the real high-water mark.
  const auto h = visits({{1, "2025-09-01T08:00:00Z", 64000.0, {}}, {2, "2026-01-10T08:00:00Z", 30000.0, {}}});
  EXPECT_EQ(kinds(compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 50000), h)),
            std::vector<std::string>{"odometer_rollback"});
}

TEST(RedFlags, ReadingWithinRoundingIsNotRollback) {
  // The advisor typed 64500 from the cluster; PID A6 now reads 64499.4 (0.1 km resolution).
  const auto h = visits({{1, "2026-02-28T08:00:00Z", 64500.0, {}}});
  EXPECT_TRUE(compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 64499.4), h).empty());
}

TEST(RedFlags, LaterVisitsDoNotCountAsEarlier) {
  // Importing an old scan after a newer one: the newer, higher reading is not "earlier".
  const auto h = visits({{1, "2026-06-01T08:00:00Z", 70000.0, {}}});
  EXPECT_TRUE(compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 60000), h).empty());
}

TEST(RedFlags, ImplausibleDailyDistance) {
  // 9,000 km in 3 days = 3,000 km/day.
  const auto h = visits({{1, "2026-02-26T08:00:00Z", 40000.0, {}}});
  const auto flags = compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 49000), h);
  ASSERT_EQ(kinds(flags), std::vector<std::string>{"odometer_implausible_rate"});
  EXPECT_NE(flags[0].message.find("3000 km/day"), std::string::npos);
}

TEST(RedFlags, PlausibleDailyDistanceAndSameDayRescan) {
  // 1,200 km/day for a taxi over two days is high but possible; 40 km between two scans an hour
  // apart is judged per day (floored), not as 960 km/h.
  EXPECT_TRUE(compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 42400),
                                visits({{1, "2026-02-27T08:00:00Z", 40000.0, {}}}))
                  .empty());
  EXPECT_TRUE(compute_red_flags(intake(vin, "2026-03-01T09:00:00Z", 40040),
                                visits({{1, "2026-03-01T08:00:00Z", 40000.0, {}}}))
                  .empty());
}

TEST(RedFlags, CodesClearedShortlyBeforeVisitWithIncompleteMonitors) {
  auto r = intake(vin, "2026-03-01T08:00:00Z", 52300);
  r.distance_since_clear_km = 12;
  r.time_since_clear_min = 25;
  r.warmups_since_clear = 1;
  r.readiness = test::spark_readiness({"catalyst", "evap", "o2_sensor", "egr"});
  const auto flags = compute_red_flags(r, {});
  ASSERT_EQ(kinds(flags), std::vector<std::string>{"codes_recently_cleared"});
  EXPECT_NE(flags[0].message.find("12 km"), std::string::npos);
  EXPECT_NE(flags[0].message.find("4/8 supported monitors are incomplete (catalyst, evap, o2_sensor, egr)"),
            std::string::npos);
  EXPECT_NE(flags[0].message_zh_tw.find("未完成"), std::string::npos);
}

TEST(RedFlags, ShortDistanceAloneIsNotEnoughWhenMonitorsAreComplete) {
  auto r = intake(vin, "2026-03-01T08:00:00Z", 52300);
  r.distance_since_clear_km = 12;
  EXPECT_TRUE(compute_red_flags(r, {}).empty());
}

TEST(RedFlags, IncompleteMonitorsAloneAreNotEnoughAfterALongDistance) {
  auto r = intake(vin, "2026-03-01T08:00:00Z", 52300);
  r.readiness = test::spark_readiness({"evap"});  // EVAP often waits for an overnight soak
  EXPECT_TRUE(compute_red_flags(r, {}).empty());
}

TEST(RedFlags, ShortEngineRunTimeSinceClearAlsoCounts) {
  auto r = intake(vin, "2026-03-01T08:00:00Z", 52300);
  r.distance_since_clear_km = std::nullopt;  // PID 31 not supported
  r.time_since_clear_min = 20;
  r.readiness = test::spark_readiness({"catalyst"});
  EXPECT_EQ(kinds(compute_red_flags(r, {})), std::vector<std::string>{"codes_recently_cleared"});
}

TEST(RedFlags, OurOwnRepairExplainsTheClear) {
  auto r = intake(vin, "2026-03-01T08:00:00Z", 52310);
  r.distance_since_clear_km = 12;
  r.readiness = test::spark_readiness({"catalyst"});
  const auto h = visits({{1, "2026-02-28T08:00:00Z", 52295.0, {"P0301"}}},
                        {{"2026-02-28T16:00:00Z", 52298.0, {"P0301"}, "replaced coil cyl 1"}});
  EXPECT_TRUE(compute_red_flags(r, h).empty());
}

TEST(RedFlags, RepairedCodeBackWithinThirtyDaysIsComeback) {
  const auto h = visits({{1, "2026-02-01T08:00:00Z", 50000.0, {"P0301"}}},
                        {{"2026-02-01T17:00:00Z", 50000.0, {"P0301"}, "replaced ignition coil cyl 1"}});
  // 27 days but 2,300 km later: inside the time window.
  const auto flags = compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 52300, {{"P0301", "stored"}}), h);
  ASSERT_EQ(kinds(flags), std::vector<std::string>{"comeback"});
  EXPECT_NE(flags[0].message.find("P0301 is back 27 days / 2300 km after the repair on 2026-02-01"), std::string::npos);
  EXPECT_NE(flags[0].message.find("replaced ignition coil cyl 1"), std::string::npos);
  EXPECT_NE(flags[0].message_zh_tw.find("返修"), std::string::npos);
}

TEST(RedFlags, RepairedCodeBackWithinThousandKmIsComebackEvenMonthsLater) {
  const auto h = visits({}, {{"2025-10-01T17:00:00Z", 50000.0, {"P0420"}, "catalytic converter"}});
  EXPECT_EQ(kinds(compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 50800, {{"P0420", "pending"}}), h)),
            std::vector<std::string>{"comeback"});
}

TEST(RedFlags, NoComebackOutsideBothWindowsOrForOtherCodes) {
  const auto h = visits({}, {{"2025-10-01T17:00:00Z", 50000.0, {"P0420"}, "catalytic converter"}});
  EXPECT_TRUE(compute_red_flags(intake(vin, "2026-03-01T08:00:00Z", 56000, {{"P0420", "stored"}}), h).empty());
  EXPECT_TRUE(compute_red_flags(intake(vin, "2025-10-10T08:00:00Z", 50200, {{"P0171", "stored"}}), h).empty());
}

TEST(RedFlags, ApplyAddsWarningsOnceAndKeepsExisting) {
  auto r = intake(vin, "2026-03-01T08:00:00Z", 45210);
  r.warnings.push_back("adapter reports 11.6 V: battery low");
  const auto flags = compute_red_flags(r, visits({{1, "2026-01-10T08:00:00Z", 64500.0, {}}}));
  apply_red_flags(r, flags);
  apply_red_flags(r, flags);
  ASSERT_EQ(r.flags.size(), 1u);
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_EQ(r.warnings[0], "adapter reports 11.6 V: battery low");
  EXPECT_EQ(r.warnings[1], r.flags[0].message);
}

}  // namespace
}  // namespace bayscan::core
