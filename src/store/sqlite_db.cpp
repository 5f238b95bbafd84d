#include "store/sqlite_db.hpp"

namespace bayscan::core::sqlite {

query::~query() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

query& query::bind(int i, std::int64_t v) {
  note(sqlite3_bind_int64(stmt_, i, v));
  return *this;
}
query& query::bind(int i, double v) {
  note(sqlite3_bind_double(stmt_, i, v));
  return *this;
}
query& query::bind(int i, std::string_view v) {
  note(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  return *this;
}
query& query::bind_null(int i) {
  note(sqlite3_bind_null(stmt_, i));
  return *this;
}
query& query::bind_blob(int i, const void* data, std::size_t size) {
  note(sqlite3_bind_blob64(stmt_, i, data, size, SQLITE_TRANSIENT));
  return *this;
}

void query::note(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
}

store_result<bool> query::step() {
  if (bind_rc_ != SQLITE_OK) {
    const int rc = bind_rc_;
    bind_rc_ = SQLITE_OK;
    return db_->failure_from_sqlite(rc, sqlite3_sql(stmt_));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  // Reset at once (bindings are kept): the next bind must not meet a finished statement.
  sqlite3_reset(stmt_);
  if (rc == SQLITE_DONE) return false;
  return db_->failure_from_sqlite(rc, sqlite3_sql(stmt_));
}

store_result<void> query::run() {
  for (;;) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

std::string query::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}
std::optional<std::string> query::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}
std::optional<double> query::opt_real(int col) const {
  if (is_null(col)) return std::nullopt;
  return real(col);
}
std::optional<std::int64_t> query::opt_integer(int col) const {
  if (is_null(col)) return std::nullopt;
  return integer(col);
}
std::string query::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

store_result<std::unique_ptr<connection>> connection::open(const std::string& path, int open_flags) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, open_flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = path + ": cannot open database (" + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)) + ")";
    sqlite3_close_v2(db);
    return store_failure{store_error::cannot_open, std::move(msg)};
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<connection>(new connection(db, path));
}

connection::~connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

store_result<std::unique_ptr<query>> connection::prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                      &stmt, nullptr);
    if (rc != SQLITE_OK) return failure_from_sqlite(rc, sql);
    it = cache_.emplace(std::string(sql), std::unique_ptr<sqlite3_stmt, finalize>(stmt)).first;
  }
  return std::make_unique<query>(*this, it->second.get());
}

store_result<void> connection::exec(std::string_view sql) {
  const std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return failure_from_sqlite(rc, sql);
  return {};
}

store_failure connection::failure(store_error kind, std::string_view what) const {
  return {kind, path_ + ": " + std::string(what)};
}

store_failure connection::failure_from_sqlite(int rc, std::string_view what) const {
  const int primary = rc & 0xff;
  store_error kind = store_error::query_failed;
  if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT) kind = store_error::not_a_database;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) kind = store_error::busy;
  if (primary == SQLITE_CANTOPEN) kind = store_error::cannot_open;
  std::string statement(what.substr(0, 80));
  if (what.size() > 80) statement += "...";
  return {kind, path_ + ": " + sqlite3_errmsg(db_) + " (" + sqlite3_errstr(rc) + ") in: " + statement};
}

store_result<transaction> transaction::begin(connection& db) {
  if (auto r = db.exec("BEGIN IMMEDIATE"); !r) return r.error();
  return transaction(db);
}

transaction::~transaction() {
  if (db_) (void)db_->exec("ROLLBACK");
}

store_result<void> transaction::commit() {
  auto r = db_->exec("COMMIT");
  if (r) db_ = nullptr;
  return r;
}

}  // namespace bayscan::core::sqlite
