// Internal: the TCP side every simulator front end shares. Listens on 127.0.0.1:port (0 = any
// free port), turns each connection (TCP_NODELAY: front ends write small, timed pieces) into a
// session through `make`, and closes the sessions still alive on stop(). Runs on one io_context.
#pragma once

#include <bayscan/common/result.hpp>

#include <boost/asio.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bayscan::sim::detail {

template <class Session>
class loopback_listener {
 public:
  using factory = std::function<std::shared_ptr<Session>(boost::asio::ip::tcp::socket)>;

  explicit loopback_listener(boost::asio::io_context& io) : acceptor_(io) {}
  ~loopback_listener() { stop(); }

  result<void> listen(std::uint16_t port, factory make) {
    namespace asio = boost::asio;
    make_ = std::move(make);
    boost::system::error_code ec;
    asio::ip::tcp::endpoint ep(asio::ip::address_v4::loopback(), port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return ec;
    accept();
    return {};
  }

  // "127.0.0.1:35000"
  std::string endpoint() const {
    boost::system::error_code ec;
    auto ep = acceptor_.local_endpoint(ec);
    return ep.address().to_string() + ":" + std::to_string(ep.port());
  }

  void stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    for (auto& w : sessions_)
      if (auto s = w.lock()) s->close();
    sessions_.clear();
  }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;
      socket.set_option(boost::asio::ip::tcp::no_delay(true), ec);
      std::erase_if(sessions_, [](auto& w) { return w.expired(); });
      if (auto s = make_(std::move(socket))) sessions_.push_back(s);
      accept();
    });
  }

  boost::asio::ip::tcp::acceptor acceptor_;
  factory make_;
  std::vector<std::weak_ptr<Session>> sessions_;
};

}  // namespace bayscan::sim::detail
