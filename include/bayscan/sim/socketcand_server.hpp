// The simulated vehicle's CAN bus served through the socketcand protocol on TCP
// (linux-can/socketcand doc/protocol.md), so the whole CAN path (raw frames, ISO-TP flow control,
// several ECUs) runs in CI on kernels without PF_CAN. A client is greeted with "< hi >", opens the
// bus ("< open can0 >" -> "< ok >"; any other name -> "< error … >" and the connection closes, as
// socketcand does), switches to raw mode ("< rawmode >" -> "< ok >"), then sends frames with
// "< send ID DLC data… >" and receives the ECUs' frames as "< frame ID SECS.USECS DATA >" at the
// time each frame has left the simulated bus. "< echo >" is answered with "< echo >"; an unknown
// or malformed command gets "< error … >" and the connection stays.
//
// Each connection is a tester plugged into its own copy of the bus (sim::can_bus_ecus) in front
// of the shared responder; the vehicle's state (cleared codes...) is shared.
// Every request and reply is logged as a JSON line (see request_log.hpp): request
// {"event":"request","addressing":"functional"|"physical","target":"7E0","bytes":"01 00"},
// reply {"event":"reply","ecu":"7E8","bytes":…,"bus_us":µs from the end of the request to the
// end of the reply's last frame}, and "reply_abandoned" / "rejected" with a "detail".
// Runs on the io_context it is given; not thread-safe beyond that io_context.
#ifndef BAYSCAN_SIM_SOCKETCAND_SERVER_HPP
#define BAYSCAN_SIM_SOCKETCAND_SERVER_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/sim/obd_responder.hpp>
#include <bayscan/sim/request_log.hpp>
#include <bayscan/sim/scenario.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>

namespace bayscan::sim {

struct socketcand_server_options {
  // The scenario's timing, logged with each connection. Latency and inter-frame gaps come with
  // each reply from the responder, which applies this timing already.
  sim::timing timing;
  request_logger log;                   // may be empty
  std::string interface_name = "can0";  // the one bus "< open … >" accepts
};

class socketcand_server {
 public:
  virtual ~socketcand_server() = default;
  // "127.0.0.1:29536"
  virtual std::string endpoint() const = 0;
  // Stops accepting and closes every connection.
  virtual void stop() = 0;
};

// Listens on 127.0.0.1:port (0 = any free port). Errors: the listening socket could not be set
// up (port in use...), or can_bus_error::not_a_can_protocol for a J1850 / K-line vehicle.
result<std::unique_ptr<socketcand_server>> serve_socketcand_on_tcp(
    boost::asio::io_context& io, obd_responder& responder, std::uint16_t port,
    socketcand_server_options options);

}  // namespace bayscan::sim

#endif
