// The SQLite intake store on real files in a temporary directory: storing scans, the history a
// technician pulls by VIN, the fleet view, red flags against stored history, migrations, and
// files the store must refuse.
#include <bayscan/core/sqlite_store.hpp>

#include "core/store_test_support.hpp"

#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace bayscan::core {
namespace {

using test::intake;
using test::temp_dir;

constexpr const char* accord = "1HGCM82633A004352";
constexpr const char* golf = "WVWZZZ1JZXW000001";
constexpr const char* corolla = "JTDBR32E720012345";

std::unique_ptr<sqlite_store> open_store(const std::filesystem::path& p) {
  auto s = sqlite_store::open(p);
  if (!s) ADD_FAILURE() << s.error().message;
  return s ? std::move(*s) : nullptr;
}

intake_meta meta(const char* make = "Honda", const char* model = "Accord", int year = 2003) {
  intake_meta m;
  m.bay = "bay-2";
  m.adapter_uri = "serial:/dev/ttyUSB0?baud=38400";
  m.session_log = test::session_log_text();
  m.make = make;
  m.model = model;
  m.model_year = year;
  return m;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Independent of the store: raw SQL on the file.
std::int64_t count(const std::filesystem::path& p, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(p.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// Raw SQL on a file the store has not opened: how an older bayscan's file is built for the tests.
testing::AssertionResult run_sql(const std::filesystem::path& p, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(p.string().c_str(), &db) != SQLITE_OK) return testing::AssertionFailure() << "cannot open " << p;
  char* err = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  auto result = rc == SQLITE_OK ? testing::AssertionSuccess() : testing::AssertionFailure() << (err ? err : "error");
  sqlite3_free(err);
  sqlite3_close(db);
  return result;
}

TEST(SqliteStore, CreatesFileInWalModeWithSchemaAtLatestVersion) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version().value(), sqlite_store::latest_schema_version());
  EXPECT_EQ(store->integrity_check().value(), "ok");
  store.reset();
  // WAL is persistent in the file header (bytes 18-19 == 2, "file format" section of the SQLite docs).
  const auto header = read_file(dir / "bayscan.db");
  ASSERT_GE(header.size(), 20u);
  EXPECT_EQ(header[18], 2);
  EXPECT_EQ(header[19], 2);
}

TEST(SqliteStore, StoresScanAndReadsItBackWithSessionLog) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  auto report = intake(accord, "2026-03-01T08:00:00Z", 52300, {{"P0301", "stored"}, {"P0300", "pending"}});
  report.freeze_frame = freeze_frame_info{"P0301", "7E8", {{"engine_rpm", 812}, {"coolant_temp", 88}}};
  const auto m = meta();
  auto id = store->store_intake(report, m);
  ASSERT_TRUE(id) << id.error().message;
  EXPECT_EQ(store->load_intake(*id).value(), report);
  EXPECT_EQ(store->load_session_log(*id).value(), test::session_log_text());

  const auto db = dir / "bayscan.db";
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM dtc_events WHERE intake_id = " + std::to_string(*id)), 2);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM readiness WHERE intake_id = " + std::to_string(*id)), 11);
  EXPECT_EQ(count(db, "SELECT COUNT(*) FROM freeze_frames WHERE dtc = 'P0301'"), 1);
  // Compressed on disk: the blob is smaller than the log.
  EXPECT_LT(count(db, "SELECT LENGTH(compressed) FROM session_logs"),
            static_cast<std::int64_t>(test::session_log_text().size()));
  EXPECT_EQ(store->load_session_log(*id + 1).error().code, store_error::not_found);
  EXPECT_EQ(store->load_intake(*id + 1).error().code, store_error::not_found);
}

TEST(SqliteStore, SameVinIsOneVehicleAndAdvisorDataFillsIn) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  auto a = intake(accord, "2026-01-01T08:00:00Z", 50000);
  intake_meta bare;
  ASSERT_TRUE(store->store_intake(a, bare));
  auto b = intake("1hgcm82633a004352", "2026-02-01T08:00:00Z", 51000);  // lower case from a manual entry
  auto m = meta();
  m.plate = "abc-1234";
  ASSERT_TRUE(store->store_intake(b, m));
  const auto v = store->find_vehicle_by_vin(accord).value();
  EXPECT_EQ(v.make, "Honda");
  EXPECT_EQ(v.model, "Accord");
  EXPECT_EQ(v.model_year, 2003);
  EXPECT_EQ(v.plate, "ABC-1234");
  EXPECT_EQ(count(dir / "bayscan.db", "SELECT COUNT(*) FROM vehicles"), 1);
}

