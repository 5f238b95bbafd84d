// The ECU's side of ISO-TP on an OBD CAN bus (what the simulator runs per ECU): receives
// requests on its physical request identifier and on the functional identifier, and answers on
// its response identifier, segmenting long answers and honouring the tester's FlowControl
// (BS, STmin, WAIT, OVFLW). One sender and one receiver; sans-I/O. Not thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ISOTP_CHANNEL_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_CHANNEL_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/isotp_receiver.hpp>
#include <bayscan/protocols/isotp_sender.hpp>
#include <bayscan/protocols/isotp_transfer.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace bayscan::protocols {

struct isotp_channel_config {
  std::uint32_t request_id = 0x7E0;   // physical requests to this ECU
  std::uint32_t response_id = 0x7E8;  // our answers and our FlowControl
  std::optional<std::uint32_t> functional_id = obd_functional_id_11bit;
  bool extended = false;
  bool pad = true;
  std::uint8_t padding = isotp_default_padding;
  isotp_flow_request flow;  // what our FC asks of a multi-frame physical request
  isotp_timeouts timeouts;
};

// What one incoming frame meant to the ECU.
struct isotp_request {
  byte_vector data;
  bool functional = false;  // arrived on the functional identifier
};

class isotp_channel {
 public:
  explicit isotp_channel(isotp_channel_config config = {});

  // A frame from the bus. nullopt: not for us or no complete request yet. An error: the frame
  // or the exchange it belonged to was rejected (see isotp_error).
  std::optional<result<isotp_request>> on_frame(const can_frame& frame, isotp_time_point now);

  // Starts our answer. Errors as isotp_sender::start.
  result<void> respond(byte_span answer, isotp_time_point now);

  std::vector<can_frame> poll(isotp_time_point now);
  // Returns the first timeout that expired (N_Bs / N_As of our answer, N_Cr of a request).
  result<void> on_timeout(isotp_time_point now);
  std::optional<isotp_time_point> next_deadline() const;

  const isotp_sender& sender() const noexcept { return sender_; }
  const isotp_receiver& receiver() const noexcept { return receiver_; }
  const isotp_channel_config& config() const noexcept { return config_; }

 private:
  isotp_channel_config config_;
  isotp_sender sender_;
  isotp_receiver receiver_;
};

}  // namespace bayscan::protocols

#endif
