// Internal to src/store: the SQLite schema as an ordered list of migrations. Migration N moves a
// file from version N-1 to N; each runs in its own transaction together with its row in
// schema_migrations, so a crash mid-migration leaves the file at N-1.
#ifndef BAYSCAN_STORE_SQLITE_SCHEMA_HPP
#define BAYSCAN_STORE_SQLITE_SCHEMA_HPP

#include "store/sqlite_db.hpp"

#include <span>

namespace bayscan::core::sqlite {

struct migration {
  int version;
  const char* description;
  const char* sql;
  // Data a plain SQL statement cannot derive portably (values inside report JSON); may be null.
  store_result<void> (*backfill)(connection& db);
};

std::span<const migration> migrations() noexcept;

// Brings the file to the latest version; refuses files written by a newer bayscan.
store_result<void> migrate(connection& db);

store_result<int> current_version(connection& db);

}  // namespace bayscan::core::sqlite

#endif