TEST(SqliteStore, InvalidVinDoesNotMergeCarsButPlateDoes) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  // A clone adapter returning zeros for 09 02 on two different cars.
  for (int i = 0; i < 2; ++i) {
    auto r = intake("00000000000000000", "2026-01-0" + std::to_string(i + 1) + "T08:00:00Z", 1000.0 * (i + 1));
    r.vin_valid = false;
    ASSERT_TRUE(store->store_intake(r, intake_meta{}));
  }
  EXPECT_EQ(count(dir / "bayscan.db", "SELECT COUNT(*) FROM vehicles"), 2);
  // A pre-OBD car identified by plate: both visits land on one vehicle and the rollback is seen.
  for (double odo : {90000.0, 80000.0}) {
    auto r = intake("", odo > 85000 ? "2026-01-01T08:00:00Z" : "2026-02-01T08:00:00Z", odo);
    r.vin.reset();
    r.vin_valid = false;
    intake_meta m;
    m.plate = "XYZ-987";
    ASSERT_TRUE(store->store_intake(r, m));
    if (odo < 85000) {
      ASSERT_EQ(r.flags.size(), 1u);
      EXPECT_EQ(r.flags[0].kind, "odometer_rollback");
    }
  }
  EXPECT_EQ(count(dir / "bayscan.db", "SELECT COUNT(*) FROM vehicles"), 3);
}

TEST(SqliteStore, HistoryByVinListsVisitsCodesAndClears) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  // Visit 1: P0301 stored, P0171 pending. Visit 2: P0301 gone (cleared), P0171 still pending.
  // Visit 3: P0301 back as stored + permanent; P0171 present again but distance since clear shows
  // a clear since visit 2 (200 km driven, 30 km since clear).
  auto v1 = intake(accord, "2026-01-05T08:00:00Z", 50000, {{"P0301", "stored"}, {"P0171", "pending"}});
  auto v2 = intake(accord, "2026-02-05T08:00:00Z", 51000, {{"P0171", "pending"}});
  auto v3 = intake(accord, "2026-02-07T08:00:00Z", 51200,
                   {{"P0301", "stored"}, {"P0301", "permanent"}, {"P0171", "pending"}});
  v3.distance_since_clear_km = 30;
  v3.readiness = test::spark_readiness({"catalyst", "evap"});
  auto m = meta();
  ASSERT_TRUE(store->store_intake(v1, m));
  ASSERT_TRUE(store->store_intake(v2, m));
  ASSERT_TRUE(store->store_intake(v3, m));
  // Another car's visit must not leak in.
  auto other = intake(golf, "2026-02-06T08:00:00Z", 12000, {{"P0420", "stored"}});
  ASSERT_TRUE(store->store_intake(other, meta("Volkswagen", "Golf", 1999)));

  auto h = store->history_for_vin(accord);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->vehicle.vin, accord);
  EXPECT_EQ(h->vehicle.model, "Accord");
  ASSERT_EQ(h->visits.size(), 3u);
  EXPECT_EQ(h->visits[0].started_at, "2026-01-05T08:00:00Z");
  EXPECT_EQ(h->visits[0].odometer_km, 50000);
  EXPECT_TRUE(h->visits[0].mil_on);
  EXPECT_EQ(h->visits[0].stored, std::vector<std::string>{"P0301"});
  EXPECT_EQ(h->visits[0].pending, std::vector<std::string>{"P0171"});
  EXPECT_EQ(h->visits[0].monitors_supported, 8);
  EXPECT_EQ(h->visits[0].monitors_complete, 8);
  EXPECT_FALSE(h->visits[1].mil_on);
  EXPECT_EQ(h->visits[2].permanent, std::vector<std::string>{"P0301"});
  EXPECT_EQ(h->visits[2].monitors_complete, 6);
  EXPECT_EQ(h->visits[2].incomplete_monitors, (std::vector<std::string>{"catalyst", "evap"}));
  EXPECT_EQ(h->visits[2].flag_kinds, std::vector<std::string>{"codes_recently_cleared"});

  ASSERT_EQ(h->codes.size(), 2u);
  const auto& p0171 = h->codes[0];  // same first visit: ordered by code
  const auto& p0301 = h->codes[1];
  EXPECT_EQ(p0171.code, "P0171");
  EXPECT_EQ(p0171.visits_seen, 3);
  EXPECT_TRUE(p0171.cleared_between_visits);  // distance since clear reset between visits 2 and 3
  EXPECT_EQ(p0171.current_status, "pending");
  EXPECT_EQ(p0301.code, "P0301");
  EXPECT_EQ(p0301.first_seen, "2026-01-05T08:00:00Z");
  EXPECT_EQ(p0301.last_seen, "2026-02-07T08:00:00Z");
  EXPECT_EQ(p0301.visits_seen, 2);
  EXPECT_TRUE(p0301.cleared_between_visits);  // present, absent, back
  EXPECT_EQ(p0301.current_status, "permanent");

  EXPECT_EQ(store->history_for_vin(corolla).error().code, store_error::not_found);
}

