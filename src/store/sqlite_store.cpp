#include <bayscan/core/sqlite_store.hpp>

#include "store/sqlite_schema.hpp"
#include "store/sqlite_store_impl.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>
#include <system_error>

namespace bayscan::core {

namespace fs = std::filesystem;
using sqlite::connection;
using sqlite::transaction;

namespace store_detail {

std::string iso_utc(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string utc_now() { return iso_utc(static_cast<std::int64_t>(std::time(nullptr))); }

store_result<std::string> normalize_time(const connection& db, const std::string& text, std::string_view what) {
  const auto secs = parse_iso8601_utc(text);
  if (!secs)
    return db.failure(store_error::invalid_argument,
                      std::string(what) + " \"" + text + "\" is not an ISO-8601 date or date-time");
  return iso_utc(*secs);
}

}  // namespace store_detail

namespace {

using store_detail::iso_utc;
using store_detail::utc_now;

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// zlib (RFC 1950) at the default level: ELM327 logs are repetitive ASCII and shrink 5-10x.
std::string compress_log(const std::string& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
            static_cast<uLong>(raw.size()), Z_DEFAULT_COMPRESSION);
  out.resize(size);
  return out;
}

}  // namespace

// ---------------------------------------------------------------- open

sqlite_store::sqlite_store(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
sqlite_store::~sqlite_store() = default;

const fs::path& sqlite_store::path() const { return impl_->path; }
int sqlite_store::latest_schema_version() noexcept { return sqlite::migrations().back().version; }
std::string_view sqlite_store::migration_sql(int version) noexcept {
  for (const auto& m : sqlite::migrations())
    if (m.version == version) return m.sql;
  return {};
}

store_result<std::unique_ptr<sqlite_store>> sqlite_store::open(const fs::path& path,
                                                               const sqlite_store_options& options) {
  const std::string name = path.string();
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (fs::exists(st) && !fs::is_regular_file(st))
    return store_failure{store_error::cannot_open, name + ": not a regular file"};

  auto opened = connection::open(name, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX);
  if (!opened) return opened.error();
  auto& db = **opened;

  // Read before writing anything: garbage must be refused, not "repaired" by a journal-mode switch.
  std::set<std::string> tables;
  {
    auto q = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
    auto row = q ? (*q)->step() : store_result<bool>(q.error());
    while (row && *row) {
      tables.insert((*q)->text(0));
      row = (*q)->step();
    }
    if (!row) {
      if (row.error().code == store_error::not_a_database)
        return store_failure{store_error::not_a_database,
                             name + ": not an SQLite database (" + sqlite3_errmsg(db.handle()) +
                                 "); the file was left untouched"};
      return row.error();
    }
  }
  if (!tables.empty() && !tables.count("schema_migrations"))
    return store_failure{store_error::foreign_database,
                         name + ": an SQLite database without bayscan's schema_migrations table; "
                                "refusing to add tables to another program's file"};

  sqlite3_busy_timeout(db.handle(), options.busy_timeout_ms);
  {
    auto q = db.prepare("PRAGMA journal_mode = WAL");
    if (!q) return q.error();
    auto row = (*q)->step();
    if (!row) return row.error();
    if (!*row || (*q)->text(0) != "wal")
      return db.failure(store_error::cannot_open, "cannot switch to WAL journal mode");
  }
  if (auto r = db.exec("PRAGMA foreign_keys = ON"); !r) return r.error();
  if (auto r = db.exec(options.sync_every_commit ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL"); !r)
    return r.error();
  // SQLite's default page cache is 2 MiB; at dealer scale (GBs of file) the interior pages of the
  // indexes a scan writes no longer fit, and each miss is a read() of 8 KiB. 64 MiB is an upper
  // bound, filled only as pages are used.
  if (auto r = db.exec("PRAGMA cache_size = -65536"); !r) return r.error();
  // A scan dirties ~30 pages (appends plus one leaf in each code's and car's index range); many are
  // the same hot pages scan after scan. Checkpointing every 8192 WAL pages (64 MiB) instead of
  // SQLite's 1000 copies each hot page back once per few hundred scans instead of once per ~30, and
  // syncs a tenth as often: store_intake went from 1.45 to 0.84 ms wall per scan on a 200 k-intake
  // file. Durability is unchanged (the WAL is the commit record either way).
  if (auto r = db.exec("PRAGMA wal_autocheckpoint = 8192"); !r) return r.error();
  if (auto r = sqlite::migrate(db); !r) return r.error();

  auto p = std::make_unique<impl>();
  p->path = path;
  p->db = std::move(*opened);
  p->options = options;
  return std::unique_ptr<sqlite_store>(new sqlite_store(std::move(p)));
}

store_result<int> sqlite_store::schema_version() { return sqlite::current_version(*impl_->db); }

store_result<std::string> sqlite_store::integrity_check() {
  auto q = impl_->db->prepare("PRAGMA integrity_check");
  if (!q) return q.error();
  std::string verdict;
  auto rows = (*q)->for_each_row([&] {
    verdict += (verdict.empty() ? "" : "\n") + (*q)->text(0);
  });
  if (!rows) return rows.error();
  return verdict;
}

store_result<fs::path> default_database_path() {
  fs::path dir;
  const char* xdg = std::getenv("XDG_DATA_HOME");
  const char* home = std::getenv("HOME");
  // XDG Base Directory spec: a relative XDG_DATA_HOME is invalid and must be ignored.
  if (xdg && *xdg && fs::path(xdg).is_absolute())
    dir = fs::path(xdg) / "bayscan";
  else if (home && *home)
    dir = fs::path(home) / ".local" / "share" / "bayscan";
  else
    return store_failure{store_error::cannot_open, "neither XDG_DATA_HOME nor HOME is set; pass --db PATH"};
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return store_failure{store_error::cannot_open, dir.string() + ": cannot create directory (" + ec.message() + ")"};
  return dir / "bayscan.db";
}

// ---------------------------------------------------------------- writing

namespace {

struct vehicle_row {
  vehicle_id id = 0;
  std::string make;
  std::string model;
  bool is_new = false;
};

store_result<vehicle_row> resolve_vehicle(connection& db, const intake_report& report, const intake_meta& meta) {
  auto given = [](const std::optional<std::string>& s) -> std::optional<std::string> {
    if (!s || s->empty()) return std::nullopt;
    return s;
  };
  const std::optional<std::string> plate = given(meta.plate) ? std::optional(upper(*meta.plate)) : std::nullopt;
  const auto make = given(meta.make), model = given(meta.model), engine = given(meta.engine);

  // Only a syntactically valid VIN identifies a car: clone adapters return blanks or zeros that
  // would merge unrelated cars into one history.
  std::optional<std::string> vin;
  if (report.vin_valid && report.vin && !report.vin->empty()) vin = upper(*report.vin);
  vehicle_row out;
  bool found = false;
  vehicle_record current;
  if (vin || plate) {
    auto q = db.prepare(vin ? "SELECT id, plate, make, model, model_year, engine FROM vehicles WHERE vin = ?"
                            : "SELECT id, plate, make, model, model_year, engine FROM vehicles "
                              "WHERE plate = ? AND vin IS NULL ORDER BY id DESC LIMIT 1");
    if (!q) return q.error();
    (*q)->bind(1, vin ? *vin : *plate);
    auto row = (*q)->step();
    if (!row) return row.error();
    if (*row) {
      auto& r = **q;
      found = true;
      current.id = r.integer(0);
      current.plate = r.opt_text(1);
      current.make = r.opt_text(2);
      current.model = r.opt_text(3);
      if (auto y = r.opt_integer(4)) current.model_year = static_cast<int>(*y);
      current.engine = r.opt_text(5);
      (void)r.step();
    }
  }
  if (!found) {
    auto q = db.prepare(
        "INSERT INTO vehicles (vin, plate, make, model, model_year, engine, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!q) return q.error();
    (*q)->bind(1, vin).bind(2, plate).bind(3, make).bind(4, model).bind(5, meta.model_year).bind(6, engine).bind(7, utc_now());
    auto row = (*q)->step();
    if (!row) return row.error();
    out.id = (*q)->integer(0);
    (void)(*q)->step();
    out.is_new = true;
    out.make = make.value_or("");
    out.model = model.value_or("");
    return out;
  }
  out.id = current.id;
  // Advisor-entered or decoded values overwrite; absent ones leave what is stored. Skip the write
  // when nothing changes (the common case: the same car, the same decoded data).
  auto differs = [](const auto& incoming, const auto& stored) { return incoming && incoming != stored; };
  if (differs(plate, current.plate) || differs(make, current.make) || differs(model, current.model) ||
      differs(meta.model_year, current.model_year) || differs(engine, current.engine)) {
    auto q = db.prepare(
        "UPDATE vehicles SET plate = COALESCE(?, plate), make = COALESCE(?, make), model = COALESCE(?, model), "
        "model_year = COALESCE(?, model_year), engine = COALESCE(?, engine) WHERE id = ?");
    if (!q) return q.error();
    (*q)->bind(1, plate).bind(2, make).bind(3, model).bind(4, meta.model_year).bind(5, engine).bind(6, out.id);
    if (auto r = (*q)->run(); !r) return r.error();
  }
  out.make = make ? *make : current.make.value_or("");
  out.model = model ? *model : current.model.value_or("");
  return out;
}

store_result<prior_history> load_prior_history(connection& db, vehicle_id vehicle) {
  prior_history h;
  std::map<std::int64_t, std::size_t> visit_index;
  {
    auto q = db.prepare("SELECT id, started_at, odometer_km FROM intakes WHERE vehicle_id = ? ORDER BY started_at, id");
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    auto rows = (*q)->for_each_row([&] {
      visit_index[(*q)->integer(0)] = h.visits.size();
      h.visits.push_back({(*q)->integer(0), (*q)->text(1), (*q)->opt_real(2), {}});
    });
    if (!rows) return rows.error();
  }
  if (!h.visits.empty()) {
    auto q = db.prepare("SELECT intake_id, code FROM dtc_events WHERE vehicle_id = ? ORDER BY intake_id");
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    auto rows = (*q)->for_each_row([&] {
      auto it = visit_index.find((*q)->integer(0));
      if (it != visit_index.end()) h.visits[it->second].codes.push_back((*q)->text(1));
    });
    if (!rows) return rows.error();
  }
  std::map<std::int64_t, std::size_t> repair_index;
  {
    auto q = db.prepare("SELECT id, closed_at, odometer_km, description FROM repairs WHERE vehicle_id = ? ORDER BY closed_at, id");
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    auto rows = (*q)->for_each_row([&] {
      repair_index[(*q)->integer(0)] = h.repairs.size();
      h.repairs.push_back({(*q)->text(1), (*q)->opt_real(2), {}, (*q)->text(3)});
    });
    if (!rows) return rows.error();
  }
  if (!h.repairs.empty()) {
    auto q = db.prepare(
        "SELECT rc.repair_id, rc.code FROM repair_codes rc JOIN repairs r ON r.id = rc.repair_id WHERE r.vehicle_id = ?");
    if (!q) return q.error();
    (*q)->bind(1, vehicle);
    auto rows = (*q)->for_each_row([&] {
      auto it = repair_index.find((*q)->integer(0));
      if (it != repair_index.end()) h.repairs[it->second].codes.push_back((*q)->text(1));
    });
    if (!rows) return rows.error();
  }
  return h;
}

// Everything for one scan, inside the caller's transaction.
store_result<intake_id> write_intake(connection& db, const sqlite_store_options& options, intake_report& report,
                                     const intake_meta& meta) {
  if (report.started_at.empty()) report.started_at = utc_now();
  auto started = store_detail::normalize_time(db, report.started_at, "report.started_at");
  if (!started) return started.error();

  auto vehicle = resolve_vehicle(db, report, meta);
  if (!vehicle) return vehicle.error();

  if (!vehicle->is_new) {
    auto prior = load_prior_history(db, vehicle->id);
    if (!prior) return prior.error();
    apply_red_flags(report, compute_red_flags(report, *prior, options.thresholds));
  }

  std::string kinds;
  for (const auto& f : report.flags) kinds += (kinds.empty() ? "" : " ") + f.kind;
  const std::string json = boost::json::serialize(to_json(report));

  intake_id id = 0;
  {
    auto q = db.prepare(
        "INSERT INTO intakes (vehicle_id, bay, adapter, started_at, odometer_km, odometer_source, mil_on, "
        "fuel_level_pct, distance_since_clear_km, dtc_count, flag_kinds, report_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    if (!q) return q.error();
    (*q)->bind(1, vehicle->id)
        .bind(2, meta.bay)
        .bind(3, meta.adapter_uri)
        .bind(4, *started)
        .bind(5, report.odometer_km)
        .bind(6, report.odometer_source)
        .bind(7, report.mil_on)
        .bind(8, report.fuel_level_pct)
        .bind(9, report.distance_since_clear_km)
        .bind(10, static_cast<std::int64_t>(report.dtcs.size()))
        .bind(11, kinds)
        .bind(12, json);
    auto row = (*q)->step();
    if (!row) return row.error();
    id = (*q)->integer(0);
  }
  {
    auto q = db.prepare(
        "INSERT INTO dtc_events (intake_id, vehicle_id, observed_at, ecu, code, status) VALUES (?, ?, ?, ?, ?, ?)");
    if (!q) return q.error();
    for (const auto& d : report.dtcs) {
      (*q)->bind(1, id).bind(2, vehicle->id).bind(3, *started).bind(4, d.ecu).bind(5, upper(d.code)).bind(6, d.status);
      if (auto r = (*q)->run(); !r) return r.error();
    }
  }
  {
    // Two ECUs may both report a monitor: supported by any, complete only if every reporter says so.
    std::map<std::string, std::pair<bool, bool>> monitors;
    for (const auto& m : report.readiness) {
      auto [it, fresh] = monitors.try_emplace(m.monitor, m.supported, m.complete || !m.supported);
      if (!fresh) {
        it->second.first = it->second.first || m.supported;
        if (m.supported) it->second.second = it->second.second && m.complete;
      }
    }
    auto q = db.prepare("INSERT INTO readiness (intake_id, monitor, supported, complete) VALUES (?, ?, ?, ?)");
    if (!q) return q.error();
    for (const auto& [monitor, state] : monitors) {
      (*q)->bind(1, id).bind(2, monitor).bind(3, state.first).bind(4, state.first && state.second);
      if (auto r = (*q)->run(); !r) return r.error();
    }
  }
  if (report.freeze_frame) {
    boost::json::object values;
    for (const auto& [k, v] : report.freeze_frame->values) values[k] = v;
    auto q = db.prepare("INSERT INTO freeze_frames (intake_id, dtc, ecu, values_json) VALUES (?, ?, ?, ?)");
    if (!q) return q.error();
    (*q)->bind(1, id)
        .bind(2, upper(report.freeze_frame->dtc))
        .bind(3, report.freeze_frame->ecu)
        .bind(4, boost::json::serialize(values));
    if (auto r = (*q)->run(); !r) return r.error();
  }
  if (!meta.session_log.empty()) {
    const std::string packed = compress_log(meta.session_log);
    auto q = db.prepare("INSERT INTO session_logs (intake_id, original_size, compressed) VALUES (?, ?, ?)");
    if (!q) return q.error();
    (*q)->bind(1, id).bind(2, static_cast<std::int64_t>(meta.session_log.size())).bind_blob(3, packed.data(), packed.size());
    if (auto r = (*q)->run(); !r) return r.error();
  }
  std::set<std::string> codes;
  for (const auto& d : report.dtcs) codes.insert(upper(d.code));
  {
    // Read by the fleet query: one row per code per scan, clustered by (code, time).
    auto q = db.prepare("INSERT INTO dtc_code_intakes (code, observed_at, vehicle_id, intake_id) VALUES (?, ?, ?, ?)");
    if (!q) return q.error();
    for (const auto& code : codes) {
      (*q)->bind(1, code).bind(2, *started).bind(3, vehicle->id).bind(4, id);
      if (auto r = (*q)->run(); !r) return r.error();
    }
  }
  {
    auto q = db.prepare(
        "INSERT INTO dtc_model_month (make, model, month, code, intakes) VALUES (?, ?, ?, ?, 1) "
        "ON CONFLICT (make, model, month, code) DO UPDATE SET intakes = dtc_model_month.intakes + 1");
    if (!q) return q.error();
    const std::string month = started->substr(0, 7);
    for (const auto& code : codes) {
      (*q)->bind(1, vehicle->make).bind(2, vehicle->model).bind(3, month).bind(4, code);
      if (auto r = (*q)->run(); !r) return r.error();
    }
  }
  return id;
}

}  // namespace

store_result<intake_id> sqlite_store::store_intake(intake_report& report, const intake_meta& meta) {
  auto& db = *impl_->db;
  auto tx = transaction::begin(db);
  if (!tx) return tx.error();
  auto id = write_intake(db, impl_->options, report, meta);
  if (!id) return id.error();
  if (auto r = tx->commit(); !r) return r.error();
  return id;
}

store_result<std::vector<intake_id>> sqlite_store::import_intakes(std::vector<pending_intake>& batch) {
  auto& db = *impl_->db;
  auto tx = transaction::begin(db);
  if (!tx) return tx.error();
  std::vector<intake_id> ids;
  ids.reserve(batch.size());
  for (auto& p : batch) {
    auto id = write_intake(db, impl_->options, p.report, p.meta);
    if (!id) return id.error();
    ids.push_back(*id);
  }
  if (auto r = tx->commit(); !r) return r.error();
  return ids;
}

store_result<std::int64_t> sqlite_store::record_repair(const repair_input& repair) {
  auto& db = *impl_->db;
  auto closed = store_detail::normalize_time(db, repair.closed_at, "repair.closed_at");
  if (!closed) return closed.error();
  if (repair.codes.empty()) return db.failure(store_error::invalid_argument, "a repair must name the codes it addressed");
  auto tx = transaction::begin(db);
  if (!tx) return tx.error();
  {
    auto q = db.prepare("SELECT id FROM vehicles WHERE id = ?");
    if (!q) return q.error();
    (*q)->bind(1, repair.vehicle);
    auto row = (*q)->step();
    if (!row) return row.error();
    if (!*row) return db.failure(store_error::not_found, "no vehicle with id " + std::to_string(repair.vehicle));
  }
  std::int64_t id = 0;
  {
    auto q = db.prepare(
        "INSERT INTO repairs (vehicle_id, intake_id, description, closed_at, odometer_km) VALUES (?, ?, ?, ?, ?) "
        "RETURNING id");
    if (!q) return q.error();
    (*q)->bind(1, repair.vehicle).bind(2, repair.intake).bind(3, repair.description).bind(4, *closed).bind(5, repair.odometer_km);
    auto row = (*q)->step();
    if (!row) return row.error();
    id = (*q)->integer(0);
  }
  std::set<std::string> codes;
  for (const auto& c : repair.codes) codes.insert(upper(c));
  auto q = db.prepare("INSERT INTO repair_codes (repair_id, code) VALUES (?, ?)");
  if (!q) return q.error();
  for (const auto& c : codes) {
    (*q)->bind(1, id).bind(2, c);
    if (auto r = (*q)->run(); !r) return r.error();
  }
  if (auto r = tx->commit(); !r) return r.error();
  return id;
}

store_result<vehicle_record> sqlite_store::find_vehicle_by_vin(std::string_view vin) {
  auto& db = *impl_->db;
  auto q = db.prepare("SELECT id, vin, plate, make, model, model_year, engine FROM vehicles WHERE vin = ?");
  if (!q) return q.error();
  (*q)->bind(1, upper(vin));
  auto row = (*q)->step();
  if (!row) return row.error();
  if (!*row) return db.failure(store_error::not_found, "no vehicle with VIN " + upper(vin));
  auto& r = **q;
  vehicle_record v;
  v.id = r.integer(0);
  v.vin = r.opt_text(1);
  v.plate = r.opt_text(2);
  v.make = r.opt_text(3);
  v.model = r.opt_text(4);
  if (auto y = r.opt_integer(5)) v.model_year = static_cast<int>(*y);
  v.engine = r.opt_text(6);
  return v;
}

store_result<customer_id> sqlite_store::add_customer(const customer_input& c) {
  auto& db = *impl_->db;
  if (c.name.empty()) return db.failure(store_error::invalid_argument, "a customer needs a name");
  auto q = db.prepare(
      "INSERT INTO customers (name, phone, email, national_id, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
  if (!q) return q.error();
  (*q)->bind(1, c.name).bind(2, c.phone).bind(3, c.email).bind(4, c.national_id).bind(5, utc_now());
  auto row = (*q)->step();
  if (!row) return row.error();
  return (*q)->integer(0);
}

store_result<void> sqlite_store::record_ownership(vehicle_id vehicle, customer_id customer, std::string_view owned_from,
                                                  std::string_view owned_to) {
  auto& db = *impl_->db;
  auto from = store_detail::normalize_time(db, std::string(owned_from), "owned_from");
  if (!from) return from.error();
  std::optional<std::string> to;
  if (!owned_to.empty()) {
    auto t = store_detail::normalize_time(db, std::string(owned_to), "owned_to");
    if (!t) return t.error();
    to = *t;
  }
  auto q = db.prepare("INSERT INTO ownerships (vehicle_id, customer_id, owned_from, owned_to) VALUES (?, ?, ?, ?)");
  if (!q) return q.error();
  (*q)->bind(1, vehicle).bind(2, customer).bind(3, *from).bind(4, to);
  return (*q)->run();
}

store_result<intake_report> sqlite_store::load_intake(intake_id id) {
  auto& db = *impl_->db;
  auto q = db.prepare("SELECT report_json FROM intakes WHERE id = ?");
  if (!q) return q.error();
  (*q)->bind(1, id);
  auto row = (*q)->step();
  if (!row) return row.error();
  if (!*row) return db.failure(store_error::not_found, "no intake " + std::to_string(id));
  boost::system::error_code ec;
  const auto value = boost::json::parse((*q)->text(0), ec);
  std::string error;
  auto report = ec ? std::nullopt : intake_report_from_json(value, error);
  if (!report)
    return db.failure(store_error::corrupt_report,
                      "intake " + std::to_string(id) + ": stored report does not parse (" + (ec ? ec.message() : error) + ")");
  return std::move(*report);
}

store_result<std::string> sqlite_store::load_session_log(intake_id id) {
  auto& db = *impl_->db;
  auto q = db.prepare("SELECT original_size, compressed FROM session_logs WHERE intake_id = ?");
  if (!q) return q.error();
  (*q)->bind(1, id);
  auto row = (*q)->step();
  if (!row) return row.error();
  if (!*row) return db.failure(store_error::not_found, "no session log for intake " + std::to_string(id));
  const auto original = (*q)->integer(0);
  const std::string packed = (*q)->blob(1);
  if (original < 0 || original > (std::int64_t{1} << 31))
    return db.failure(store_error::corrupt_session_log, "intake " + std::to_string(id) + ": implausible log size");
  std::string out(static_cast<std::size_t>(original), '\0');
  uLongf size = static_cast<uLongf>(original);
  const int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(packed.data()),
                            static_cast<uLong>(packed.size()));
  if (rc != Z_OK || size != static_cast<uLongf>(original))
    return db.failure(store_error::corrupt_session_log,
                      "intake " + std::to_string(id) + ": session log does not decompress to its recorded " +
                          std::to_string(original) + " bytes (zlib: " + zError(rc) + ")");
  return out;
}

}  // namespace bayscan::core
