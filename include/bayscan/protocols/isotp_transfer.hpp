// Shared vocabulary of the ISO-TP state machines: the time they are driven with (never read from
// a clock here: callers pass `now`), the ISO 15765-2 / -4 timing parameters, and the state one
// transfer is in. Pure values; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_ISOTP_TRANSFER_HPP
#define BAYSCAN_PROTOCOLS_ISOTP_TRANSFER_HPP

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace bayscan::protocols {

// Time as the caller's steady clock (or a test's fake clock) reports it.
using isotp_time_point = std::chrono::steady_clock::time_point;

// ISO 15765-2:2016 9.8, network layer timing: the timeout values of N_As, N_Ar, N_Bs and N_Cr
// are 1000 ms. (N_Br and N_Cs are performance requirements, not timeouts.)
inline constexpr std::chrono::milliseconds isotp_default_n_as{1000};
inline constexpr std::chrono::milliseconds isotp_default_n_bs{1000};
inline constexpr std::chrono::milliseconds isotp_default_n_cr{1000};

// ISO 15765-2:2016 9.7 leaves N_WFTmax (how many FC.WAIT in a row are tolerated) to the system
// designer; 10 is generous for OBD ECUs, which normally answer CTS at once.
inline constexpr unsigned isotp_default_n_wft_max = 10;

// ISO 15765-4 application timing: an OBD ECU starts its response within P2CAN = 50 ms of the
// request; the tester stops waiting for further responders after that window.
inline constexpr std::chrono::milliseconds obd_p2_can{50};

// The timeouts one ISO-TP endpoint enforces (ISO 15765-2:2016 9.7, 9.8).
struct isotp_timeouts {
  std::chrono::milliseconds n_as = isotp_default_n_as;  // sender: frame handed out until confirmed
  std::chrono::milliseconds n_bs = isotp_default_n_bs;  // sender: FF / block end until the next FC
  std::chrono::milliseconds n_cr = isotp_default_n_cr;  // receiver: FC or CF until the next CF
  unsigned n_wft_max = isotp_default_n_wft_max;         // sender: FC.WAIT in a row tolerated
};

// What a receiver asks of the sender in its FlowControl, and the largest message it takes.
struct isotp_flow_request {
  std::uint8_t block_size = 0;  // BS (9.6.5): 0 = all CFs without further FC
  std::uint8_t st_min = 0;      // raw STmin byte (9.6.5.4)
  std::size_t max_message = 4095;  // FF_DL above this is refused with FC OVFLW (9.6.3 limit)
};

enum class isotp_transfer_state {
  idle,         // nothing started
  in_progress,  // frames still to send or to receive
  complete,     // the message went out / came in whole
  failed,       // gave up; error() says why
};

}  // namespace bayscan::protocols

#endif
