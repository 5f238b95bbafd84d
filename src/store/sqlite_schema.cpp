#include "store/sqlite_schema.hpp"

#include <bayscan/core/intake_report.hpp>

#include <boost/json/parse.hpp>

#include <array>
#include <string>

namespace bayscan::core::sqlite {

namespace {

// Version 1: the first released layout. Table options that only SQLite has (WITHOUT ROWID for the
// 11-rows-per-scan readiness table, which halves its size) stay in DDL, never in queries. Kept verbatim: files in the field were made by it.
// Ids are INTEGER, timestamps ISO-8601 UTC TEXT, booleans INTEGER 0/1, so the same DDL maps to
// PostgreSQL with only the id columns changing (GENERATED ... AS IDENTITY).
constexpr const char* v1_sql = R"sql(
CREATE TABLE vehicles (
  id INTEGER PRIMARY KEY,
  vin TEXT UNIQUE,
  plate TEXT,
  make TEXT,
  model TEXT,
  model_year INTEGER,
  engine TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX vehicles_plate ON vehicles (plate);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT,
  email TEXT,
  national_id TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE ownerships (
  id INTEGER PRIMARY KEY,
  vehicle_id INTEGER NOT NULL REFERENCES vehicles (id),
  customer_id INTEGER NOT NULL REFERENCES customers (id),
  owned_from TEXT NOT NULL,
  owned_to TEXT
);
CREATE INDEX ownerships_vehicle ON ownerships (vehicle_id);
CREATE INDEX ownerships_customer ON ownerships (customer_id);

CREATE TABLE intakes (
  id INTEGER PRIMARY KEY,
  vehicle_id INTEGER NOT NULL REFERENCES vehicles (id),
  bay TEXT,
  adapter TEXT,
  started_at TEXT NOT NULL,
  odometer_km REAL,
  mil_on INTEGER NOT NULL,
  dtc_count INTEGER NOT NULL,
  report_json TEXT NOT NULL
);
CREATE INDEX intakes_vehicle ON intakes (vehicle_id, started_at);

CREATE TABLE dtc_events (
  id INTEGER PRIMARY KEY,
  intake_id INTEGER NOT NULL REFERENCES intakes (id),
  ecu TEXT NOT NULL,
  code TEXT NOT NULL,
  status TEXT NOT NULL
);
CREATE INDEX dtc_events_intake ON dtc_events (intake_id);

CREATE TABLE readiness (
  intake_id INTEGER NOT NULL REFERENCES intakes (id),
  monitor TEXT NOT NULL,
  supported INTEGER NOT NULL,
  complete INTEGER NOT NULL,
  PRIMARY KEY (intake_id, monitor)
) WITHOUT ROWID;

CREATE TABLE freeze_frames (
  id INTEGER PRIMARY KEY,
  intake_id INTEGER NOT NULL REFERENCES intakes (id),
  dtc TEXT NOT NULL,
  ecu TEXT,
  values_json TEXT NOT NULL
);
CREATE INDEX freeze_frames_intake ON freeze_frames (intake_id);

CREATE TABLE session_logs (
  intake_id INTEGER PRIMARY KEY REFERENCES intakes (id),
  original_size INTEGER NOT NULL,
  compressed BLOB NOT NULL
);
)sql";

// Version 2: what the red flags and the fleet view need.
// - intakes gain odometer source, fuel, distance since clear and the flag kinds raised, so history
//   reads columns instead of parsing every report.
// - dtc_events carry their vehicle and time (immutable facts copied from the intake) so the fleet
//   query for one code is a range scan of one covering index, and history reads one index range.
// - repairs (+ their codes) make comebacks recordable.
// - dtc_model_month: intakes per (make, model, month, code), kept in the intake's transaction, so
//   "top codes per model" sums a few thousand rows instead of grouping millions of events.
constexpr const char* v2_sql = R"sql(
ALTER TABLE intakes ADD COLUMN odometer_source TEXT;
ALTER TABLE intakes ADD COLUMN fuel_level_pct REAL;
ALTER TABLE intakes ADD COLUMN distance_since_clear_km REAL;
ALTER TABLE intakes ADD COLUMN flag_kinds TEXT;
ALTER TABLE dtc_events ADD COLUMN vehicle_id INTEGER REFERENCES vehicles (id);
ALTER TABLE dtc_events ADD COLUMN observed_at TEXT;
UPDATE dtc_events SET
  vehicle_id = (SELECT i.vehicle_id FROM intakes i WHERE i.id = dtc_events.intake_id),
  observed_at = (SELECT i.started_at FROM intakes i WHERE i.id = dtc_events.intake_id);
CREATE INDEX dtc_events_vehicle ON dtc_events (vehicle_id, intake_id);
CREATE INDEX dtc_events_code_time ON dtc_events (code, observed_at, vehicle_id, intake_id);
CREATE INDEX intakes_started ON intakes (started_at);

CREATE TABLE repairs (
  id INTEGER PRIMARY KEY,
  vehicle_id INTEGER NOT NULL REFERENCES vehicles (id),
  intake_id INTEGER REFERENCES intakes (id),
  description TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  odometer_km REAL
);
CREATE INDEX repairs_vehicle ON repairs (vehicle_id, closed_at);
CREATE TABLE repair_codes (
  repair_id INTEGER NOT NULL REFERENCES repairs (id),
  code TEXT NOT NULL,
  PRIMARY KEY (repair_id, code)
);

CREATE TABLE dtc_model_month (
  make TEXT NOT NULL,
  model TEXT NOT NULL,
  month TEXT NOT NULL,
  code TEXT NOT NULL,
  intakes INTEGER NOT NULL,
  PRIMARY KEY (make, model, month, code)
);
CREATE INDEX dtc_model_month_month ON dtc_model_month (month);
INSERT INTO dtc_model_month (make, model, month, code, intakes)
  SELECT COALESCE(v.make, ''), COALESCE(v.model, ''), SUBSTR(d.observed_at, 1, 7), d.code,
         COUNT(DISTINCT d.intake_id)
  FROM dtc_events d JOIN vehicles v ON v.id = d.vehicle_id
  GROUP BY COALESCE(v.make, ''), COALESCE(v.model, ''), SUBSTR(d.observed_at, 1, 7), d.code;
)sql";

// Version 3: speed at dealer scale (issue 5's bench: 1 M intakes, 5 M DTC events).
// - History reads one car's visits and codes from covering indexes: one index range each instead of
//   an index range plus one table page per visit (an intake row carries its ~2.5 KB report, so
//   every visit sat on its own page) or per event.
// - intakes_started and dtc_events_intake are dropped: no query reads them, and every scan paid a
//   page write for each.
// - dtc_code_intakes: one row per (code, intake) however many ECUs or statuses reported it,
//   clustered by (code, time), replacing the index dtc_events_code_time. The fleet query for a
//   common code over a year reads ~40 % fewer rows (a scan often reports a code twice: stored and
//   pending, or from two ECUs), and each scan writes the same number of B-tree entries as before.
// - vehicles_model (make, model, id) lets the fleet query map many cars to their models by walking
//   one small index in model order instead of the whole vehicles table.
// - dtc_model_month is rebuilt clustered by month (WITHOUT ROWID, DDL only), so "top codes since a
//   month" is one range read of the rows themselves instead of an index range plus a table lookup
//   per row. Same columns and uniqueness, so the upsert in store_intake is unchanged.
constexpr const char* v3_sql = R"sql(
DROP INDEX intakes_vehicle;
DROP INDEX intakes_started;
CREATE INDEX intakes_vehicle_visits ON intakes (vehicle_id, started_at, id, odometer_km, odometer_source,
  distance_since_clear_km, mil_on, fuel_level_pct, bay, flag_kinds);
DROP INDEX dtc_events_intake;
DROP INDEX dtc_events_vehicle;
CREATE INDEX dtc_events_vehicle_codes ON dtc_events (vehicle_id, intake_id, code, status);
CREATE INDEX vehicles_model ON vehicles (make, model, id);

CREATE TABLE dtc_code_intakes (
  code TEXT NOT NULL,
  observed_at TEXT NOT NULL,
  vehicle_id INTEGER NOT NULL REFERENCES vehicles (id),
  intake_id INTEGER NOT NULL REFERENCES intakes (id),
  PRIMARY KEY (code, observed_at, vehicle_id, intake_id)
) WITHOUT ROWID;
INSERT INTO dtc_code_intakes (code, observed_at, vehicle_id, intake_id)
  SELECT DISTINCT code, observed_at, vehicle_id, intake_id FROM dtc_events;
DROP INDEX dtc_events_code_time;

CREATE TABLE dtc_model_month_v3 (
  month TEXT NOT NULL,
  make TEXT NOT NULL,
  model TEXT NOT NULL,
  code TEXT NOT NULL,
  intakes INTEGER NOT NULL,
  PRIMARY KEY (month, make, model, code)
) WITHOUT ROWID;
INSERT INTO dtc_model_month_v3 (month, make, model, code, intakes)
  SELECT month, make, model, code, intakes FROM dtc_model_month;
DROP TABLE dtc_model_month;
ALTER TABLE dtc_model_month_v3 RENAME TO dtc_model_month;
)sql";

