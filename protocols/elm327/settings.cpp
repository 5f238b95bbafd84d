#include <array>
#include <bayscan/protocols/elm327_protocol_query.hpp>
#include <bayscan/protocols/elm327_settings.hpp>

namespace bayscan::protocols::elm327 {

void settings::reset_to_defaults() noexcept {
  echo = true;
  spaces = true;
  headers = false;
  show_dlc = false;
  can_auto_formatting = true;
  // The chip restarts its search (or the memorised protocol) after a reset: what was found is
  // no longer known; what was selected stays (ATM1 memory / ATSP saved it).
  active_protocol = obd_protocol::automatic;
}

void settings::apply(std::string_view command_line, const reply& outcome) noexcept {
  // LV RESET and ERR94 reset the chip whatever the command was (datasheet, LV RESET / ERRxx:
  // "settings ... returned to their default values").
  if (outcome.kind == reply_kind::error && (outcome.error == adapter_error::low_voltage_reset ||
                                            (outcome.error == adapter_error::internal_error &&
                                             outcome.error_number == fatal_can_error_number))) {
    reset_to_defaults();
    return;
  }
  if (outcome.kind != reply_kind::text) return;  // "?" and the like: the chip changed nothing

  std::array<char, 32> buf;
  std::size_t n = 0;
  for (char c : command_line) {
    if (c == ' ' || c == '\r' || c == '\n') continue;
    if (n == buf.size()) return;  // no switch command is that long
    buf[n++] = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
  }
  std::string_view cmd{buf.data(), n};
  if (!cmd.starts_with("AT")) return;
  cmd.remove_prefix(2);

  if (cmd == "Z" || cmd == "WS" || cmd == "D") return reset_to_defaults();
  struct toggle {
    std::string_view name;
    bool settings::*field;
  };
  static constexpr toggle toggles[] = {
      {"E", &settings::echo},     {"L", &settings::linefeeds},
      {"S", &settings::spaces},   {"H", &settings::headers},
      {"D", &settings::show_dlc}, {"CAF", &settings::can_auto_formatting},
  };
  for (const auto& t : toggles) {
    if (cmd.size() == t.name.size() + 1 && cmd.starts_with(t.name) &&
        (cmd.back() == '0' || cmd.back() == '1')) {
      this->*t.field = cmd.back() == '1';
      return;
    }
  }
  if (cmd.starts_with("SP") || cmd.starts_with("TP")) {
    std::string_view arg = cmd.substr(2);
    if (arg == "00") {  // "SP 00": erase the stored protocol, back to automatic
      selected_protocol = obd_protocol::automatic;
      active_protocol = obd_protocol::automatic;
      return;
    }
    if (arg.size() == 2 && arg[0] == 'A') arg.remove_prefix(1);  // "SP Ah": h, then search
    if (arg.size() != 1) return;
    if (auto p = protocol_from_digit(arg[0])) {
      selected_protocol = *p;
      active_protocol = obd_protocol::automatic;
    }
    return;
  }
  if (cmd == "DPN") {
    if (auto r = parse_protocol_number(outcome.text)) active_protocol = r->protocol;
    return;
  }
  if (cmd == "DP") {
    if (auto r = parse_protocol_description(outcome.text)) active_protocol = r->protocol;
    return;
  }
}

}  // namespace bayscan::protocols::elm327
