// A hand-written responder for emulator tests: fixed replies per request, so the tests check
// the ELM327 front end alone (the J1979 responder has its own tests).
#pragma once

#include <bayscan/sim/obd_responder.hpp>

#include <map>

namespace bayscan::sim::fakes {

class fake_vehicle : public obd_responder {
 public:
  protocols::obd_protocol car_protocol = protocols::obd_protocol::can11_500;
  std::map<byte_vector, std::vector<bus_reply>> replies;
  std::vector<std::pair<byte_vector, std::optional<std::uint32_t>>> seen;

  protocols::obd_protocol protocol() const override { return car_protocol; }
  std::vector<bus_reply> answer(byte_span request, std::optional<std::uint32_t> target) override {
    byte_vector key(request.begin(), request.end());
    seen.emplace_back(key, target);
    auto it = replies.find(key);
    if (it == replies.end()) return {};
    if (!target) return it->second;
    std::vector<bus_reply> out;
    for (const auto& r : it->second)
      if (r.source.id == *target + 8) out.push_back(r);
    return out;
  }
  double battery_voltage() const override { return 12.4; }
};

inline protocols::ecu_address can11(std::uint32_t id) { return {id, false, true}; }

// 7E8 engine and 7E9 transmission, as in the ELM327 datasheet's multi-ECU examples.
inline fake_vehicle two_ecu_car() {
  using namespace std::chrono_literals;
  fake_vehicle v;
  v.replies[{0x01, 0x00}] = {{can11(0x7E8), {0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13}, 20ms, {}},
                             {can11(0x7E9), {0x41, 0x00, 0x98, 0x18, 0x80, 0x11}, 25ms, {}}};
  byte_vector vin = {0x49, 0x02, 0x01};
  for (char c : std::string("1G1JC5444R7252367")) vin.push_back(static_cast<std::uint8_t>(c));
  v.replies[{0x09, 0x02}] = {{can11(0x7E8), vin, 20ms, 1ms}};
  return v;
}

}  // namespace bayscan::sim::fakes
