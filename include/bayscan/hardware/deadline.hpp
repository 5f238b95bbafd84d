// The time type every blocking transport call takes: an absolute point on the monotonic clock,
// so a driver can give one deadline to a sequence of reads ("the whole reply by t").
// Header-only value types; thread-safe.
#ifndef BAYSCAN_HARDWARE_DEADLINE_HPP
#define BAYSCAN_HARDWARE_DEADLINE_HPP

#include <chrono>

namespace bayscan::hardware {

using transport_clock = std::chrono::steady_clock;
using deadline = transport_clock::time_point;

// "now + d", for callers that think in timeouts.
inline deadline deadline_after(transport_clock::duration d) {
  return transport_clock::now() + d;
}

}  // namespace bayscan::hardware

#endif