TEST(SqliteStore, CodeNotClearedWhenPresentEveryVisitAndDistanceSinceClearGrows) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  auto a = intake(accord, "2026-01-05T08:00:00Z", 50000, {{"P0420", "stored"}});
  a.distance_since_clear_km = 3000;
  auto b = intake(accord, "2026-02-05T08:00:00Z", 51500, {{"P0420", "stored"}});
  b.distance_since_clear_km = 4500;
  auto c = intake(accord, "2026-03-05T08:00:00Z", 52500, {});
  c.distance_since_clear_km = 5500;  // gone without a clear: the ECU healed it (or it aged out)
  auto m = meta();
  ASSERT_TRUE(store->store_intake(a, m));
  ASSERT_TRUE(store->store_intake(b, m));
  ASSERT_TRUE(store->store_intake(c, m));
  const auto h = store->history_for_vin(accord).value();
  ASSERT_EQ(h.codes.size(), 1u);
  EXPECT_FALSE(h.codes[0].cleared_between_visits);
  EXPECT_EQ(h.codes[0].visits_seen, 2);
  EXPECT_EQ(h.codes[0].current_status, "absent");
}

TEST(SqliteStore, FlagsAreComputedAgainstStoredHistoryAndStoredWithTheReport) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  auto first = intake(accord, "2026-01-10T08:00:00Z", 64500, {{"P0301", "stored"}});
  auto m = meta();
  auto first_id = store->store_intake(first, m);
  ASSERT_TRUE(first_id);
  EXPECT_TRUE(first.flags.empty());
  const auto vehicle = store->find_vehicle_by_vin(accord).value();
  repair_input fix;
  fix.vehicle = vehicle.id;
  fix.intake = *first_id;
  fix.codes = {"p0301"};
  fix.description = "replaced ignition coil cyl 1";
  fix.closed_at = "2026-01-10T17:00:00+08:00";
  fix.odometer_km = 64500;
  ASSERT_TRUE(store->record_repair(fix));

  // Three weeks later: the odometer reads lower and P0301 is back.
  auto second = intake(accord, "2026-01-31T08:00:00Z", 45210, {{"P0301", "stored"}});
  auto id = store->store_intake(second, m);
  ASSERT_TRUE(id);
  std::vector<std::string> kinds;
  for (const auto& f : second.flags) kinds.push_back(f.kind);
  EXPECT_EQ(kinds, (std::vector<std::string>{"odometer_rollback", "comeback"}));
  EXPECT_EQ(second.warnings.size(), 2u);
  const auto stored = store->load_intake(*id).value();
  EXPECT_EQ(stored.flags, second.flags);
  const auto h = store->history_for_vin(accord).value();
  ASSERT_EQ(h.repairs.size(), 1u);
  EXPECT_EQ(h.repairs[0].codes, std::vector<std::string>{"P0301"});
  EXPECT_EQ(h.repairs[0].closed_at, "2026-01-10T09:00:00Z");  // normalised to UTC
  EXPECT_EQ(h.codes[0].times_repaired, 1);
  EXPECT_EQ(h.visits[1].flag_kinds, (std::vector<std::string>{"odometer_rollback", "comeback"}));
}

TEST(SqliteStore, NoFlagsForAnOrdinaryReturnVisit) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  auto a = intake(accord, "2026-01-10T08:00:00Z", 64500, {{"P0301", "stored"}});
  auto b = intake(accord, "2026-04-10T08:00:00Z", 68900, {{"P0301", "stored"}});
  auto m = meta();
  ASSERT_TRUE(store->store_intake(a, m));
  ASSERT_TRUE(store->store_intake(b, m));
  EXPECT_TRUE(b.flags.empty());
  EXPECT_TRUE(b.warnings.empty());
}

TEST(SqliteStore, RepairNeedsAnExistingVehicleAndCodes) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  repair_input r;
  r.vehicle = 42;
  r.codes = {"P0301"};
  r.closed_at = "2026-01-10T09:00:00Z";
  EXPECT_EQ(store->record_repair(r).error().code, store_error::not_found);
  r.codes.clear();
  EXPECT_EQ(store->record_repair(r).error().code, store_error::invalid_argument);
  r.codes = {"P0301"};
  r.closed_at = "last tuesday";
  const auto bad = store->record_repair(r);
  EXPECT_EQ(bad.error().code, store_error::invalid_argument);
  EXPECT_NE(bad.error().message.find("last tuesday"), std::string::npos);
}

