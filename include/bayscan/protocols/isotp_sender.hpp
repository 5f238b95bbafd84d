// ISO 15765-2 segmentation (sending side) on classic CAN, as a sans-I/O state machine: one message
// of 1..4095 bytes goes out as a SingleFrame, or as a FirstFrame followed by ConsecutiveFrames
// paced by the receiver's FlowControl (BS, STmin, WAIT, OVFLW). It never sleeps or reads a clock:
// the caller passes `now`, transmits what poll() returns, feeds the peer's frames to on_frame() and
// calls on_timeout() at next_deadline(). One object per direction of one connection; not
// thread-safe (drive it from one strand).
#ifndef BAYSCAN_PROTOCOLS_ISOTP_SENDER_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_SENDER_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/isotp_pci.hpp>
#include <bayscan/protocols/isotp_transfer.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace bayscan::protocols {

struct isotp_sender_config {
  isotp_frame_format frame;  // identifier of our SF/FF/CF and padding
  isotp_timeouts timeouts;   // N_As (only with confirm_transmission), N_Bs, N_WFTmax
  // When true, every frame poll() returns stays "in transmission" until on_transmitted(): N_As
  // runs until then, and STmin counts from the confirmation (end of the previous CF, as
  // ISO 15765-2:2016 9.6.5.4 defines it). When false, handing the frame out counts as sent.
  bool confirm_transmission = false;
};

class isotp_sender {
 public:
  explicit isotp_sender(isotp_sender_config config = {});

  // Begins sending `payload`. Errors: empty_message, message_too_long (> 4095), busy.
  result<void> start(byte_span payload, isotp_time_point now);

  // A frame from the peer (its FlowControl). Non-FC frames and FCs we are not waiting for are
  // ignored (ISO 15765-2:2016 9.8). Returns the error that made us give up (reserved_fs,
  // overflow_reported, wait_limit_exceeded) or a decode error for a frame that was ignored.
  result<void> on_frame(const can_frame& frame, isotp_time_point now);

  // Frames to put on the bus now (SF/FF first, then the CFs whose STmin has passed).
  std::vector<can_frame> poll(isotp_time_point now);

  // With confirm_transmission: the last frame poll() returned has left the controller.
  void on_transmitted(isotp_time_point now);

  // Checks N_As and N_Bs; returns the timeout error if one expired now.
  result<void> on_timeout(isotp_time_point now);

  // When poll() has the next frame ready or a timeout must be checked; nullopt when done.
  std::optional<isotp_time_point> next_deadline() const noexcept;

  isotp_transfer_state state() const noexcept;
  error_code error() const noexcept { return error_; }
  const isotp_sender_config& config() const noexcept { return config_; }

  // The BS / STmin in force (from the first FC.CTS of this message).
  std::uint8_t block_size() const noexcept { return block_size_; }
  std::chrono::microseconds separation_time() const noexcept { return st_min_; }

 private:
  enum class phase { idle, send_first, await_confirm, await_fc, send_cf, complete, failed };
  enum class sent_kind { single, first, consecutive };

  void after_sent(sent_kind kind, isotp_time_point now);
  void fail(isotp_error e);

  isotp_sender_config config_;
  byte_vector message_;
  std::size_t offset_ = 0;  // bytes of message_ already put into frames
  phase phase_ = phase::idle;
  sent_kind last_sent_ = sent_kind::single;
  std::uint8_t next_sn_ = 1;
  std::uint8_t block_size_ = 0;
  unsigned cfs_left_in_block_ = 0;
  bool have_first_fc_ = false;
  std::chrono::microseconds st_min_{0};
  unsigned waits_in_row_ = 0;
  isotp_time_point due_{};       // send_first / send_cf: when the next frame may go
  isotp_time_point deadline_{};  // await_confirm: N_As; await_fc: N_Bs
  error_code error_;
};

}  // namespace bayscan::protocols

#endif
