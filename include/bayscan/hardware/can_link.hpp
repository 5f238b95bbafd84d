// can_link: the DiagnosticLink over a raw CAN channel (SocketCAN, socketcand, the in-memory bus)
// with ISO-TP (ISO 15765-2) done in userspace by protocols::isotp_session, timed as ISO 15765-4
// asks of legislated OBD.
//
// connect(): installs the OBD response filters (0x7E8..0x7EF, 0x18DAF1xx), then follows
// ISO 15765-4's initialisation sequence as far as a raw channel allows: the bit rate is the
// interface's own (the URI's bitrate=250000 selects protocols 8/9, anything else 6/7), the
// identifier length is found by sending the probe (01 00) functionally on 11-bit 0x7DF, and
// when nobody answers within P2CAN on 29-bit 0x18DB33F1. The ECUs that answered are kept, and
// the probe's answer is returned by the first request() asking the same thing functionally
// (counted once in request_count(), which counts every request put on the bus, probes included).
//
// request(): functional (0x7DF / 0x18DB33F1, one SingleFrame, ISO 15765-4) or physical
// (0x7E0+n / 0x18DA<ecu>F1, segmented when longer than 7 bytes). Every responder's reply is
// reassembled by its own ISO-TP receiver, which sends FlowControl (CTS, BS 0, STmin 0) to that
// ECU's physical request identifier. Waiting is exactly ISO 15765-4's: the request returns when
// `expected_responses` ECUs have answered completely, otherwise P2CAN (50 ms) after the last
// frame on the bus; an ECU's "response pending" (7F sid 78, ISO 14229-1 NRC 0x78) extends the
// wait for that ECU to P2*CAN (5000 ms) after it. Nothing ever sleeps: every wait is a receive
// with a deadline, so an answer is handled the moment it arrives.
// Errors: link_error::no_data (nobody answered), adapter_lost (channel EOF / unplug), timeout
// (the channel would not take a frame in time, or response pending without a final answer),
// bus_error (a flood of bus error reports), adapter_error (garbage from the channel), and the
// isotp_error of a reception that failed (timeout_n_cr, wrong_sn ...) when no ECU answered whole;
// when others did, that loss is a warning in the response.
//
// session_log(): every frame both ways, one line each, in candump's log format (candump -L):
//   (SECONDS.MICROSECONDS) IFACE ID#DATA
// e.g. "(0.012345) can0 7DF#0201000000000000", seconds since the link was created, IFACE the
// channel's bus name, ID three hex digits for 11-bit and eight for 29-bit identifiers, DATA the
// frame's bytes in hex. Direction is not marked: requests and FlowControls carry tester IDs
// (7DF, 7E0..7E7, 18DB33F1, 18DAxxF1), ECU frames response IDs. The text replays with canplayer.
//
// Ownership: owns its can_channel. Thread-safety: none; one thread drives one link.
#ifndef BAYSCAN_HARDWARE_CAN_LINK_HPP
#define BAYSCAN_HARDWARE_CAN_LINK_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/hardware/adapter_uri.hpp>
#include <bayscan/hardware/can_channel.hpp>
#include <bayscan/hardware/deadline.hpp>
#include <bayscan/hardware/diagnostic_link.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/isotp_transfer.hpp>
#include <bayscan/protocols/obd_protocol.hpp>
#include <boost/system/result.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bayscan::hardware {

// ISO 15765-4 application timing: the enhanced response time after an ECU's "response
// pending" (NRC 0x78) answer, P2*CAN = 5000 ms.
inline constexpr std::chrono::milliseconds obd_p2_star_can{5000};

// ISO 15765-4 network layer timing for legislated OBD (the same values the simulator's ECUs
// use, sim/can_bus_ecus.hpp): a segmented request waits N_Bs = 75 ms for the ECU's
// FlowControl, a segmented reply N_Cr = 150 ms for each next ConsecutiveFrame.
inline constexpr std::chrono::milliseconds obd_tester_n_bs{75};
inline constexpr std::chrono::milliseconds obd_tester_n_cr{150};

