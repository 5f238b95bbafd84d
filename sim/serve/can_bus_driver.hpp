// Internal to the CAN front ends (socketcand and SocketCAN servers): runs a sim::can_bus_ecus in
// real time on an Asio executor - feeds it the tester's frames with the steady clock's now, hands
// each ECU frame to a sink when the simulated bus has finished sending it (steady_timer), and
// writes the request log. Not thread-safe beyond its executor.
#ifndef BAYSCAN_SIM_SERVE_CAN_BUS_DRIVER_HPP
#define BAYSCAN_SIM_SERVE_CAN_BUS_DRIVER_HPP

#include <bayscan/sim/can_bus_ecus.hpp>
#include <bayscan/sim/request_log.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace bayscan::sim::detail {

// The ECUs the responder knows of (when it is the scenario's j1979_responder), so an ECU can
// send the FlowControl for a segmented physical request before it has answered anything.
std::vector<protocols::ecu_address> known_ecus(obd_responder& responder);

// One log line for a bus event; t_us counts from `epoch`.
std::string log_line(const can_bus_event& e, std::chrono::steady_clock::time_point epoch);

class can_bus_driver {
 public:
  using clock = std::chrono::steady_clock;
  using frame_sink = std::function<void(const protocols::can_frame&, clock::time_point at)>;

  can_bus_driver(boost::asio::any_io_executor ex, can_bus_ecus bus, frame_sink sink,
                 request_logger log, clock::time_point epoch);
  ~can_bus_driver();
  can_bus_driver(const can_bus_driver&) = delete;
  can_bus_driver& operator=(const can_bus_driver&) = delete;

  void on_frame(const protocols::can_frame& frame);
  void stop();

 private:
  void pump();

  boost::asio::steady_timer timer_;
  can_bus_ecus bus_;
  frame_sink sink_;
  request_logger log_;
  clock::time_point epoch_;
  bool stopped_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace bayscan::sim::detail

#endif
