#include <bayscan/hardware/tcp_stream.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "deadline_io.hpp"

namespace bayscan::hardware {
namespace asio = boost::asio;
using asio::ip::tcp;

struct tcp_stream::impl {
  asio::io_context ctx{1};
  tcp::socket socket{ctx};
  std::string name;  // "tcp:192.168.0.10:35000"
  std::string last_error;
};

tcp_stream::tcp_stream(std::unique_ptr<impl> p) : impl_(std::move(p)) {}
tcp_stream::~tcp_stream() = default;

boost::system::result<std::unique_ptr<tcp_stream>, transport_failure> tcp_stream::connect(
    const std::string& host, std::uint16_t port, deadline until) {
  auto p = std::make_unique<impl>();
  const bool v6 = host.find(':') != std::string::npos;
  p->name = "tcp:" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);

  tcp::resolver resolver(p->ctx);
  tcp::resolver::results_type endpoints;
  boost::system::error_code ec;
  bool done = false;
  const bool resolve_timed_out = detail::run_with_deadline(
      p->ctx, until, done,
      [&] {
        resolver.async_resolve(
            host, std::to_string(port), tcp::resolver::numeric_service,
            [&](const boost::system::error_code& e, tcp::resolver::results_type r) {
              ec = e;
              endpoints = std::move(r);
              done = true;
            });
      },
      [&] { resolver.cancel(); });
  if (resolve_timed_out)
    return transport_failure{transport_error::connect_timeout, p->name + ": name lookup timed out"};
  if (ec) return transport_failure{transport_error::host_not_found, p->name + ": " + ec.message()};

  done = false;
  const bool connect_timed_out = detail::run_with_deadline(
      p->ctx, until, done,
      [&] {
        asio::async_connect(p->socket, endpoints,
                            [&](const boost::system::error_code& e, const tcp::endpoint&) {
                              ec = e;
                              done = true;
                            });
      },
      [&] {
        boost::system::error_code ignored;
        p->socket.close(ignored);
      });
  if (connect_timed_out)
    return transport_failure{transport_error::connect_timeout,
                             p->name + ": no answer before the deadline"};
  if (ec == asio::error::connection_refused)
    return transport_failure{transport_error::connection_refused, p->name + ": " + ec.message()};
  if (ec) return transport_failure{transport_error::open_failed, p->name + ": " + ec.message()};

  // ELM327 commands are a few bytes each: Nagle would hold every request back.
  p->socket.set_option(tcp::no_delay(true), ec);
  // Notice a dongle that dropped off the network while we wait for a reply.
  if (!ec) p->socket.set_option(asio::socket_base::keep_alive(true), ec);
  if (ec)
    return transport_failure{transport_error::open_failed,
                             p->name + ": setsockopt: " + ec.message()};
  return std::unique_ptr<tcp_stream>(new tcp_stream(std::move(p)));
}

result<void> tcp_stream::write(byte_span bytes, deadline until) {
  return detail::write_all(impl_->ctx, impl_->socket, bytes, until, impl_->name, impl_->last_error);
}

result<std::size_t> tcp_stream::read_some(std::span<std::uint8_t> buffer, deadline until) {
  return detail::read_available(impl_->ctx, impl_->socket, buffer, until, impl_->name,
                                impl_->last_error);
}

void tcp_stream::close() {
  boost::system::error_code ignored;
  impl_->socket.shutdown(tcp::socket::shutdown_both, ignored);
  impl_->socket.close(ignored);
}

std::string tcp_stream::description() const {
  return impl_->name;
}
std::string tcp_stream::last_error_detail() const {
  return impl_->last_error;
}

}  // namespace bayscan::hardware
