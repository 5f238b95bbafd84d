// Serves an elm327_emulator to a real client: on a pseudo-terminal (what a USB/Bluetooth serial
// dongle looks like to the host) or on TCP (a WiFi dongle). Bytes are paced at the emulated
// serial rate in both directions, a byte arriving while the chip is busy gives STOPPED, and every
// request and reply is logged as a JSON line with timestamps so a benchmark can compute how long
// the car itself needed.
// Each server runs on the io_context it is given; not thread-safe beyond that io_context.
#ifndef BAYSCAN_SIM_ELM327_SERVER_HPP
#define BAYSCAN_SIM_ELM327_SERVER_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/sim/obd_responder.hpp>
#include <bayscan/sim/request_log.hpp>
#include <bayscan/sim/scenario.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

namespace bayscan::sim {

struct elm327_server_options {
  adapter_personality personality;
  sim::timing timing;
  std::vector<fault> faults;
  request_logger log;  // may be empty
};

class elm327_server {
 public:
  virtual ~elm327_server() = default;
  // pty: the slave path a client opens ("/dev/pts/7"); tcp: "127.0.0.1:35000".
  virtual std::string endpoint() const = 0;
  virtual void stop() = 0;
};

// A pseudo-terminal whose slave side is set to raw mode (style lesson 5). The server ends when
// an injected disconnect fault closes the link.
result<std::unique_ptr<elm327_server>> serve_elm327_on_pty(boost::asio::io_context& io,
                                                           obd_responder& vehicle,
                                                           elm327_server_options options);

// Listens on 127.0.0.1:port (0 = any free port); one emulator per connection, as a WiFi dongle
// that is power-cycled between clients; the vehicle's state is shared.
result<std::unique_ptr<elm327_server>> serve_elm327_on_tcp(boost::asio::io_context& io,
                                                           obd_responder& vehicle,
                                                           std::uint16_t port,
                                                           elm327_server_options options);

}  // namespace bayscan::sim

#endif