TEST(SqliteStore, FleetQueryFindsCarsAndModelsAndTopCodes) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  struct visit {
    const char* vin;
    const char* model;
    const char* at;
    std::vector<std::pair<std::string, std::string>> dtcs;
  };
  const std::vector<visit> visits = {
      {accord, "Accord", "2025-03-01T08:00:00Z", {{"P0420", "stored"}}},  // before `since`
      {accord, "Accord", "2026-02-01T08:00:00Z", {{"P0420", "stored"}, {"P0301", "stored"}}},
      {accord, "Accord", "2026-03-01T08:00:00Z", {{"P0420", "pending"}, {"P0420", "stored"}}},
      {"1HGCM82633A009999", "Accord", "2026-02-15T08:00:00Z", {{"P0301", "stored"}, {"P0302", "stored"}}},
      {golf, "Golf", "2026-02-20T08:00:00Z", {{"P0420", "stored"}, {"P0171", "stored"}}},
      {corolla, "Corolla", "2026-02-21T08:00:00Z", {{"P0171", "stored"}}},
  };
  double odo = 10000;
  for (const auto& v : visits) {
    auto r = intake(v.vin, v.at, odo += 500, v.dtcs);
    const std::string model = v.model;
    auto m = meta(model == "Golf" ? "Volkswagen" : model == "Corolla" ? "Toyota" : "Honda", v.model, 2010);
    ASSERT_TRUE(store->store_intake(r, m));
  }
  fleet_filter f;
  f.code = "p0420";
  f.since = "2026-01-01";
  const auto res = store->fleet_query(f);
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->code, "P0420");
  EXPECT_EQ(res->vehicles_total, 2);
  EXPECT_EQ(res->intakes_total, 3);  // the Accord twice (one intake with P0420 as both statuses counts once)
  ASSERT_EQ(res->vehicles.size(), 2u);
  EXPECT_EQ(res->vehicles[0].vin, accord);
  EXPECT_EQ(res->vehicles[0].intakes_with_code, 2);
  EXPECT_EQ(res->vehicles[0].first_seen, "2026-02-01T08:00:00Z");
  EXPECT_EQ(res->vehicles[1].vin, golf);
  ASSERT_EQ(res->models.size(), 2u);
  const auto& accords = res->models[0].model == "Accord" ? res->models[0] : res->models[1];
  EXPECT_EQ(accords.vehicles_with_code, 1);
  // Accord since 2026-01: P0301 on two intakes, P0420 on two, P0302 on one.
  ASSERT_EQ(accords.top_codes.size(), 3u);
  EXPECT_EQ(accords.top_codes[0], (code_count{"P0301", 2}));
  EXPECT_EQ(accords.top_codes[1], (code_count{"P0420", 2}));
  EXPECT_EQ(accords.top_codes[2], (code_count{"P0302", 1}));

  f.model = "golf";
  const auto golfs = store->fleet_query(f).value();
  EXPECT_EQ(golfs.vehicles_total, 1);
  ASSERT_EQ(golfs.models.size(), 1u);
  EXPECT_EQ(golfs.models[0].make, "Volkswagen");
  EXPECT_EQ(golfs.models[0].top_codes, (std::vector<code_count>{{"P0171", 1}, {"P0420", 1}}));

  f.model.reset();
  f.since.reset();
  EXPECT_EQ(store->fleet_query(f).value().intakes_total, 4);  // all time includes 2025
  f.code = "P1234";
  EXPECT_EQ(store->fleet_query(f).value().vehicles_total, 0);
  f.code = "";
  EXPECT_EQ(store->fleet_query(f).error().code, store_error::invalid_argument);
  f.code = "P0420";
  f.since = "not a date";
  EXPECT_EQ(store->fleet_query(f).error().code, store_error::invalid_argument);
}

TEST(SqliteStore, PersonalDataIsNotReachableFromHistoryOrFleet) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  auto r = intake(accord, "2026-01-10T08:00:00Z", 64500, {{"P0420", "stored"}});
  ASSERT_TRUE(store->store_intake(r, meta()));
  const auto v = store->find_vehicle_by_vin(accord).value();
  const auto c = store->add_customer({"Chen Mei-Ling", "+886 912 345 678", "meiling@example.tw", "A123456789"});
  ASSERT_TRUE(c);
  ASSERT_TRUE(store->record_ownership(v.id, *c, "2024-05-01", ""));
  EXPECT_EQ(store->record_ownership(v.id, *c, "someday", "").error().code, store_error::invalid_argument);

  const auto h = store->history_for_vin(accord).value();
  fleet_filter f;
  f.code = "P0420";
  const auto fl = store->fleet_query(f).value();
  const std::string everything = boost::json::serialize(to_json(h)) + render_history(h, language::en) +
                                 render_history(h, language::zh_tw) + boost::json::serialize(to_json(fl)) +
                                 render_fleet(fl, language::en) + render_fleet(fl, language::zh_tw);
  for (const char* secret : {"Chen", "Mei-Ling", "912", "meiling", "A123456789"})
    EXPECT_EQ(everything.find(secret), std::string::npos) << secret;
  EXPECT_EQ(count(dir / "bayscan.db", "SELECT COUNT(*) FROM customers"), 1);
}

