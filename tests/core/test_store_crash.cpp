// Crash safety: a writer child storing scans in a loop is SIGKILLed at many points (during open
// and migrations, mid-transaction, between commits). After every kill the file must pass
// PRAGMA integrity_check and every committed intake must be complete: all its DTC events,
// readiness rows and its session log, or not there at all.
#include <bayscan/core/sqlite_store.hpp>

#include "core/store_test_support.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <thread>

namespace bayscan::core {
namespace {

const std::vector<std::pair<std::string, std::string>> code_pool = {
    {"P0301", "stored"}, {"P0302", "stored"}, {"P0420", "pending"}, {"P0171", "stored"},
    {"P0442", "pending"}, {"P0128", "stored"}, {"U0100", "permanent"}};

// Scan n of the writer: its DTC count varies 0..7 so a half-written scan would show.
pending_intake scan(int n) {
  std::vector<std::pair<std::string, std::string>> dtcs(code_pool.begin(), code_pool.begin() + (n % 8));
  char vin[18];
  std::snprintf(vin, sizeof vin, "JTDBR32E72%07d", n % 50);  // 50 cars, each visited repeatedly
  char at[32];
  std::snprintf(at, sizeof at, "2026-%02d-%02dT%02d:%02d:00Z", 1 + (n / 2000) % 12, 1 + (n / 80) % 25, (n / 4) % 24, n % 60);
  pending_intake p{test::intake(vin, at, 10000.0 + n * 10, dtcs), {}};
  p.meta.bay = "bay-" + std::to_string(n % 4);
  p.meta.adapter_uri = "sim:misfire";
  p.meta.session_log = test::session_log_text() + "\r# scan " + std::to_string(n) + "\r";
  p.meta.model = "Corolla";
  return p;
}

[[noreturn]] void writer(const std::filesystem::path& path, int first) {
  auto store = sqlite_store::open(path);
  if (!store) _exit(3);
  for (int n = first;; ++n) {
    auto p = scan(n);
    if (!(*store)->store_intake(p.report, p.meta)) _exit(4);
  }
}

TEST(SqliteStoreCrash, SigkillAtManyPointsNeverCorruptsAndNeverLeavesHalfAScan) {
  test::temp_dir dir;
  const auto path = dir / "crash.db";
  constexpr int kills = 40;
  int committed_before = 0;
  int grew = 0;
  for (int k = 0; k < kills; ++k) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) writer(path, k * 100000);
    // The first kills land in open() and the migrations (0..2 ms), the rest mid-stream at
    // scattered points up to ~250 ms.
    const auto delay = std::chrono::microseconds(k < 6 ? k * 400 : 20000 + (k * k * 5309 + k * 997) % 230000);
    std::this_thread::sleep_for(delay);
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "writer exited by itself with " << WEXITSTATUS(status) << " at kill " << k;

    if (!std::filesystem::exists(path)) continue;  // killed before sqlite3_open created it
    auto store = sqlite_store::open(path);
    ASSERT_TRUE(store) << "kill " << k << ": " << store.error().message;
    ASSERT_EQ((*store)->integrity_check().value(), "ok") << "kill " << k;
    ASSERT_EQ((*store)->schema_version().value(), sqlite_store::latest_schema_version());

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "SELECT i.id, i.dtc_count, "
                                 "(SELECT COUNT(*) FROM dtc_events d WHERE d.intake_id = i.id), "
                                 "(SELECT COUNT(*) FROM readiness r WHERE r.intake_id = i.id) FROM intakes i",
                                 -1, &st, nullptr),
              SQLITE_OK);
    int intakes = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      ++intakes;
      const auto id = sqlite3_column_int64(st, 0);
      const auto report = (*store)->load_intake(id);
      ASSERT_TRUE(report) << report.error().message;
      EXPECT_EQ(sqlite3_column_int64(st, 1), static_cast<std::int64_t>(report->dtcs.size())) << "intake " << id;
      EXPECT_EQ(sqlite3_column_int64(st, 2), static_cast<std::int64_t>(report->dtcs.size())) << "intake " << id;
      EXPECT_EQ(sqlite3_column_int64(st, 3), 11) << "intake " << id;
      const auto log = (*store)->load_session_log(id);
      ASSERT_TRUE(log) << log.error().message;
      EXPECT_EQ(log->rfind(test::session_log_text(), 0), 0u);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_GE(intakes, committed_before) << "a committed scan disappeared at kill " << k;
    if (intakes > committed_before) ++grew;
    committed_before = intakes;
  }
  std::printf("%d kills, %d scans committed, the store grew between %d of them\n", kills, committed_before, grew);
  // The kills must have landed while scans were being written, not only before the first.
  EXPECT_GE(grew, kills / 2);
  EXPECT_GT(committed_before, 100);
}

}  // namespace
}  // namespace bayscan::core
