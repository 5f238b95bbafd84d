#include <bayscan/core/store.hpp>

#include <boost/throw_exception.hpp>

#include <stdexcept>
#include <string>

namespace bayscan::core {

namespace {

class store_category_impl final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "bayscan.store"; }
  std::string message(int ev) const override {
    switch (static_cast<store_error>(ev)) {
      case store_error::cannot_open: return "cannot open or create the database file";
      case store_error::not_a_database: return "file is not an SQLite database";
      case store_error::foreign_database: return "SQLite database not created by bayscan";
      case store_error::schema_too_new: return "database schema is newer than this bayscan";
      case store_error::migration_failed: return "schema migration failed";
      case store_error::query_failed: return "database statement failed";
      case store_error::busy: return "database is locked by another writer";
      case store_error::not_found: return "not found";
      case store_error::invalid_argument: return "invalid argument";
      case store_error::corrupt_session_log: return "stored session log is corrupt";
      case store_error::corrupt_report: return "stored intake report is corrupt";
    }
    return "unknown store error " + std::to_string(ev);
  }
};

}  // namespace

const boost::system::error_category& store_category() noexcept {
  static const store_category_impl category;
  return category;
}

error_code make_error_code(store_error e) noexcept { return {static_cast<int>(e), store_category()}; }

void throw_exception_from_error(const store_failure& f, const boost::source_location& loc) {
  boost::throw_exception(std::runtime_error(f.message), loc);
}

}  // namespace bayscan::core
