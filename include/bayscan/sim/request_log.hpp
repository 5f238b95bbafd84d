// Where the simulator's front ends write their request log: one JSON object per line
// ({"t_us":…, "event":"request"|"reply"|…, …}) so a benchmark can compute how long the car itself
// needed. Shared by the ELM327 and the CAN front ends. The callable is invoked on the server's
// io_context thread; it must not block for long.
#ifndef BAYSCAN_SIM_REQUEST_LOG_HPP
#define BAYSCAN_SIM_REQUEST_LOG_HPP

#include <functional>
#include <string>

namespace bayscan::sim {

// Receives one JSON object per line: {"t_us":…, "event":"request"|"reply", …}.
using request_logger = std::function<void(const std::string& json_line)>;

}  // namespace bayscan::sim

#endif