struct can_link_options {
  // The time every deadline is measured on; the channel's deadlines must be on the same clock.
  // Empty: transport_clock::now. Tests driving a simulated bus pass their fake clock.
  std::function<deadline()> clock;
  // From the URI: 250000 means ISO 15765-4's 250 kbit/s protocols (8/9); otherwise 500 kbit/s.
  std::optional<unsigned> bitrate;
  // Skip the identifier-length detection and use this CAN protocol (6..9).
  std::optional<protocols::obd_protocol> protocol;
  std::chrono::milliseconds p2_can = protocols::obd_p2_can;
  std::chrono::milliseconds p2_star_can = obd_p2_star_can;
  std::chrono::milliseconds n_bs = obd_tester_n_bs;
  std::chrono::milliseconds n_cr = obd_tester_n_cr;
  // How long the channel may take to accept one frame before the adapter counts as stuck.
  std::chrono::milliseconds send_timeout{1000};
  // Hard bound on one request, whatever the ECUs keep announcing (repeated NRC 0x78).
  std::chrono::milliseconds max_request_time{20000};
  // Bus error reports tolerated within one request before it fails with bus_error.
  int bus_error_limit = 16;
  // The request that finds the vehicle: service 01 with PID 00, which every OBD ECU supports
  // (SAE J1979), plus the other supported-PID ranges, since CAN allows six PIDs in one request.
  // Its answer is kept for the first identical functional request (a scan's first question), so
  // the detection costs no extra round trip.
  byte_vector probe = {0x01, 0x00, 0x20, 0x40, 0x60, 0x80, 0xA0};
};

class can_link final : public diagnostic_link {
 public:
  explicit can_link(std::unique_ptr<can_channel> channel, can_link_options options = {},
                    std::string device = {});
  ~can_link() override;
  can_link(const can_link&) = delete;
  can_link& operator=(const can_link&) = delete;

  result<void> connect(const progress_callback& progress) override;
  protocols::obd_protocol protocol() const override { return protocol_; }
  adapter_description adapter() const override;
  result<diagnostic_response> request(const diagnostic_request& req) override;
  std::optional<double> battery_voltage() override { return std::nullopt; }
  std::string session_log() const override { return log_; }
  int request_count() const override { return request_count_; }
  void close() override;

  // The ECUs that answered connect()'s probe, in arrival order.
  const std::vector<protocols::ecu_address>& responders() const noexcept { return responders_; }
  // The sentence behind the last error (the channel's detail, the ECU that failed).
  const std::string& last_error_detail() const noexcept { return detail_; }

 private:
  struct exchange_result {
    std::vector<protocols::ecu_message> messages;
    std::vector<std::string> warnings;
  };

  result<exchange_result> exchange(byte_span data, const request_target& target, bool extended,
                                   std::optional<int> expected);
  result<void> send_frame(const protocols::can_frame& frame);
  result<void> drain_stale();
  void log_frame(const protocols::can_frame& frame, deadline at);
  deadline now() const;
  error_code fail(link_error e, std::string detail);
  error_code channel_failed(const error_code& ec, std::string_view during);

  std::unique_ptr<can_channel> channel_;
  can_link_options options_;
  std::string device_;
  std::string interface_name_;
  deadline created_;
  bool connected_ = false;
  bool lost_ = false;  // the channel reported adapter_lost; every later request fails so
  protocols::obd_protocol protocol_ = protocols::obd_protocol::automatic;
  std::vector<protocols::ecu_address> responders_;
  std::optional<diagnostic_response> probe_answer_;
  std::string log_;
  int request_count_ = 0;
  std::string detail_;
};

// Opens socketcan: or socketcand: and wraps the channel in a can_link (not yet connected); the
// URI's bitrate goes into the options. Other URIs fail with bad_uri; open failures keep their
// transport_error and detail. `open_timeout` bounds opening the channel.
boost::system::result<std::unique_ptr<can_link>, transport_failure> open_can_link(
    const adapter_uri& uri, can_link_options options = {},
    std::chrono::milliseconds open_timeout = std::chrono::milliseconds(5000));

}  // namespace bayscan::hardware

#endif