// The new intake columns come from each stored report.
store_result<void> v2_backfill(connection& db) {
  struct row {
    std::int64_t id;
    std::string json;
  };
  std::vector<row> rows;
  {
    auto q = db.prepare("SELECT id, report_json FROM intakes");
    if (!q) return q.error();
    for (;;) {
      auto more = (*q)->step();
      if (!more) return more.error();
      if (!*more) break;
      rows.push_back({(*q)->integer(0), (*q)->text(1)});
    }
  }
  for (const auto& r : rows) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(r.json, ec);
    std::string error;
    const auto report = ec ? std::nullopt : intake_report_from_json(value, error);
    if (!report)
      return db.failure(store_error::migration_failed,
                        "intake " + std::to_string(r.id) + ": stored report does not parse (" +
                            (ec ? ec.message() : error) + ")");
    std::string kinds;
    for (const auto& f : report->flags) kinds += (kinds.empty() ? "" : " ") + f.kind;
    auto u = db.prepare(
        "UPDATE intakes SET odometer_source = ?, fuel_level_pct = ?, distance_since_clear_km = ?, flag_kinds = ? "
        "WHERE id = ?");
    if (!u) return u.error();
    (*u)->bind(1, report->odometer_source)
        .bind(2, report->fuel_level_pct)
        .bind(3, report->distance_since_clear_km)
        .bind(4, kinds)
        .bind(5, r.id);
    if (auto done = (*u)->run(); !done) return done.error();
  }
  return {};
}

