#include <algorithm>
#include <bayscan/protocols/elm327_reply.hpp>
#include <charconv>

namespace bayscan::protocols::elm327 {

std::string_view to_string(adapter_error e) noexcept {
  switch (e) {
    case adapter_error::unknown_command:
      return "?";
    case adapter_error::no_data:
      return "NO DATA";
    case adapter_error::unable_to_connect:
      return "UNABLE TO CONNECT";
    case adapter_error::can_error:
      return "CAN ERROR";
    case adapter_error::bus_busy:
      return "BUS BUSY";
    case adapter_error::bus_error:
      return "BUS ERROR";
    case adapter_error::bus_init_error:
      return "BUS INIT: ...ERROR";
    case adapter_error::feedback_error:
      return "FB ERROR";
    case adapter_error::data_error:
      return "DATA ERROR";
    case adapter_error::bad_checksum:
      return "<DATA ERROR";
    case adapter_error::receive_error:
      return "<RX ERROR";
    case adapter_error::buffer_full:
      return "BUFFER FULL";
    case adapter_error::stopped:
      return "STOPPED";
    case adapter_error::activity_alert:
      return "ACT ALERT";
    case adapter_error::low_power_alert:
      return "LP ALERT";
    case adapter_error::low_voltage_reset:
      return "LV RESET";
    case adapter_error::internal_error:
      return "ERRnn";
  }
  return "unknown";
}

bool reply::is_damaged(std::size_t message_index) const noexcept {
  return std::find(damaged.begin(), damaged.end(), message_index) != damaged.end();
}

result<double> parse_voltage(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == 'V' || text.back() == 'v'))
    text.remove_suffix(1);
  if (text.empty() || !std::all_of(text.begin(), text.end(),
                                   [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
    return error::invalid_voltage_reply;
  double volts = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), volts);
  if (ec != std::errc{} || end != text.data() + text.size()) return error::invalid_voltage_reply;
  return volts;
}

}  // namespace bayscan::protocols::elm327
