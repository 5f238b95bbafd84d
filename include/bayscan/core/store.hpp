// The intake store: every scan a dealer keeps for years, the technician's history by VIN, the
// manager's fleet view and the advisor's red flags (issue 5).
//
// `intake_store` is the backend-neutral interface; `sqlite_store.hpp` implements it on one SQLite
// file and a dealer group's PostgreSQL backend implements the same interface later. Personal data
// (customers) lives behind `add_customer` / `record_ownership` only: nothing that returns history or
// fleet results reads it.
//
// Thread-safety: an `intake_store` object is not thread-safe (one connection, one statement cache);
// use one object per thread. Several processes may share one database file.
#ifndef BAYSCAN_CORE_STORE_HPP
#define BAYSCAN_CORE_STORE_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/core/history.hpp>
#include <bayscan/core/intake_report.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/is_error_code_enum.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace bayscan::core {

enum class store_error {
  cannot_open = 1,     // the file or its directory cannot be opened or created
  not_a_database,      // the file exists but is not an SQLite database (garbage, truncated, encrypted)
  foreign_database,    // an SQLite database that bayscan did not create; never migrated into
  schema_too_new,      // written by a newer bayscan; this build will not guess at its schema
  migration_failed,    // a schema migration failed and was rolled back
  query_failed,        // the database rejected a statement (disk full, I/O error, constraint)
  busy,                // another process held the write lock past the busy timeout
  not_found,           // no such VIN / intake / vehicle
  invalid_argument,    // e.g. an empty DTC code in a fleet query, a malformed date
  corrupt_session_log, // the stored log does not decompress to its recorded size
  corrupt_report,      // a stored IntakeReport JSON no longer parses
};

const boost::system::error_category& store_category() noexcept;
error_code make_error_code(store_error e) noexcept;

// A store error carries the sentence an operator needs ("/var/lib/x.db: file is not a database"),
// because an error_code alone cannot name the file or the statement.
struct store_failure {
  error_code code;
  std::string message;
};

// Lets `result<T, store_failure>::value()` throw like an error_code result does.
[[noreturn]] void throw_exception_from_error(const store_failure& f, const boost::source_location& loc);

template <class T>
using store_result = result<T, store_failure>;

using intake_id = std::int64_t;
using vehicle_id = std::int64_t;
using customer_id = std::int64_t;

// What the intake scan itself does not know: where and through what it ran, what the advisor typed
// in, and the adapter's raw session log (commands and replies as a terminal shows them) for replay
// with `bayscan decode`.
struct intake_meta {
  std::string bay;          // "bay-3"
  std::string adapter_uri;  // "serial:/dev/ttyUSB0?baud=38400"
  std::string session_log;  // raw bytes, stored zlib-compressed
  // Vehicle identity without a VIN (pre-2001 cars, a VIN the ECU would not give): the plate.
  std::optional<std::string> plate;
  // Decoded from the VIN or entered by the advisor; empty fields leave stored values untouched.
  std::optional<std::string> make;
  std::optional<std::string> model;
  std::optional<int> model_year;
  std::optional<std::string> engine;
};

struct vehicle_record {
  vehicle_id id = 0;
  std::optional<std::string> vin;
  std::optional<std::string> plate;
  std::optional<std::string> make;
  std::optional<std::string> model;
  std::optional<int> model_year;
  std::optional<std::string> engine;
};

// A repair closed at the dealer, so the next visit can tell a comeback from a new fault.
struct repair_input {
  vehicle_id vehicle = 0;
  std::optional<intake_id> intake;   // the visit the repair belongs to, if any
  std::vector<std::string> codes;    // the DTCs the repair addressed ("P0301")
  std::string description;           // "replaced ignition coil cyl 1"
  std::string closed_at;             // ISO-8601 UTC
  std::optional<double> odometer_km; // at closing
};

// Personal data. Kept in its own table and never joined by history or fleet queries.
struct customer_input {
  std::string name;
  std::string phone;
  std::string email;
  std::string national_id;
};

class intake_store {
 public:
  virtual ~intake_store() = default;

  // Computes the red flags against the car's earlier visits, appends them to `report.warnings` and
  // `report.flags`, then writes the report, its DTC events, readiness, freeze frame and compressed
  // session log in ONE transaction. On failure nothing is written (the report keeps its flags).
  virtual store_result<intake_id> store_intake(intake_report& report, const intake_meta& meta) = 0;

  virtual store_result<std::int64_t> record_repair(const repair_input& repair) = 0;

  virtual store_result<vehicle_record> find_vehicle_by_vin(std::string_view vin) = 0;
  virtual store_result<customer_id> add_customer(const customer_input& customer) = 0;
  // `owned_to` empty while the customer still owns the car.
  virtual store_result<void> record_ownership(vehicle_id vehicle, customer_id customer, std::string_view owned_from,
                                              std::string_view owned_to) = 0;

  virtual store_result<intake_report> load_intake(intake_id id) = 0;
  // The raw adapter log exactly as captured, decompressed.
  virtual store_result<std::string> load_session_log(intake_id id) = 0;

  virtual store_result<vehicle_history> history_for_vin(std::string_view vin) = 0;
  virtual store_result<fleet_result> fleet_query(const fleet_filter& filter) = 0;
};

}  // namespace bayscan::core

template <>
struct boost::system::is_error_code_enum<bayscan::core::store_error> : std::true_type {};

#endif
