// The tester's side of one ISO-TP request/response exchange on an OBD CAN bus (ISO 15765-4):
// sends the request (functional to 0x7DF / 0x18DB33F1, or physical to one ECU) and reassembles
// every responder's answer independently, one receiver per source identifier, each sending its
// own FlowControl to that ECU's physical request identifier. Sans-I/O like its parts: feed frames
// and `now`, transmit what poll() returns, call on_timeout() at next_deadline(). Not thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ISOTP_SESSION_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_SESSION_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/isotp_receiver.hpp>
#include <bayscan/protocols/isotp_sender.hpp>
#include <bayscan/protocols/isotp_transfer.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace bayscan::protocols {

struct isotp_session_config {
  bool extended = false;  // 29-bit identifiers (ELM protocols 7 and 9)
  bool pad = true;        // ISO 15765-4: DLC 8 on every diagnostic frame
  std::uint8_t padding = isotp_default_padding;
  isotp_flow_request flow;  // what our FlowControl asks of multi-frame responders
  isotp_timeouts timeouts;
  // How long after the request went out responders may still start answering (P2CAN).
  std::chrono::milliseconds response_window = obd_p2_can;
};

// One outcome from one responder, in arrival order: a whole message or why it was lost.
struct isotp_response {
  ecu_address source;
  result<byte_vector> message;
};

class isotp_session {
 public:
  // Request to every OBD ECU; answers from 0x7E8..0x7EF or 0x18DAF1xx.
  static isotp_session functional(isotp_session_config config = {});
  // Request to the one ECU answering on `response_id` (0x7E8 -> request on 0x7E0); the request
  // may then be multi-frame, paced by that ECU's FlowControl. nullopt if not an OBD response ID.
  static std::optional<isotp_session> physical(std::uint32_t response_id, isotp_session_config config = {});

  // Starts the exchange. Errors: empty_message, message_too_long, busy, and for a functional
  // session functional_multi_frame (a functional request must be one SingleFrame, because
  // several ECUs cannot each send the FlowControl for it).
  result<void> start(byte_span request, isotp_time_point now);

  // A frame from the bus. Returns false when it does not belong to this exchange (another
  // identifier); the frame is then left for others.
  bool on_frame(const can_frame& frame, isotp_time_point now);

  // Frames to transmit now: the request, then FlowControls for the responders.
  std::vector<can_frame> poll(isotp_time_point now);

  // Checks every timeout (N_As/N_Bs for the request, N_Cr per responder, the response window).
  void on_timeout(isotp_time_point now);

  std::optional<isotp_time_point> next_deadline() const;

  // The request went out (or failed), the response window closed and no responder is midway.
  bool finished() const noexcept;

  // Keeps the window open until `until` (e.g. after an ECU's "response pending" answer).
  void extend_response_window(isotp_time_point until) noexcept;

  // Why the request could not be sent (empty while it went out fine).
  error_code request_error() const noexcept { return sender_.error(); }

  // Outcomes gathered so far, in arrival order; moves them out.
  std::vector<isotp_response> take_responses();

  std::uint32_t request_id() const noexcept { return request_id_; }

 private:
  struct responder {
    ecu_address source;
    isotp_receiver receiver;
  };

  isotp_session(isotp_session_config config, std::uint32_t request_id,
                std::optional<std::uint32_t> physical_response_id);
  bool accepts_source(const can_frame& frame) const noexcept;
  responder& responder_for(const can_frame& frame);
  void note_request_done(isotp_time_point now);

  isotp_session_config config_;
  std::uint32_t request_id_ = 0;
  std::optional<std::uint32_t> physical_response_id_;
  isotp_sender sender_;
  std::vector<responder> responders_;
  std::vector<isotp_response> responses_;
  std::optional<isotp_time_point> window_end_;
  bool window_closed_ = false;
  bool started_ = false;
};

}  // namespace bayscan::protocols

#endif
