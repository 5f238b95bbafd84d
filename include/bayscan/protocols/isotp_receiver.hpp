// ISO 15765-2 reassembly (receiving side) on classic CAN, as a sans-I/O state machine: takes a
// SingleFrame, or a FirstFrame and its ConsecutiveFrames, answers each FF (and each completed
// block) with its own FlowControl, checks SequenceNumbers and N_Cr, and refuses messages above
// its buffer with FC OVFLW. Time is passed in; poll() returns the FCs to transmit. One object per
// peer; not thread-safe (drive it from one strand).
#ifndef BAYSCAN_PROTOCOLS_ISOTP_RECEIVER_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_RECEIVER_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/isotp_pci.hpp>
#include <bayscan/protocols/isotp_transfer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace bayscan::protocols {

struct isotp_receiver_config {
  isotp_frame_format fc_frame;  // identifier our FlowControl goes to, and its padding
  isotp_flow_request flow;      // BS / STmin we ask for, our buffer limit
  std::chrono::milliseconds n_cr = isotp_default_n_cr;
  // Simulates a slow receiver: this many FC.WAIT before each FC.CTS, `wait_interval` apart
  // (9.7: at most the peer's N_WFTmax).
  unsigned wait_frames = 0;
  std::chrono::milliseconds wait_interval{0};
};

enum class isotp_rx_progress {
  ignored,      // not a frame for reception (an FC, which belongs to our sender)
  in_progress,  // accepted; the message is not whole yet
  complete,     // the message is whole: take_message()
};

class isotp_receiver {
 public:
  explicit isotp_receiver(isotp_receiver_config config = {});

  // One frame from the peer. A new SF or FF always starts over, dropping a reception in
  // progress (ISO 15765-2:2016 9.8). Errors: decode errors (frame ignored), unexpected_cf,
  // and, ending the reception, wrong_sn, frame_too_short (a CF missing data), buffer_overflow.
  result<isotp_rx_progress> on_frame(const can_frame& frame, isotp_time_point now);

  // FlowControl frames due now.
  std::vector<can_frame> poll(isotp_time_point now);

  // Checks N_Cr; returns timeout_n_cr when it expired.
  result<void> on_timeout(isotp_time_point now);

  std::optional<isotp_time_point> next_deadline() const noexcept;

  isotp_transfer_state state() const noexcept;
  error_code error() const noexcept { return error_; }
  const isotp_receiver_config& config() const noexcept { return config_; }

  // The completed message (valid while state() == complete); moves it out.
  byte_vector take_message();

 private:
  enum class phase { idle, receiving, complete, failed };

  void queue_flow_control(isotp_time_point now);
  void fail(isotp_error e);

  isotp_receiver_config config_;
  phase phase_ = phase::idle;
  byte_vector message_;
  std::size_t expected_ = 0;        // FF_DL
  std::uint8_t expected_sn_ = 1;
  unsigned cfs_in_block_ = 0;
  bool fc_pending_ = false;         // an FC (WAITs then CTS) is due at fc_due_
  unsigned waits_left_ = 0;
  bool overflow_pending_ = false;   // an FC OVFLW is due now
  isotp_time_point fc_due_{};
  std::optional<isotp_time_point> cr_deadline_;
  error_code error_;
};

}  // namespace bayscan::protocols

#endif
