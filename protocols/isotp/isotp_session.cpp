#include <bayscan/protocols/isotp_session.hpp>

#include <bayscan/protocols/isotp_addressing.hpp>

#include <algorithm>
#include <utility>

namespace bayscan::protocols {
namespace {

isotp_sender_config request_config(const isotp_session_config& c, std::uint32_t id) {
  isotp_sender_config s;
  s.frame = {id, c.extended, c.pad, c.padding};
  s.timeouts = c.timeouts;
  return s;
}

bool is_flow_control(const can_frame& f) noexcept {
  return f.dlc > 0 && (f.data[0] >> 4) == static_cast<std::uint8_t>(isotp_pci_type::flow_control);
}

}  // namespace

isotp_session::isotp_session(isotp_session_config config, std::uint32_t request_id,
                             std::optional<std::uint32_t> physical_response_id)
    : config_(config),
      request_id_(request_id),
      physical_response_id_(physical_response_id),
      sender_(request_config(config, request_id)) {}

isotp_session isotp_session::functional(isotp_session_config config) {
  return isotp_session(config, obd_functional_request_id(config.extended), std::nullopt);
}

std::optional<isotp_session> isotp_session::physical(std::uint32_t response_id, isotp_session_config config) {
  const auto request = obd_physical_request_id(response_id, config.extended);
  if (!request) return std::nullopt;
  return isotp_session(config, *request, response_id);
}

result<void> isotp_session::start(byte_span request, isotp_time_point now) {
  if (started_ && !finished()) return isotp_error::busy;
  if (!physical_response_id_ && request.size() > isotp_sf_max_dl) return isotp_error::functional_multi_frame;
  if (auto r = sender_.start(request, now); !r) return r;
  started_ = true;
  responders_.clear();
  responses_.clear();
  window_end_.reset();
  window_closed_ = false;
  return {};
}

bool isotp_session::accepts_source(const can_frame& frame) const noexcept {
  if (physical_response_id_) return frame.extended == config_.extended && frame.id == *physical_response_id_;
  return frame.extended == config_.extended && is_obd_response_id(frame.id, frame.extended);
}

isotp_session::responder& isotp_session::responder_for(const can_frame& frame) {
  const ecu_address source{frame.id, frame.extended, true};
  auto it = std::find_if(responders_.begin(), responders_.end(),
                         [&](const responder& r) { return r.source == source; });
  if (it != responders_.end()) return *it;
  isotp_receiver_config rc;
  // accepts_source() admitted only OBD response identifiers, so the mapping exists.
  rc.fc_frame = {obd_physical_request_id(frame.id, frame.extended).value_or(request_id_), frame.extended,
                 config_.pad, config_.padding};
  rc.flow = config_.flow;
  rc.n_cr = config_.timeouts.n_cr;
  responders_.push_back({source, isotp_receiver(rc)});
  return responders_.back();
}

bool isotp_session::on_frame(const can_frame& frame, isotp_time_point now) {
  if (!started_ || !accepts_source(frame)) return false;
  if (is_flow_control(frame)) {
    // Only a physical multi-frame request is paced by an FC; the ECU sends it on its response ID.
    if (physical_response_id_ && sender_.state() == isotp_transfer_state::in_progress) {
      (void)sender_.on_frame(frame, now);  // failures show in request_error()
    }
    return true;
  }
  responder& r = responder_for(frame);
  auto progress = r.receiver.on_frame(frame, now);
  if (!progress) {
    responses_.push_back({r.source, progress.error()});
  } else if (*progress == isotp_rx_progress::complete) {
    responses_.push_back({r.source, r.receiver.take_message()});
  }
  return true;
}

void isotp_session::note_request_done(isotp_time_point now) {
  if (!window_end_ && sender_.state() != isotp_transfer_state::in_progress)
    window_end_ = now + config_.response_window;
}

std::vector<can_frame> isotp_session::poll(isotp_time_point now) {
  std::vector<can_frame> out = sender_.poll(now);
  if (started_) note_request_done(now);
  for (auto& r : responders_) {
    auto fcs = r.receiver.poll(now);
    out.insert(out.end(), fcs.begin(), fcs.end());
  }
  return out;
}

void isotp_session::on_timeout(isotp_time_point now) {
  if (!started_) return;
  (void)sender_.on_timeout(now);  // failures show in request_error()
  note_request_done(now);
  for (auto& r : responders_) {
    if (auto t = r.receiver.on_timeout(now); !t) responses_.push_back({r.source, t.error()});
  }
  if (window_end_ && now >= *window_end_) window_closed_ = true;
}

std::optional<isotp_time_point> isotp_session::next_deadline() const {
  std::optional<isotp_time_point> next = sender_.next_deadline();
  auto consider = [&](std::optional<isotp_time_point> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  for (const auto& r : responders_) consider(r.receiver.next_deadline());
  if (!window_closed_) consider(window_end_);
  return next;
}

bool isotp_session::finished() const noexcept {
  if (!started_) return false;
  if (sender_.state() == isotp_transfer_state::failed) return true;
  if (!window_closed_) return false;
  return std::none_of(responders_.begin(), responders_.end(), [](const responder& r) {
    return r.receiver.state() == isotp_transfer_state::in_progress;
  });
}

void isotp_session::extend_response_window(isotp_time_point until) noexcept {
  if (!window_end_ || *window_end_ < until) {
    window_end_ = until;
    window_closed_ = false;
  }
}

std::vector<isotp_response> isotp_session::take_responses() { return std::exchange(responses_, {}); }

}  // namespace bayscan::protocols
