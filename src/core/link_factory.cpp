#include <bayscan/core/link_factory.hpp>

#include <bayscan/hardware/adapter_uri.hpp>
#include <bayscan/hardware/can_link.hpp>
#include <bayscan/hardware/elm327_link.hpp>
#include <bayscan/sim/in_process.hpp>

#include <variant>

namespace bayscan::core {

link_open_result open_diagnostic_link(std::string_view text, std::chrono::milliseconds connect_timeout) {
  link_open_result out;
  auto uri = hardware::parse_adapter_uri(text);
  if (!uri) {
    out.error = uri.error().message();
    out.usage_error = true;
    return out;
  }
  const std::string device(text);
  if (const auto* s = std::get_if<hardware::sim_uri>(&*uri)) {
    // The embedded default: a simulated car behind an emulated ELM327, in real time.
    auto stream = sim::in_process_stream::open(s->scenario);
    if (!stream) {
      out.error = stream.error().message();
      out.usage_error = true;
      return out;
    }
    out.link = std::make_unique<hardware::elm327_link>(std::move(*stream), hardware::elm327_options{}, device);
    return out;
  }
  const auto until = hardware::deadline_after(connect_timeout);
  if (hardware::is_byte_stream_uri(*uri)) {
    auto stream = hardware::open_byte_stream(*uri, until);
    if (!stream) {
      out.error = stream.error().message();
      return out;
    }
    out.link = std::make_unique<hardware::elm327_link>(std::move(*stream), hardware::elm327_options{}, device);
    return out;
  }
  auto channel = hardware::open_can_channel(*uri, until);
  if (!channel) {
    out.error = channel.error().message();
    return out;
  }
  hardware::can_link_options options;
  if (const auto* c = std::get_if<hardware::socketcan_uri>(&*uri)) options.bitrate = c->bitrate;
  out.link = std::make_unique<hardware::can_link>(std::move(*channel), options, device);
  return out;
}

}  // namespace bayscan::core
