#include <bayscan/protocols/isotp_channel.hpp>

namespace bayscan::protocols {
namespace {

// Our answers and our FlowControl both go out on the response identifier.
isotp_frame_format response_format(const isotp_channel_config& c) {
  return {c.response_id, c.extended, c.pad, c.padding};
}

}  // namespace

isotp_channel::isotp_channel(isotp_channel_config config)
    : config_(config),
      sender_(isotp_sender_config{response_format(config), config.timeouts, false}),
      receiver_(isotp_receiver_config{response_format(config), config.flow, config.timeouts.n_cr, 0, {}}) {}

std::optional<result<isotp_request>> isotp_channel::on_frame(const can_frame& frame, isotp_time_point now) {
  if (frame.extended != config_.extended) return std::nullopt;
  const bool functional = config_.functional_id && frame.id == *config_.functional_id;
  if (!functional && frame.id != config_.request_id) return std::nullopt;

  const bool is_fc = frame.dlc > 0 && (frame.data[0] >> 4) == static_cast<std::uint8_t>(isotp_pci_type::flow_control);
  if (is_fc) {
    if (functional) return std::nullopt;  // FC only ever comes physically
    if (auto r = sender_.on_frame(frame, now); !r) return result<isotp_request>(r.error());
    return std::nullopt;
  }
  if (functional && frame.dlc > 0 && (frame.data[0] >> 4) != static_cast<std::uint8_t>(isotp_pci_type::single_frame)) {
    // ISO 15765-4: functional requests are SingleFrames; we could not answer an FF with an FC
    // without colliding with every other ECU's.
    return result<isotp_request>(isotp_error::functional_multi_frame);
  }
  auto progress = receiver_.on_frame(frame, now);
  if (!progress) return result<isotp_request>(progress.error());
  if (*progress != isotp_rx_progress::complete) return std::nullopt;
  return result<isotp_request>(isotp_request{receiver_.take_message(), functional});
}

result<void> isotp_channel::respond(byte_span answer, isotp_time_point now) { return sender_.start(answer, now); }

std::vector<can_frame> isotp_channel::poll(isotp_time_point now) {
  std::vector<can_frame> out = receiver_.poll(now);
  auto frames = sender_.poll(now);
  out.insert(out.end(), frames.begin(), frames.end());
  return out;
}

result<void> isotp_channel::on_timeout(isotp_time_point now) {
  auto s = sender_.on_timeout(now);
  auto r = receiver_.on_timeout(now);
  if (!s) return s;
  return r;
}

std::optional<isotp_time_point> isotp_channel::next_deadline() const {
  auto a = sender_.next_deadline();
  auto b = receiver_.next_deadline();
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace bayscan::protocols
