// ISO 15765-2 N_PCI codec for classic CAN (TX_DL = 8): SingleFrame, FirstFrame, ConsecutiveFrame
// and FlowControl N_PDUs to and from can_frame, plus the STmin encoding. Normal and normal fixed
// addressing only (the whole CAN payload is N_PCI + N_Data, as ISO 15765-4 uses for OBD).
// Decoded views point into the caller's frame: keep the frame alive while using them.
// Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ISOTP_PCI_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_PCI_HPP

#include <bayscan/common/bytes.hpp>
#include <bayscan/common/result.hpp>
#include <bayscan/protocols/can_frame.hpp>
#include <bayscan/protocols/isotp_error.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <variant>

namespace bayscan::protocols {

// ISO 15765-2:2016 9.6.1: N_PCItype in the high nibble of the first byte.
enum class isotp_pci_type : std::uint8_t {
  single_frame = 0x0,
  first_frame = 0x1,
  consecutive_frame = 0x2,
  flow_control = 0x3,
};

// ISO 15765-2:2016 9.6.5: FlowStatus (FS) in the low nibble of the FC N_PCI. 3..F are reserved.
enum class isotp_flow_status : std::uint8_t {
  continue_to_send = 0x0,  // CTS
  wait = 0x1,              // WAIT
  overflow = 0x2,          // OVFLW
};

// Classic CAN with TX_DL = 8 (ISO 15765-2:2016 9.5, 9.6.2): an SF carries at most 7 bytes,
// an FF 6, a CF 7; FF_DL is 12 bits, so one message is at most 4095 bytes (9.6.3).
inline constexpr std::size_t isotp_can_dl = 8;
inline constexpr std::size_t isotp_sf_max_dl = 7;
inline constexpr std::size_t isotp_ff_data_bytes = 6;
inline constexpr std::size_t isotp_cf_data_bytes = 7;
inline constexpr std::size_t isotp_ff_min_dl = 8;
inline constexpr std::size_t isotp_max_message = 4095;

// ISO 15765-2:2016 10.4.2.1 recommends 0xCC as the filler byte (few stuff bits); ISO 15765-4
// requires every diagnostic frame to have DLC 8, so frames are padded. Receivers accept any filler.
inline constexpr std::uint8_t isotp_default_padding = 0xCC;

struct isotp_single_frame {
  byte_span data;  // exactly SF_DL bytes
};
struct isotp_first_frame {
  std::uint16_t ff_dl = 0;  // total message length, 8..4095
  byte_span data;           // the first bytes of the message (DLC - 2, normally 6)
};
struct isotp_consecutive_frame {
  std::uint8_t sn = 0;  // SequenceNumber 0..F (9.6.4)
  byte_span data;       // everything after the N_PCI byte; the receiver takes what it still needs
};
struct isotp_flow_control {
  isotp_flow_status fs = isotp_flow_status::continue_to_send;
  std::uint8_t bs = 0;      // BlockSize (9.6.5): 0 = send all remaining CFs without further FC
  std::uint8_t st_min = 0;  // raw STmin byte (9.6.5.4); see isotp_st_min_duration
};
using isotp_pdu =
    std::variant<isotp_single_frame, isotp_first_frame, isotp_consecutive_frame, isotp_flow_control>;

// Decodes the N_PCI of one received CAN payload (bytes 0..DLC-1). Bounds-checked; errors:
// frame_too_short, invalid_pci, invalid_sf_dl, invalid_ff_dl, reserved_fs.
result<isotp_pdu> decode_isotp_pdu(byte_span payload) noexcept;

// Encoders. `data` must fit the frame (SF: 1..7 bytes, FF: 6 bytes of a message of ff_dl bytes,
// CF: 1..7 bytes); bytes after the data are set to `padding` with DLC 8, or, with no padding,
// DLC is just what is used (CAN frame data optimisation, ISO 15765-2:2016 10.4.2).
struct isotp_frame_format {
  std::uint32_t id = 0;
  bool extended = false;
  bool pad = true;
  std::uint8_t padding = isotp_default_padding;
};
can_frame encode_isotp_single_frame(const isotp_frame_format& f, byte_span data) noexcept;
can_frame encode_isotp_first_frame(const isotp_frame_format& f, std::uint16_t ff_dl,
                                   byte_span first_bytes) noexcept;
can_frame encode_isotp_consecutive_frame(const isotp_frame_format& f, std::uint8_t sn,
                                         byte_span data) noexcept;
can_frame encode_isotp_flow_control(const isotp_frame_format& f, isotp_flow_status fs,
                                    std::uint8_t bs, std::uint8_t st_min) noexcept;

// STmin (ISO 15765-2:2016 9.6.5.4): 0x00..0x7F = 0..127 ms, 0xF1..0xF9 = 100..900 us; every other
// value is reserved, and a sender that receives one shall use 0x7F (127 ms) instead.
constexpr bool isotp_st_min_is_reserved(std::uint8_t st_min) noexcept {
  return !(st_min <= 0x7F || (st_min >= 0xF1 && st_min <= 0xF9));
}
constexpr std::chrono::microseconds isotp_st_min_duration(std::uint8_t st_min) noexcept {
  if (st_min <= 0x7F) return std::chrono::milliseconds(st_min);
  if (st_min >= 0xF1 && st_min <= 0xF9) return std::chrono::microseconds(100 * (st_min - 0xF0));
  return std::chrono::milliseconds(0x7F);
}

}  // namespace bayscan::protocols

#endif