TEST(SqliteStore, RenderedHistoryInBothLanguages) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  auto r = intake(accord, "2026-01-10T08:00:00Z", 64500, {{"P0301", "stored"}});
  ASSERT_TRUE(store->store_intake(r, meta()));
  const auto h = store->history_for_vin(accord).value();
  const auto en = render_history(h, language::en);
  EXPECT_NE(en.find("Vehicle: 1HGCM82633A004352  Honda  Accord"), std::string::npos) << en;
  EXPECT_NE(en.find("2026-01-10  64500 km  MIL on  stored: P0301"), std::string::npos) << en;
  EXPECT_NE(en.find("P0301  first 2026-01-10  last 2026-01-10  visits 1  now: stored"), std::string::npos) << en;
  const auto zh = render_history(h, language::zh_tw);
  EXPECT_NE(zh.find("車輛: 1HGCM82633A004352"), std::string::npos) << zh;
  EXPECT_NE(zh.find("故障燈亮"), std::string::npos) << zh;
  const auto j = to_json(h).as_object();
  EXPECT_EQ(j.at("visits").as_array().size(), 1u);
  EXPECT_EQ(j.at("codes").as_array()[0].as_object().at("current_status").as_string(), "stored");
}

// Migration from schema version 1 with data in it: the file an older bayscan left behind.
TEST(SqliteStore, MigratesVersionOneFileWithDataInIt) {
  temp_dir dir;
  const auto path = dir / "old.db";
  auto old_report = intake(accord, "2025-11-02T08:30:00Z", 48000, {{"P0420", "stored"}, {"P0171", "pending"}});
  old_report.odometer_source = "manual";
  old_report.distance_since_clear_km = 900;
  {
    const std::string v1 = std::string(sqlite_store::migration_sql(1));
    const std::string report_json = boost::json::serialize(to_json(old_report));
    std::string esc;
    for (char ch : report_json) esc += ch == '\'' ? std::string("''") : std::string(1, ch);
    const std::string sql =
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);"
        "BEGIN;" + v1 +
        "INSERT INTO schema_migrations VALUES (1, 'v1', '2025-06-01T00:00:00Z');"
        "INSERT INTO vehicles (id, vin, make, model, model_year, created_at) VALUES (7, '" + std::string(accord) +
        "', 'Honda', 'Accord', 2003, '2025-11-02T08:30:00Z');"
        "INSERT INTO customers (id, name, phone, created_at) VALUES (1, 'Lin', '0912', '2025-11-02T08:30:00Z');"
        "INSERT INTO ownerships (vehicle_id, customer_id, owned_from) VALUES (7, 1, '2020-01-01T00:00:00Z');"
        "INSERT INTO intakes (id, vehicle_id, bay, adapter, started_at, odometer_km, mil_on, dtc_count, report_json) "
        "VALUES (3, 7, 'bay-1', 'tcp:192.168.0.10:35000', '2025-11-02T08:30:00Z', 48000, 1, 2, '" + esc + "');"
        "INSERT INTO dtc_events (intake_id, ecu, code, status) VALUES (3, '7E8', 'P0420', 'stored'), "
        "(3, '7E8', 'P0171', 'pending');"
        "INSERT INTO readiness VALUES (3, 'catalyst', 1, 0), (3, 'evap', 1, 1);"
        "INSERT INTO session_logs VALUES (3, 0, x'');"
        "COMMIT;";
    ASSERT_TRUE(run_sql(path, sql));
  }
  auto store = open_store(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version().value(), sqlite_store::latest_schema_version());
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM schema_migrations"), sqlite_store::latest_schema_version());
  EXPECT_EQ(store->integrity_check().value(), "ok");

  // Old data survived and the new columns were filled from it.
  const auto h = store->history_for_vin(accord);
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ(h->visits.size(), 1u);
  EXPECT_EQ(h->visits[0].intake_id, 3);
  EXPECT_EQ(h->visits[0].odometer_source, "manual");
  EXPECT_EQ(h->visits[0].distance_since_clear_km, 900);
  EXPECT_EQ(h->visits[0].stored, std::vector<std::string>{"P0420"});
  EXPECT_EQ(h->visits[0].monitors_complete, 1);
  EXPECT_EQ(store->load_intake(3).value(), old_report);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM dtc_events WHERE vehicle_id = 7 AND observed_at IS NOT NULL"), 2);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM customers"), 1);
  // New tables exist and work: the roll-up was built from old events, repairs are recordable.
  fleet_filter f;
  f.code = "P0420";
  const auto fl = store->fleet_query(f).value();
  EXPECT_EQ(fl.vehicles_total, 1);
  ASSERT_EQ(fl.models.size(), 1u);
  EXPECT_EQ(fl.models[0].top_codes, (std::vector<code_count>{{"P0171", 1}, {"P0420", 1}}));
  repair_input r;
  r.vehicle = 7;
  r.codes = {"P0420"};
  r.description = "catalytic converter";
  r.closed_at = "2025-11-03T10:00:00Z";
  r.odometer_km = 48010;
  ASSERT_TRUE(store->record_repair(r));
  // And a new scan after the migration sees the old visit as history.
  auto now = intake(accord, "2025-11-20T08:00:00Z", 48400, {{"P0420", "stored"}});
  ASSERT_TRUE(store->store_intake(now, meta()));
  ASSERT_EQ(now.flags.size(), 1u);
  EXPECT_EQ(now.flags[0].kind, "comeback");
}

