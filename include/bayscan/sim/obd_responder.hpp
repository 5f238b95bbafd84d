// The vehicle as an adapter's bus sees it: requests in, each ECU's complete reply out, with the
// time the ECU took. The ELM327 emulator and the CAN front end both sit on top of one of these,
// so "what the car answers" is written once (sim::j1979_responder) and "how an adapter shows it"
// once per front end.
// Implementations are not thread-safe; a front end serialises requests.
#ifndef BAYSCAN_SIM_OBD_RESPONDER_HPP
#define BAYSCAN_SIM_OBD_RESPONDER_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/obd_protocol.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace bayscan::sim {

struct bus_reply {
  protocols::ecu_address source;  // 7E8 / 18DAF110 / legacy source address 10
  byte_vector payload;            // service id first (0x41 ...), no link framing
  std::chrono::microseconds delay{0};  // end of request to the reply's first frame on the bus
  std::chrono::microseconds inter_frame_gap{0};  // between frames of a multi-frame reply
};

class obd_responder {
 public:
  virtual ~obd_responder() = default;

  // The protocol the vehicle speaks (ELM327 numbering).
  virtual protocols::obd_protocol protocol() const = 0;

  // One request, service id first. `physical_target` is the request address when the tester
  // addressed one ECU (CAN 0x7E0 / 0x18DA10F1, legacy target byte); nullopt for the functional
  // address. Replies are in bus order; an empty vector means nobody answered.
  virtual std::vector<bus_reply> answer(byte_span request,
                                        std::optional<std::uint32_t> physical_target) = 0;

  // Supply voltage at the OBD connector's pin 16 (ATRV), volts.
  virtual double battery_voltage() const = 0;
};

}  // namespace bayscan::sim

#endif
