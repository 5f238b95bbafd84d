// The simulated vehicle's OBD ECUs as they appear on a CAN bus, sans I/O: the tester's frames go
// in (on_frame), the ECUs' frames come out with the time each one has been completely
// transmitted (poll / next_deadline). Underneath, an obd_responder decides what the car answers;
// this object adds what ISO 15765-2/-4 put between the tester and the ECUs:
// - Functional requests (0x7DF, 0x18DB33F1) must be SingleFrames (ISO 15765-4: several ECUs
//   cannot all send the FlowControl for a FirstFrame); physical requests (0x7E0+n,
//   0x18DA<ecu>F1) may be segmented, the addressed ECU answering the FirstFrame with its FC.
// - Each ECU answers from its own identifier (0x7E8+n, 0x18DAF1<ecu>) after the reply's delay:
//   a SingleFrame, or a FirstFrame, then ConsecutiveFrames once the tester's FlowControl came,
//   honouring BS and STmin (ISO 15765-2 9.6.5) with the reply's inter_frame_gap as a floor; no FC
//   within N_Bs and the reply is abandoned. Frames are padded to 8 bytes (ISO 15765-4).
// - One bus: a frame occupies it for its transmission time at the protocol's bit rate, so ECUs
//   answering one functional request interleave frame by frame, and when two are ready at the
//   same instant the lower identifier wins arbitration (ISO 11898-1).
// - Frames with the other identifier length than the scenario's protocol are ignored.
//
// Ownership: holds a reference to the responder, which must outlive it. Not thread-safe.
#ifndef BAYSCAN_SIM_CAN_BUS_ECUS_HPP
#define BAYSCAN_SIM_CAN_BUS_ECUS_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/isotp_receiver.hpp>
#include <bayscan/protocols/isotp_sender.hpp>
#include <bayscan/protocols/isotp_transfer.hpp>
#include <bayscan/sim/obd_responder.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace bayscan::sim {

enum class can_bus_error {
  not_a_can_protocol = 1,  // the scenario's protocol is J1850 / ISO 9141-2 / KWP2000
};

const boost::system::error_category& can_bus_category() noexcept;
inline boost::system::error_code make_error_code(can_bus_error e) noexcept {
  return {static_cast<int>(e), can_bus_category()};
}

// ISO 15765-4 network layer timing for legislated OBD (ISO 15765-4:2021 10.2.1, timing parameter
// values): the ECU gives up waiting for the tester's FlowControl after N_Bs = 75 ms, and for the
// tester's next ConsecutiveFrame after N_Cr = 150 ms.
inline constexpr std::chrono::milliseconds obd_ecu_n_bs{75};
inline constexpr std::chrono::milliseconds obd_ecu_n_cr{150};

struct can_bus_ecus_options {
  // The ECUs on the bus (response addresses). Only a present ECU answers the FirstFrame of a
  // segmented physical request with its FlowControl; an ECU is also taken as present once it
  // has answered anything.
  std::vector<protocols::ecu_address> ecus;
  // Filler of the unused bytes of each 8-byte frame. ISO 15765-2 recommends 0xCC; many
  // production ECUs send 0x00, which testers must accept either way.
  std::uint8_t padding = 0x00;
  // What the ECUs' own FlowControl asks of a segmented physical request.
  std::uint8_t block_size = 0;
  std::uint8_t st_min = 0;
  std::chrono::milliseconds n_bs = obd_ecu_n_bs;
  std::chrono::milliseconds n_cr = obd_ecu_n_cr;
  // 0: the protocol's (500 kbit/s for ELM327 protocols 6/7, 250 kbit/s for 8/9/A).
  std::uint32_t bitrate = 0;
};

// One frame an ECU put on the bus; `at` is when its last bit left (what a receiver timestamps).
struct timed_can_frame {
  protocols::can_frame frame;
  protocols::isotp_time_point at;
};

