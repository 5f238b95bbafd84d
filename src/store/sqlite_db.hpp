// Internal to src/store: a thin RAII layer over the SQLite C API (connection, prepared statements
// cached by SQL text and reused, a transaction guard). Not a public header: only the store sees SQLite.
// Not thread-safe: one connection per thread.
#ifndef BAYSCAN_STORE_SQLITE_DB_HPP
#define BAYSCAN_STORE_SQLITE_DB_HPP

#include <bayscan/core/store.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bayscan::core::sqlite {

class connection;

// A statement borrowed from the cache for one use: binds by 1-based index, steps, reads columns;
// the destructor resets it and clears its bindings so the next user starts clean.
class query {
 public:
  query(connection& db, sqlite3_stmt* stmt) : db_(&db), stmt_(stmt) {}
  query(const query&) = delete;
  query& operator=(const query&) = delete;
  ~query();

  query& bind(int i, std::int64_t v);
  query& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  query& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  query& bind(int i, double v);
  query& bind(int i, std::string_view v);  // copied by SQLite (SQLITE_TRANSIENT)
  query& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  query& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  query& bind_null(int i);
  query& bind_blob(int i, const void* data, std::size_t size);
  template <class T>
  query& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // true: a row is available; false: done. Errors become store_failure naming the database.
  store_result<bool> step();
  // Step to completion, for statements that return no rows.
  store_result<void> run();
  // Steps through every row, calling on_row() with the row current; the first error ends it.
  template <class F>
  store_result<void> for_each_row(F&& on_row) {
    for (;;) {
      auto row = step();
      if (!row) return row.error();
      if (!*row) return {};
      on_row();
    }
  }

  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  double real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string text(int col) const;
  // The column's text without a copy; valid until the next step() or reset (loops over many rows).
  std::string_view text_view(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
  }
  std::optional<std::string> opt_text(int col) const;
  std::optional<double> opt_real(int col) const;
  std::optional<std::int64_t> opt_integer(int col) const;
  std::string blob(int col) const;

 private:
  void note(int bind_rc);
  connection* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;  // first failed bind, reported by the next step()
};

class connection {
 public:
  // Opens without creating anything inside the file; `open_flags` as for sqlite3_open_v2.
  static store_result<std::unique_ptr<connection>> open(const std::string& path, int open_flags);
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  // A cached prepared statement for `sql` (prepared on first use, reused after).
  store_result<std::unique_ptr<query>> prepare(std::string_view sql);
  // One-off SQL (DDL, pragmas, BEGIN/COMMIT): may hold several statements.
  store_result<void> exec(std::string_view sql);

  store_failure failure(store_error kind, std::string_view what) const;
  store_failure failure_from_sqlite(int rc, std::string_view what) const;
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  connection(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  struct finalize {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };
  sqlite3* db_;
  std::string path_;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, finalize>> cache_;
};

// BEGIN IMMEDIATE (take the write lock up front so a busy writer waits at BEGIN, not mid-scan);
// rolls back unless commit() succeeded.
class transaction {
 public:
  static store_result<transaction> begin(connection& db);
  transaction(transaction&& o) noexcept : db_(o.db_) { o.db_ = nullptr; }
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  transaction& operator=(transaction&&) = delete;
  ~transaction();
  store_result<void> commit();

 private:
  explicit transaction(connection& db) : db_(&db) {}
  connection* db_;
};

}  // namespace bayscan::core::sqlite

#endif
