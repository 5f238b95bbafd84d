// The simulated car's emissions ECUs as SAE J1979 servers: every request an adapter puts on the
// bus is answered from a sim::vehicle by each ECU that has something to say, with the encoders
// of protocols/j1979_server.hpp, and with the latency the scenario's timing prescribes.
//
// What the ECUs do (SAE J1979 / ISO 15031-5; ISO 15765-4 for CAN addressing):
// - Functional requests (nullopt target) reach every ECU; physical requests reach one ECU:
//   CAN 11-bit 0x7E0+n -> ECU 0x7E8+n; 29-bit 0x18DA<ecu>F1 -> ECU 0x18DAF1<ecu>; legacy
//   (J1850, ISO 9141-2, ISO 14230-4): the header's target byte is the ECU's source address.
// - An ECU that supports none of the requested PIDs / infotypes stays silent, functional or
//   physical: J1979 has ECUs answer only what they support (the supported-PID bitmaps are how a
//   tester learns what to ask), never with a negative response for an unsupported PID.
// - Services the ECU does not implement: silent on functional requests (a functional request
//   reaches ECUs that have nothing to do with emissions, which must not flood the bus); 7F sid 11
//   (serviceNotSupported) on physical requests. A malformed request (no PID, more than six PIDs
//   on CAN, odd service 02 pairs, bytes after 03/04/07/0A) gets 7F sid 12
//   (subFunctionNotSupported-invalidFormat) on physical requests, silence on functional ones.
// - Multi-PID service 01/02 requests (up to six PIDs, three PID/frame pairs) are CAN only
//   (SAE J1979 "request message" formats for ISO 15765-4). The legacy request format carries
//   exactly one PID, so a legacy ECU ignores a longer request: it is answered by nobody.
// - Service 03/07/0A: CAN one message with the count byte (43 00 when there is nothing); legacy
//   three codes per message padded with 00 00, an ECU with no codes answering one all-zero message.
// - Legacy replies are one bus_reply per message, spaced by the message's transmission time and
//   the inter-message gap (ISO 9141-2 / ISO 14230-4 P2min 25 ms), so the emulator prints them as
//   a real K-line or J1850 bus delivers them.
//
// Latency: scenario timing ecu_latency_ms +/- jitter_ms per ECU reply, drawn from a std::mt19937
// seeded from the scenario name, so a run repeats exactly. Fault ecu_stops_answering_after: that
// ECU receives and answers its first n requests, then goes silent for good.
//
// Ownership: holds a reference to the vehicle, which must outlive it. Not thread-safe.
#ifndef BAYSCAN_SIM_J1979_RESPONDER_HPP
#define BAYSCAN_SIM_J1979_RESPONDER_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/ecu_message.hpp>
#include <bayscan/protocols/obd_protocol.hpp>
#include <bayscan/sim/obd_responder.hpp>
#include <bayscan/sim/vehicle.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace bayscan::sim {

class j1979_responder final : public obd_responder {
 public:
  explicit j1979_responder(vehicle& car);

  protocols::obd_protocol protocol() const override;
  std::vector<bus_reply> answer(byte_span request,
                                std::optional<std::uint32_t> physical_target) override;
  double battery_voltage() const override;

  // The messages one ECU sends for a request, service id first, without timing or faults:
  // empty when that ECU stays silent. For tests and for front ends that need the bare answer.
  std::vector<byte_vector> messages_for(std::size_t ecu_index, byte_span request,
                                        bool physical) const;

  // Which ECU a physical request address reaches, nullopt when none.
  std::optional<std::size_t> ecu_for_target(std::uint32_t physical_target) const;

  // Requests each ECU has received so far (same order as the scenario's ECUs).
  const std::vector<std::uint32_t>& requests_received() const noexcept { return received_; }

  vehicle& car() noexcept { return car_; }

 private:
  bool ecu_is_silent(std::size_t ecu_index) const;
  std::chrono::microseconds draw_latency();
  std::chrono::microseconds message_spacing(std::size_t payload_size) const;

  vehicle& car_;
  std::mt19937 jitter_;
  std::vector<std::uint32_t> received_;
};

// The request address a tester uses to reach the ECU answering from `ecu` physically:
// 7E8 -> 7E0, 18DAF110 -> 18DA10F1, legacy source 10 -> target byte 10.
std::uint32_t physical_request_address(protocols::ecu_address ecu, protocols::obd_protocol p);

}  // namespace bayscan::sim

#endif