// What happened on the bus, for the request log.
struct can_bus_event {
  enum class kind {
    request,          // a complete request reached the ECUs
    reply,            // an ECU's reply left completely
    reply_abandoned,  // an ECU gave up its reply (no FC within N_Bs, FC OVFLW, WAIT limit)
    rejected,         // a tester frame or segmented request the ECUs refused or lost
  };
  kind type = kind::request;
  protocols::isotp_time_point at{};
  // request: nullopt for the functional address, else the physical request identifier.
  std::optional<std::uint32_t> physical_target;
  protocols::ecu_address ecu;  // reply / reply_abandoned / rejected (the addressed ECU, if any)
  byte_vector bytes;           // request or reply payload, service id first
  // reply: from the end of the request to the end of the reply's last frame.
  std::chrono::microseconds bus_time{0};
  std::string detail;  // why (abandoned / rejected)
};

// Transmission time of one classic CAN data frame with `dlc` data bytes, including the
// 3-bit intermission and the stuff bits of this frame's actual bit pattern (ISO 11898-1).
std::chrono::nanoseconds can_frame_duration(const protocols::can_frame& frame,
                                            std::uint32_t bitrate) noexcept;

class can_bus_ecus {
 public:
  // not_a_can_protocol when the responder's protocol is a legacy (non-CAN) one.
  static result<can_bus_ecus> create(obd_responder& responder, can_bus_ecus_options options = {});

  // A frame the tester put on the bus, completely received at `now`.
  void on_frame(const protocols::can_frame& frame, protocols::isotp_time_point now);

  // The ECU frames whose transmission ended at or before `now`, in bus order.
  std::vector<timed_can_frame> poll(protocols::isotp_time_point now);

  // When poll() has the next frame or a timeout falls due; nullopt when the bus is idle.
  std::optional<protocols::isotp_time_point> next_deadline() const;

  // Requests, replies and losses up to the last on_frame/poll; moves them out.
  std::vector<can_bus_event> take_events();

  bool extended() const noexcept { return extended_; }
  std::uint32_t bitrate() const noexcept { return bitrate_; }

 private:
  struct pending_reply {
    byte_vector payload;
    protocols::isotp_time_point not_before;
    protocols::isotp_time_point request_end;
    std::chrono::microseconds gap{0};
  };
  struct ecu_node {
    ecu_node(protocols::isotp_receiver rx, protocols::isotp_sender tx)
        : receiver(std::move(rx)), sender(std::move(tx)) {}
    protocols::ecu_address address;
    std::uint32_t request_id = 0;  // its physical request identifier (where FCs to it arrive)
    bool present = false;
    protocols::isotp_receiver receiver;
    protocols::isotp_sender sender;
    std::deque<pending_reply> queue;  // replies not yet started
    std::optional<pending_reply> current;
    bool awaiting_fc = false;
    unsigned cfs_in_block = 0;
    unsigned frames_sent = 0;  // of the current reply
    protocols::isotp_time_point last_frame_end{};
    std::deque<protocols::can_frame> control;  // our FlowControls, ready at control_ready
    protocols::isotp_time_point control_ready{};
  };

  can_bus_ecus(obd_responder& responder, can_bus_ecus_options options, bool extended,
               std::uint32_t bitrate);

  ecu_node& node_for(std::uint32_t response_id);
  void handle_request(byte_vector request, std::optional<std::uint32_t> target,
                      protocols::isotp_time_point now);
  void start_next(ecu_node& node, protocols::isotp_time_point earliest);
  void abandon(ecu_node& node, protocols::isotp_time_point at, std::string why);
  std::optional<protocols::isotp_time_point> ready_time(const ecu_node& node) const;
  std::optional<protocols::isotp_time_point> timeout_time(const ecu_node& node) const;
  // The next transmission the bus would carry: which ECU, starting when.
  struct next_tx {
    std::uint32_t node_id;
    protocols::isotp_time_point start;
  };
  std::optional<next_tx> next_transmission() const;
  std::optional<std::pair<std::uint32_t, protocols::isotp_time_point>> next_timeout() const;
  void transmit(ecu_node& node, protocols::isotp_time_point start);
  void advance(protocols::isotp_time_point now);

  obd_responder* responder_;
  can_bus_ecus_options options_;
  bool extended_ = false;
  std::uint32_t bitrate_ = 500'000;
  std::map<std::uint32_t, ecu_node> nodes_;  // by response identifier: iteration = priority
  protocols::isotp_time_point bus_free_{};
  std::deque<timed_can_frame> out_;
  std::vector<can_bus_event> events_;
};

}  // namespace bayscan::sim

template <>
struct boost::system::is_error_code_enum<bayscan::sim::can_bus_error> : std::true_type {};

#endif
