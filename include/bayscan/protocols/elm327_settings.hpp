// The ELM327 formatting state the reply reader needs to interpret text: echo, linefeeds,
// spaces, headers, DLC display, CAN auto formatting and the protocol. apply() follows the AT
// commands that the chip accepted, so a driver — or a log replay — keeps the state in step with
// the adapter from the command stream itself.
// Plain value type; thread-compatible.
#ifndef BAYSCAN_PROTOCOLS_ELM327_SETTINGS_HPP
#define BAYSCAN_PROTOCOLS_ELM327_SETTINGS_HPP

#include <bayscan/protocols/elm327_reply.hpp>
#include <bayscan/protocols/obd_protocol.hpp>
#include <string_view>

namespace bayscan::protocols::elm327 {

struct settings {
  // Power-on defaults (datasheet "AT Command Summary", defaults marked *): E1, S1, H0, D0, CAF1.
  // Linefeeds default from pin 7; the reader accepts CR, CRLF and LF either way.
  bool echo = true;
  bool linefeeds = false;
  bool spaces = true;
  bool headers = false;
  bool show_dlc = false;            // ATD1: CAN frames show the DLC digit after the ID
  bool can_auto_formatting = true;  // ATCAF1
  // As selected with ATSP/ATTP (automatic = 0), and as reported by ATDPN/ATDP when known.
  obd_protocol selected_protocol = obd_protocol::automatic;
  obd_protocol active_protocol = obd_protocol::automatic;

  // The protocol to interpret data with: the one found, else the one selected; automatic when
  // neither is known (the reader then recognises the framing from the text).
  obd_protocol protocol() const noexcept {
    return active_protocol != obd_protocol::automatic ? active_protocol : selected_protocol;
  }

  // Back to the state after ATZ/ATWS/ATD, LV RESET or ERR94 (linefeeds untouched: pin-defined).
  void reset_to_defaults() noexcept;

  // Updates the state for `command_line` (as sent, with or without CR, any case, spaces allowed)
  // given the reply it got: switches change only when the chip answered with text (it answers
  // "?" to what it does not know); ATDPN/ATDP replies set the active protocol; resets restore
  // defaults. Non-AT lines and unknown commands change nothing.
  void apply(std::string_view command_line, const reply& outcome) noexcept;

  friend bool operator==(const settings&, const settings&) = default;
};

}  // namespace bayscan::protocols::elm327

#endif
