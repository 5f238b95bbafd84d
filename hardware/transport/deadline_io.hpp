// Private to hardware/: Asio's "blocking operation with a deadline" pattern shared by the
// descriptor- and socket-based transports. Each transport owns an io_context that only its own
// thread runs: start the asynchronous operation, run the context until the operation completes
// or the deadline passes, and on a timeout cancel and run again until the aborted completion
// handler has run (so no handler outlives the call).
#ifndef BAYSCAN_HARDWARE_TRANSPORT_DEADLINE_IO_HPP
#define BAYSCAN_HARDWARE_TRANSPORT_DEADLINE_IO_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/hardware/deadline.hpp>
#include <bayscan/hardware/transport_error.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace bayscan::hardware::detail {

// Runs what `initiate` started until `done` or `until`; returns true when it timed out (after
// `cancel` and the aborted handler have run). Operations that complete at once (data already
// buffered) complete even with a deadline in the past, because the context is polled first.
template <class Initiate, class Cancel>
bool run_with_deadline(boost::asio::io_context& ctx, deadline until, const bool& done,
                       Initiate&& initiate, Cancel&& cancel) {
  std::forward<Initiate>(initiate)();
  ctx.restart();
  ctx.poll();
  if (!done) ctx.run_until(until);
  if (done) return false;
  std::forward<Cancel>(cancel)();
  ctx.restart();
  ctx.run();
  return true;
}

// write(): all bytes or an error, on any Asio stream (posix descriptor, TCP socket).
template <class Stream>
result<void> write_all(boost::asio::io_context& ctx, Stream& stream, byte_span bytes,
                       deadline until, std::string_view name, std::string& last_error) {
  if (!stream.is_open()) {
    last_error = std::string(name) + " is closed";
    return make_error_code(transport_error::not_open);
  }
  bool done = false;
  boost::system::error_code ec;
  run_with_deadline(
      ctx, until, done,
      [&] {
        boost::asio::async_write(stream, boost::asio::buffer(bytes.data(), bytes.size()),
                                 [&](const boost::system::error_code& e, std::size_t) {
                                   ec = e;
                                   done = true;
                                 });
      },
      [&] {
        boost::system::error_code ignored;
        stream.cancel(ignored);
      });
  if (!ec) return {};
  last_error = "write " + std::string(name) + ": " + ec.message();
  return classify_link_error(ec);
}

// read_some(): at least one byte, timeout, or adapter_lost.
template <class Stream>
result<std::size_t> read_available(boost::asio::io_context& ctx, Stream& stream,
                                   std::span<std::uint8_t> buffer, deadline until,
                                   std::string_view name, std::string& last_error) {
  if (!stream.is_open()) {
    last_error = std::string(name) + " is closed";
    return make_error_code(transport_error::not_open);
  }
  if (buffer.empty()) return std::size_t{0};
  bool done = false;
  boost::system::error_code ec;
  std::size_t got = 0;
  run_with_deadline(
      ctx, until, done,
      [&] {
        stream.async_read_some(boost::asio::buffer(buffer.data(), buffer.size()),
                               [&](const boost::system::error_code& e, std::size_t n) {
                                 ec = e;
                                 got = n;
                                 done = true;
                               });
      },
      [&] {
        boost::system::error_code ignored;
        stream.cancel(ignored);
      });
  // A read that completed with data just as the deadline passed still delivers the data.
  if (!ec && got > 0) return got;
  if (ec == boost::asio::error::operation_aborted) {
    last_error = "no bytes from " + std::string(name) + " before the deadline";
    return make_error_code(transport_error::timeout);
  }
  last_error =
      "read " + std::string(name) + ": " + (ec ? ec.message() : std::string("end of file"));
  return make_error_code(transport_error::adapter_lost);
}

}  // namespace bayscan::hardware::detail

#endif
