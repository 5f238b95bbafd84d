// The simulated vehicle's ECUs on a real SocketCAN interface (can0, vcan0): the simulator binds a
// raw CAN socket (PF_CAN, SOCK_RAW, CAN_RAW), reads the tester's frames from the bus and writes
// the ECUs' frames at their scheduled times (sim::can_bus_ecus). Frames use the kernel's
// struct can_frame layout (hardware/socketcan_channel.hpp). The request log is the same JSON
// lines as the socketcand front end's (socketcand_server.hpp).
// Runs on the io_context it is given; not thread-safe beyond that io_context.
#ifndef BAYSCAN_SIM_SOCKETCAN_SERVER_HPP
#define BAYSCAN_SIM_SOCKETCAN_SERVER_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/sim/obd_responder.hpp>
#include <bayscan/sim/request_log.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>

namespace bayscan::sim {

struct socketcan_server_options {
  request_logger log;  // may be empty
};

class socketcan_server {
 public:
  virtual ~socketcan_server() = default;
  // "socketcan:can0"
  virtual std::string endpoint() const = 0;
  virtual void stop() = 0;
};

// Errors: errc::address_family_not_supported where the kernel lacks PF_CAN,
// errc::no_such_device for an unknown interface, can_bus_error::not_a_can_protocol.
result<std::unique_ptr<socketcan_server>> serve_on_socketcan(boost::asio::io_context& io,
                                                             obd_responder& responder,
                                                             const std::string& interface_name,
                                                             socketcan_server_options options = {});

// The same over a descriptor already connected to a bus that carries struct can_frame datagrams
// (a socketpair(AF_UNIX, SOCK_SEQPACKET) in tests); takes ownership of `fd`.
result<std::unique_ptr<socketcan_server>> serve_on_socketcan_descriptor(
    boost::asio::io_context& io, obd_responder& responder, int fd, std::string description,
    socketcan_server_options options = {});

}  // namespace bayscan::sim

#endif
