// The intake store on one SQLite file (WAL, foreign keys on, busy timeout, prepared statements
// created once and reused). The schema is versioned by migrations run at open, each in its own
// transaction and recorded in `schema_migrations` (portable, unlike PRAGMA user_version).
// A file that is not an SQLite database, or an SQLite database bayscan did not create, is refused
// with an error naming the file and is never written to.
//
// Thread-safety: a `sqlite_store` is not thread-safe; open one per thread or process. Many
// processes may share the file: writers queue on the write lock up to the busy timeout.
#ifndef BAYSCAN_CORE_SQLITE_STORE_HPP
#define BAYSCAN_CORE_SQLITE_STORE_HPP

#include <bayscan/core/red_flags.hpp>
#include <bayscan/core/store.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bayscan::core {

struct sqlite_store_options {
  int busy_timeout_ms = 5000;
  // false: synchronous=NORMAL. In WAL mode a commit is then safe against the process being killed
  // at any moment (the OS has the pages) and the file never corrupts; a power cut may lose the last
  // commits. true: synchronous=FULL, each commit also survives a power cut (fsync per scan).
  bool sync_every_commit = false;
  red_flag_thresholds thresholds;
};

// One scan queued for a bulk import (historic data, benches).
struct pending_intake {
  intake_report report;
  intake_meta meta;
};

class sqlite_store final : public intake_store {
 public:
  // Opens or creates the file and runs pending migrations.
  static store_result<std::unique_ptr<sqlite_store>> open(const std::filesystem::path& path,
                                                           const sqlite_store_options& options = {});
  ~sqlite_store() override;
  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;

  store_result<intake_id> store_intake(intake_report& report, const intake_meta& meta) override;
  store_result<std::int64_t> record_repair(const repair_input& repair) override;
  store_result<vehicle_record> find_vehicle_by_vin(std::string_view vin) override;
  store_result<customer_id> add_customer(const customer_input& customer) override;
  store_result<void> record_ownership(vehicle_id vehicle, customer_id customer, std::string_view owned_from,
                                      std::string_view owned_to) override;
  store_result<intake_report> load_intake(intake_id id) override;
  store_result<std::string> load_session_log(intake_id id) override;
  store_result<vehicle_history> history_for_vin(std::string_view vin) override;
  store_result<fleet_result> fleet_query(const fleet_filter& filter) override;

  // Stores many scans in ONE transaction, each exactly as store_intake would (flags included).
  // For importing history; a live intake uses store_intake so one failure loses one scan.
  store_result<std::vector<intake_id>> import_intakes(std::vector<pending_intake>& batch);

  store_result<int> schema_version();
  // PRAGMA integrity_check's verdict: "ok" or the problems SQLite found.
  store_result<std::string> integrity_check();
  const std::filesystem::path& path() const;

  static int latest_schema_version() noexcept;
  // The DDL of migration `version` (1..latest) as kept in the code, so a test can build a file
  // exactly as an older bayscan left it. Empty for an unknown version.
  static std::string_view migration_sql(int version) noexcept;

 private:
  struct impl;
  explicit sqlite_store(std::unique_ptr<impl> p);
  std::unique_ptr<impl> impl_;
};

// $XDG_DATA_HOME/bayscan/bayscan.db, else ~/.local/share/bayscan/bayscan.db; creates the directory.
store_result<std::filesystem::path> default_database_path();

}  // namespace bayscan::core

#endif
