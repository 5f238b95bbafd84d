// A socketcand_server on loopback, running on its own io_context thread, in front of a catalogue
// scenario (scenario loader + j1979_responder), for the socketcand front-end tests.
#pragma once

#include <bayscan/sim/j1979_responder.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <bayscan/sim/socketcand_server.hpp>
#include <bayscan/sim/vehicle.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bayscan::sim::testing {

class socketcand_test_server {
 public:
  explicit socketcand_test_server(const std::string& scenario_name)
      : car_(load_scenario(find_scenario(scenario_name)).value()), responder_(car_) {
    socketcand_server_options options;
    options.log = [this](const std::string& line) {
      std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    };
    server_ = serve_socketcand_on_tcp(io_, responder_, 0, options).value();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~socketcand_test_server() {
    boost::asio::post(io_, [this] { server_->stop(); });
    work_.reset();
    thread_.join();
  }

  std::uint16_t port() const {
    const auto ep = server_->endpoint();
    return static_cast<std::uint16_t>(std::stoi(ep.substr(ep.rfind(':') + 1)));
  }
  const scenario& definition() const { return car_.definition(); }
  std::vector<std::string> log() const {
    std::lock_guard lock(log_mutex_);
    return log_;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ =
      boost::asio::make_work_guard(io_);
  vehicle car_;
  j1979_responder responder_;
  std::unique_ptr<socketcand_server> server_;
  std::thread thread_;
  mutable std::mutex log_mutex_;
  std::vector<std::string> log_;
};

}  // namespace bayscan::sim::testing
