// Typed errors of the ISO 15765-2 transport (ISO-TP) on classic CAN: N_PCI decode errors and the
// N_Result values of ISO 15765-2:2016 8.3 that a sender or receiver reports when it gives up.
// Pure values; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ISOTP_ERROR_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_ERROR_HPP

#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>

#include <type_traits>

namespace bayscan::protocols {

enum class isotp_error {
  // --- N_PCI decoding (ISO 15765-2:2016 9.6) ---
  frame_too_short = 1,   // DLC smaller than the N_PCI and the data it announces
  invalid_pci,           // N_PCItype nibble 4..F (reserved, 9.6.1)
  invalid_sf_dl,         // SF_DL 0 (CAN FD escape) or > 7 on classic CAN (9.6.2)
  invalid_ff_dl,         // FF_DL < 8, or the 32-bit escape FF_DL = 0 unused on classic CAN (9.6.3)
  reserved_fs,           // FlowStatus 3..F (9.6.5); N_Result N_INVALID_FS
  // --- reception (receiver side) ---
  unexpected_cf,         // CF while no segmented reception is in progress (9.8); N_UNEXP_PDU
  wrong_sn,              // CF with an unexpected SequenceNumber (9.6.4); N_WRONG_SN
  buffer_overflow,       // FF_DL above our receive buffer (we answer FC OVFLW); N_BUFFER_OVFLW
  timeout_n_cr,          // no CF within N_Cr (9.8); N_TIMEOUT_Cr
  // --- transmission (sender side) ---
  overflow_reported,     // the peer answered our FF with FC OVFLW (9.6.5); N_BUFFER_OVFLW
  timeout_n_bs,          // no FC within N_Bs after FF or a completed block (9.8); N_TIMEOUT_Bs
  timeout_n_as,          // our frame was not confirmed transmitted within N_As (9.8); N_TIMEOUT_A
  wait_limit_exceeded,   // more consecutive FC.WAIT than N_WFTmax allows (9.7); N_WFT_OVRN
  message_too_long,      // payload above FF_DL's 12-bit range (4095 bytes, 9.6.3)
  empty_message,         // nothing to send: ISO-TP has no zero-length message
  functional_multi_frame,// functional request > 7 bytes: several ECUs cannot each send FC (ISO 15765-4)
  busy,                  // start() while a transfer is still running
};

const boost::system::error_category& isotp_category() noexcept;

inline boost::system::error_code make_error_code(isotp_error e) noexcept {
  return {static_cast<int>(e), isotp_category()};
}

}  // namespace bayscan::protocols

template <>
struct boost::system::is_error_code_enum<bayscan::protocols::isotp_error> : std::true_type {};

#endif
