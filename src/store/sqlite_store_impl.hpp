// Internal to src/store: state shared by the sqlite_store translation units.
#ifndef BAYSCAN_STORE_SQLITE_STORE_IMPL_HPP
#define BAYSCAN_STORE_SQLITE_STORE_IMPL_HPP

#include <bayscan/core/sqlite_store.hpp>

#include "store/sqlite_db.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace bayscan::core {

struct sqlite_store::impl {
  std::filesystem::path path;
  std::unique_ptr<sqlite::connection> db;
  sqlite_store_options options;
};

namespace store_detail {

// "2026-03-01T08:15:00Z" from seconds since the epoch: the one form stored in time columns, so
// text order is time order in every backend.
std::string iso_utc(std::int64_t seconds);
std::string utc_now();
// A timestamp argument normalised to iso_utc, or invalid_argument naming `what`.
store_result<std::string> normalize_time(const sqlite::connection& db, const std::string& text, std::string_view what);

}  // namespace store_detail

}  // namespace bayscan::core

#endif
