// A DiagnosticLink straight onto a simulated vehicle's J1979 responder, with no adapter in
// between: the in-memory link of style lesson 4, so the intake planner is tested on its own
// (the ELM327 and CAN drivers have their own tests and end-to-end runs).
#pragma once

#include <bayscan/hardware/diagnostic_link.hpp>
#include <bayscan/sim/j1979_responder.hpp>
#include <bayscan/sim/vehicle.hpp>

#include <set>

namespace bayscan::core::fakes {

class responder_link : public hardware::diagnostic_link {
 public:
  explicit responder_link(sim::scenario s) : car_(std::move(s)), responder_(car_) {}

  result<void> connect(const hardware::progress_callback&) override {
    connected_ = true;
    return {};
  }
  protocols::obd_protocol protocol() const override { return responder_.protocol(); }
  hardware::adapter_description adapter() const override { return {"sim", "responder", "memory"}; }
  result<hardware::diagnostic_response> request(const hardware::diagnostic_request& req) override {
    if (!connected_) return make_error_code(hardware::link_error::not_connected);
    ++count_;
    requests.push_back(req);
    std::optional<std::uint32_t> target;
    if (req.target.ecu) {
      target = req.target.ecu->extended ? 0x18DA00F1u | ((req.target.ecu->id & 0xFF) << 8)
                                        : req.target.ecu->id - 8;
    }
    auto replies = responder_.answer(req.data, target);
    if (replies.empty()) return make_error_code(hardware::link_error::no_data);
    hardware::diagnostic_response out;
    for (auto& r : replies) out.messages.push_back({r.source, std::move(r.payload)});
    return out;
  }
  std::optional<double> battery_voltage() override { return responder_.battery_voltage(); }
  std::string session_log() const override { return {}; }
  int request_count() const override { return count_; }
  void close() override {}

  sim::vehicle& car() { return car_; }
  std::vector<hardware::diagnostic_request> requests;

 private:
  sim::vehicle car_;
  sim::j1979_responder responder_;
  bool connected_ = false;
  int count_ = 0;
};

}  // namespace bayscan::core::fakes