constexpr std::array<migration, 3> all_migrations{{
    {1, "vehicles, customers, ownerships, intakes, DTC events, readiness, freeze frames, session logs", v1_sql,
     nullptr},
    {2, "repairs, red-flag columns, fleet indices and per-model monthly code counts", v2_sql, v2_backfill},
    {3, "covering indexes for history, fewer indexes written per scan, month-clustered code counts", v3_sql,
     nullptr},
}};

std::string utc_now() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::span<const migration> migrations() noexcept { return all_migrations; }

store_result<int> current_version(connection& db) {
  auto q = db.prepare("SELECT MAX(version) FROM schema_migrations");
  if (!q) return q.error();
  auto row = (*q)->step();
  if (!row) return row.error();
  return static_cast<int>((*q)->opt_integer(0).value_or(0));
}

store_result<void> migrate(connection& db) {
  // A new file gets 8 KiB pages before its first table: an intake row carries its ~2.5 KB report
  // JSON, and 4 KiB pages would hold one such row each, wasting a third of the file.
  if (auto r = db.exec("PRAGMA page_size = 8192"); !r) return r.error();
  if (auto r = db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                       "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
      !r)
    return r.error();
  const int latest = all_migrations.back().version;
  auto version = current_version(db);
  if (!version) return version.error();
  if (*version > latest)
    return db.failure(store_error::schema_too_new, "schema version " + std::to_string(*version) +
                                                       " was written by a newer bayscan (this one knows up to " +
                                                       std::to_string(latest) + ")");
  for (const auto& m : all_migrations) {
    if (m.version <= *version) continue;
    auto tx = transaction::begin(db);
    if (!tx) return tx.error();
    // Another process may have migrated while we waited for the write lock.
    auto now_version = current_version(db);
    if (!now_version) return now_version.error();
    if (*now_version >= m.version) continue;
    auto fail = [&](const store_failure& f) {
      return store_failure{store_error::migration_failed,
                           "migration to schema version " + std::to_string(m.version) + " failed: " + f.message};
    };
    if (auto r = db.exec(m.sql); !r) return fail(r.error());
    if (m.backfill)
      if (auto r = m.backfill(db); !r) return fail(r.error());
    auto ins = db.prepare("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)");
    if (!ins) return fail(ins.error());
    (*ins)->bind(1, m.version).bind(2, m.description).bind(3, utc_now());
    if (auto r = (*ins)->run(); !r) return fail(r.error());
    ins->reset();
    if (auto r = tx->commit(); !r) return fail(r.error());
  }
  return {};
}

}  // namespace bayscan::core::sqlite
