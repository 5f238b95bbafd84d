// Replies to ATDPN and ATDP: which OBD protocol the ELM327 is set to or found.
// Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ELM327_PROTOCOL_QUERY_HPP
#define BAYSCAN_PROTOCOLS_ELM327_PROTOCOL_QUERY_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/protocols/elm327_error.hpp>
#include <bayscan/protocols/obd_protocol.hpp>
#include <string_view>

namespace bayscan::protocols::elm327 {

struct protocol_report {
  // The protocol in use, or obd_protocol::automatic when the search has found none yet ("A0",
  // "AUTO" alone).
  obd_protocol protocol = obd_protocol::automatic;
  bool automatic_search = false;  // "A" prefix / "AUTO, " prefix: chosen by automatic search

  friend bool operator==(const protocol_report&, const protocol_report&) = default;
};

// ATDPN: "6", "A6", "A0" (datasheet "DPN": the number, preceded by 'A' when automatic search
// is enabled).
result<protocol_report> parse_protocol_number(std::string_view reply);

// ATDP: "AUTO, ISO 15765-4 (CAN 11/500)", "SAE J1850 VPW", "ISO 14230-4 (KWP FAST)" — the
// chip's short names — and also the long names of protocol_name().
result<protocol_report> parse_protocol_description(std::string_view reply);

}  // namespace bayscan::protocols::elm327

#endif