// Migration from schema version 2 with data in it (the layout issue 5's first release wrote):
// version 3 rebuilds the per-model monthly counts clustered by month, builds dtc_code_intakes from
// the events (one row per code per scan) and swaps indexes; every query must read the old data.
TEST(SqliteStore, MigratesVersionTwoFileWithDataInIt) {
  temp_dir dir;
  const auto path = dir / "v2.db";
  auto first = intake(golf, "2026-01-10T09:00:00Z", 61000, {{"P0420", "stored"}, {"P0171", "pending"}});
  auto second = intake(golf, "2026-02-12T09:00:00Z", 62500, {{"P0420", "stored"}});
  auto json = [](const intake_report& r) {
    std::string esc;
    for (char ch : boost::json::serialize(to_json(r))) esc += ch == '\'' ? std::string("''") : std::string(1, ch);
    return esc;
  };
  {
    const std::string sql =
        "PRAGMA page_size = 8192;"
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);"
        "BEGIN;" + std::string(sqlite_store::migration_sql(1)) + std::string(sqlite_store::migration_sql(2)) +
        "INSERT INTO schema_migrations VALUES (1, 'v1', '2025-06-01T00:00:00Z'), (2, 'v2', '2026-01-01T00:00:00Z');"
        "INSERT INTO vehicles (id, vin, make, model, model_year, created_at) VALUES (4, '" + std::string(golf) +
        "', 'Volkswagen', 'Golf', 2012, '2026-01-10T09:00:00Z');"
        "INSERT INTO intakes (id, vehicle_id, bay, adapter, started_at, odometer_km, odometer_source, mil_on, "
        "fuel_level_pct, distance_since_clear_km, dtc_count, flag_kinds, report_json) VALUES "
        "(10, 4, 'bay-1', 'sim:golf', '2026-01-10T09:00:00Z', 61000, 'pid_a6', 1, 41.2, 4200, 2, '', '" + json(first) + "'),"
        "(11, 4, 'bay-3', 'sim:golf', '2026-02-12T09:00:00Z', 62500, 'pid_a6', 1, 41.2, 300, 1, '', '" + json(second) + "');"
        // Intake 10: P0420 from two ECUs (engine and transmission), so one scan has two events for it.
        "INSERT INTO dtc_events (intake_id, vehicle_id, observed_at, ecu, code, status) VALUES "
        "(10, 4, '2026-01-10T09:00:00Z', '7E8', 'P0420', 'stored'), (10, 4, '2026-01-10T09:00:00Z', '7E9', 'P0420', 'pending'),"
        "(10, 4, '2026-01-10T09:00:00Z', '7E8', 'P0171', 'pending'), (11, 4, '2026-02-12T09:00:00Z', '7E8', 'P0420', 'stored');"
        "INSERT INTO readiness VALUES (10, 'catalyst', 1, 0), (10, 'evap', 1, 1), (11, 'catalyst', 1, 1);"
        "INSERT INTO dtc_model_month VALUES ('Volkswagen', 'Golf', '2026-01', 'P0420', 1), "
        "('Volkswagen', 'Golf', '2026-01', 'P0171', 1), ('Volkswagen', 'Golf', '2026-02', 'P0420', 1);"
        "INSERT INTO repairs (id, vehicle_id, intake_id, description, closed_at, odometer_km) VALUES "
        "(1, 4, 11, 'catalytic converter', '2026-02-13T10:00:00Z', 62510);"
        "INSERT INTO repair_codes VALUES (1, 'P0420');"
        "COMMIT;";
    ASSERT_TRUE(run_sql(path, sql));
  }
  auto store = open_store(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version().value(), 3);
  EXPECT_EQ(store->integrity_check().value(), "ok");
  // The index swap happened, and the one-row-per-code-per-scan table holds 3 rows for 4 events.
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                        "('intakes_started', 'intakes_vehicle', 'dtc_events_intake', 'dtc_events_vehicle', "
                        "'dtc_events_code_time', 'dtc_model_month_v3')"),
            0);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                        "('intakes_vehicle_visits', 'dtc_events_vehicle_codes', 'vehicles_model', 'dtc_code_intakes')"),
            4);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM dtc_code_intakes"), 3);
  EXPECT_EQ(count(path, "SELECT COUNT(*) FROM dtc_events"), 4);

  const auto h = store->history_for_vin(golf);
  ASSERT_TRUE(h) << h.error().message;
  ASSERT_EQ(h->visits.size(), 2u);
  EXPECT_EQ(h->visits[0].intake_id, 10);
  EXPECT_EQ(h->visits[0].bay, "bay-1");
  EXPECT_EQ(h->visits[0].stored, std::vector<std::string>{"P0420"});
  EXPECT_EQ(h->visits[0].pending, (std::vector<std::string>{"P0171", "P0420"}));
  EXPECT_EQ(h->visits[0].incomplete_monitors, std::vector<std::string>{"catalyst"});
  EXPECT_EQ(h->visits[1].odometer_km, 62500);
  EXPECT_EQ(h->visits[1].monitors_complete, 1);
  ASSERT_EQ(h->repairs.size(), 1u);
  EXPECT_EQ(h->repairs[0].codes, std::vector<std::string>{"P0420"});

  fleet_filter f;
  f.code = "P0420";
  auto fl = store->fleet_query(f).value();
  EXPECT_EQ(fl.vehicles_total, 1);
  EXPECT_EQ(fl.intakes_total, 2);  // two scans, though three P0420 events
  ASSERT_EQ(fl.vehicles.size(), 1u);
  EXPECT_EQ(fl.vehicles[0].first_seen, "2026-01-10T09:00:00Z");
  EXPECT_EQ(fl.vehicles[0].last_seen, "2026-02-12T09:00:00Z");
  ASSERT_EQ(fl.models.size(), 1u);
  EXPECT_EQ(fl.models[0].top_codes, (std::vector<code_count>{{"P0420", 2}, {"P0171", 1}}));

  // A scan after the migration lands in the rebuilt tables: the monthly count's upsert still
  // finds its row, the fleet query sees the new scan, and the comeback is flagged from old data.
  auto now = intake(golf, "2026-02-20T08:00:00Z", 62900, {{"P0420", "stored"}});
  ASSERT_TRUE(store->store_intake(now, meta("Volkswagen", "Golf", 2012)));
  ASSERT_EQ(now.flags.size(), 1u);
  EXPECT_EQ(now.flags[0].kind, "comeback");
  EXPECT_EQ(count(path, "SELECT intakes FROM dtc_model_month WHERE make = 'Volkswagen' AND model = 'Golf' "
                        "AND month = '2026-02' AND code = 'P0420'"),
            2);
  fl = store->fleet_query(f).value();
  EXPECT_EQ(fl.intakes_total, 3);
  EXPECT_EQ(fl.vehicles[0].last_seen, "2026-02-20T08:00:00Z");
  EXPECT_EQ(fl.models[0].top_codes, (std::vector<code_count>{{"P0420", 3}, {"P0171", 1}}));
  EXPECT_EQ(store->integrity_check().value(), "ok");
}

