#include "can_bus_driver.hpp"

#include <bayscan/sim/j1979_responder.hpp>
#include <boost/json.hpp>

namespace bayscan::sim::detail {

std::vector<protocols::ecu_address> known_ecus(obd_responder& responder) {
  std::vector<protocols::ecu_address> out;
  if (auto* j = dynamic_cast<j1979_responder*>(&responder)) {
    for (const auto& ecu : j->car().definition().ecus) out.push_back(ecu.address);
  }
  return out;
}

namespace {
std::string_view event_name(can_bus_event::kind k) {
  switch (k) {
    case can_bus_event::kind::request:
      return "request";
    case can_bus_event::kind::reply:
      return "reply";
    case can_bus_event::kind::reply_abandoned:
      return "reply_abandoned";
    case can_bus_event::kind::rejected:
      return "rejected";
  }
  return "unknown";
}

std::string id_text(std::uint32_t id, bool extended) {
  return protocols::to_string(protocols::ecu_address{id, extended, true});
}
}  // namespace

std::string log_line(const can_bus_event& e, std::chrono::steady_clock::time_point epoch) {
  boost::json::object o;
  o["t_us"] = std::chrono::duration_cast<std::chrono::microseconds>(e.at - epoch).count();
  o["event"] = event_name(e.type);
  if (e.type == can_bus_event::kind::request) {
    o["addressing"] = e.physical_target ? "physical" : "functional";
    if (e.physical_target) o["target"] = id_text(*e.physical_target, *e.physical_target > 0x7FF);
  } else if (e.ecu.known) {
    o["ecu"] = protocols::to_string(e.ecu);
  }
  if (!e.bytes.empty()) o["bytes"] = to_hex(e.bytes, " ");
  if (e.type == can_bus_event::kind::reply) o["bus_us"] = e.bus_time.count();
  if (!e.detail.empty()) o["detail"] = e.detail;
  return boost::json::serialize(o);
}

can_bus_driver::can_bus_driver(boost::asio::any_io_executor ex, can_bus_ecus bus, frame_sink sink,
                               request_logger log, clock::time_point epoch)
    : timer_(std::move(ex)),
      bus_(std::move(bus)),
      sink_(std::move(sink)),
      log_(std::move(log)),
      epoch_(epoch) {}

can_bus_driver::~can_bus_driver() {
  stop();
}

void can_bus_driver::stop() {
  stopped_ = true;
  alive_.reset();
  timer_.cancel();
}

void can_bus_driver::on_frame(const protocols::can_frame& frame) {
  if (stopped_) return;
  bus_.on_frame(frame, clock::now());
  pump();
}

void can_bus_driver::pump() {
  if (stopped_) return;
  for (const auto& f : bus_.poll(clock::now())) sink_(f.frame, f.at);
  if (log_) {
    for (const auto& e : bus_.take_events()) log_(log_line(e, epoch_));
  } else {
    bus_.take_events();
  }
  const auto next = bus_.next_deadline();
  if (!next) return;
  timer_.expires_at(*next);
  // The handler may run after this driver is gone (a completion already queued when the
  // session closed): the weak token tells.
  timer_.async_wait(
      [this, alive = std::weak_ptr<int>(alive_)](const boost::system::error_code& ec) {
        if (ec || alive.expired()) return;
        pump();
      });
}

}  // namespace bayscan::sim::detail