TEST(SqliteStore, ReopeningAtLatestVersionRunsNoMigration) {
  temp_dir dir;
  { ASSERT_TRUE(open_store(dir / "a.db")); }
  { ASSERT_TRUE(open_store(dir / "a.db")); }
  EXPECT_EQ(count(dir / "a.db", "SELECT COUNT(*) FROM schema_migrations"), sqlite_store::latest_schema_version());
}

TEST(SqliteStore, GarbageFileIsRefusedByNameAndLeftUntouched) {
  temp_dir dir;
  const auto path = dir / "scan-results.db";
  std::string garbage = "this is a CSV export, not a database\n";
  for (int i = 0; i < 300; ++i) garbage += "P0301,1HGCM82633A004352,2026-01-10\n";
  { std::ofstream(path, std::ios::binary) << garbage; }
  const auto s = sqlite_store::open(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, store_error::not_a_database);
  EXPECT_NE(s.error().message.find(path.string()), std::string::npos) << s.error().message;
  EXPECT_EQ(read_file(path), garbage);
  EXPECT_FALSE(std::filesystem::exists(dir / "scan-results.db-wal"));
}

TEST(SqliteStore, TruncatedDatabaseIsRefused) {
  temp_dir dir;
  const auto path = dir / "cut.db";
  {
    auto store = open_store(path);
    ASSERT_TRUE(store);
    auto r = intake(accord, "2026-01-10T08:00:00Z", 64500, {{"P0301", "stored"}});
    ASSERT_TRUE(store->store_intake(r, meta()));
  }
  // A header that promises pages the file does not have, then garbage where page 2 should be.
  std::string bytes = read_file(path);
  ASSERT_GT(bytes.size(), 8192u);
  bytes.resize(4096 + 100);
  for (std::size_t i = 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5);
  { std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes; }
  std::filesystem::remove(dir / "cut.db-wal");
  std::filesystem::remove(dir / "cut.db-shm");
  const auto s = sqlite_store::open(path);
  if (s) {
    // SQLite may read page 1 fine; then the integrity check must say so.
    const auto verdict = (*s)->integrity_check();
    if (verdict) {
      EXPECT_NE(*verdict, "ok");
    }
  } else {
    EXPECT_NE(s.error().message.find(path.string()), std::string::npos) << s.error().message;
  }
}

TEST(SqliteStore, ForeignSqliteDatabaseIsNotMigratedInto) {
  temp_dir dir;
  const auto path = dir / "other.db";
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.string().c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
  }
  const auto before = read_file(path);
  const auto s = sqlite_store::open(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, store_error::foreign_database);
  EXPECT_NE(s.error().message.find(path.string()), std::string::npos);
  EXPECT_EQ(read_file(path), before);
}

TEST(SqliteStore, NewerSchemaIsRefused) {
  temp_dir dir;
  const auto path = dir / "future.db";
  { ASSERT_TRUE(open_store(path)); }
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.string().c_str(), &db);
    sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 'from the future', '2030-01-01T00:00:00Z')", nullptr,
                 nullptr, nullptr);
    sqlite3_close(db);
  }
  const auto s = sqlite_store::open(path);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, store_error::schema_too_new);
  EXPECT_NE(s.error().message.find("99"), std::string::npos);
}

TEST(SqliteStore, DirectoryOrUnwritablePathIsAClearError) {
  temp_dir dir;
  auto s = sqlite_store::open(dir.path());
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, store_error::cannot_open);
  EXPECT_NE(s.error().message.find(dir.path().string()), std::string::npos);
  s = sqlite_store::open(dir / "no/such/dir/x.db");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, store_error::cannot_open);
}

TEST(SqliteStore, WriterWaitsForAnotherWriterThenReportsBusy) {
  temp_dir dir;
  const auto path = dir / "shared.db";
  sqlite_store_options quick;
  quick.busy_timeout_ms = 50;
  auto a = sqlite_store::open(path, quick);
  auto b = sqlite_store::open(path, quick);
  ASSERT_TRUE(a && b);
  sqlite3* holder = nullptr;
  sqlite3_open(path.string().c_str(), &holder);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto r = intake(accord, "2026-01-10T08:00:00Z", 64500);
  const auto busy = (*a)->store_intake(r, meta());
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().code, store_error::busy);
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  ASSERT_TRUE((*a)->store_intake(r, meta()));
  EXPECT_EQ((*b)->history_for_vin(accord).value().visits.size(), 1u);  // the other connection sees it
}

TEST(DefaultDatabasePath, FollowsXdgDataHomeThenHome) {
  temp_dir dir;
  const char* old_xdg = std::getenv("XDG_DATA_HOME");
  const char* old_home = std::getenv("HOME");
  const std::string saved_xdg = old_xdg ? old_xdg : "";
  const std::string saved_home = old_home ? old_home : "";
  setenv("XDG_DATA_HOME", (dir / "xdg").c_str(), 1);
  EXPECT_EQ(default_database_path().value(), dir / "xdg" / "bayscan" / "bayscan.db");
  EXPECT_TRUE(std::filesystem::is_directory(dir / "xdg" / "bayscan"));
  unsetenv("XDG_DATA_HOME");
  setenv("HOME", dir.path().c_str(), 1);
  EXPECT_EQ(default_database_path().value(), dir / ".local" / "share" / "bayscan" / "bayscan.db");
  setenv("XDG_DATA_HOME", "relative/path", 1);  // invalid per the XDG spec: ignored
  EXPECT_EQ(default_database_path().value(), dir / ".local" / "share" / "bayscan" / "bayscan.db");
  if (old_xdg) setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1); else unsetenv("XDG_DATA_HOME");
  if (old_home) setenv("HOME", saved_home.c_str(), 1);
}

TEST(SqliteStore, ImportWritesManyScansInOneTransactionWithFlags) {
  temp_dir dir;
  auto store = open_store(dir / "bayscan.db");
  ASSERT_TRUE(store);
  std::vector<pending_intake> batch;
  batch.push_back({intake(accord, "2026-01-10T08:00:00Z", 64500), meta()});
  batch.push_back({intake(accord, "2026-02-10T08:00:00Z", 60000), meta()});
  const auto ids = store->import_intakes(batch);
  ASSERT_TRUE(ids);
  EXPECT_EQ(ids->size(), 2u);
  ASSERT_EQ(batch[1].report.flags.size(), 1u);
  EXPECT_EQ(batch[1].report.flags[0].kind, "odometer_rollback");
  // One bad report (unparseable time) rolls the whole batch back.
  batch.push_back({intake(golf, "whenever", 100), meta()});
  EXPECT_EQ(store->import_intakes(batch).error().code, store_error::invalid_argument);
  EXPECT_EQ(count(dir / "bayscan.db", "SELECT COUNT(*) FROM intakes"), 2);
}

}  // namespace
}  // namespace bayscan::core
