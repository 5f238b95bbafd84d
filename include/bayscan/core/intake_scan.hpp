// The intake scan: what to ask a car, in what order, so an advisor has its diagnostic state in
// about a second. Capability driven (supported-PID bitmaps first, then only what each ECU
// supports, batched into multi-PID requests on CAN), never the same request twice, never a
// clear (service 04). How bytes move is the DiagnosticLink's business.
// run_intake_scan is not thread-safe with respect to the link it is given.
#ifndef BAYSCAN_CORE_INTAKE_SCAN_HPP
#define BAYSCAN_CORE_INTAKE_SCAN_HPP

#include <bayscan/core/intake_report.hpp>
#include <bayscan/hardware/diagnostic_link.hpp>

#include <functional>

namespace bayscan::core {

struct scan_options {
  hardware::progress_callback progress;  // step name and 0..100; may be empty
  bool live_snapshot = true;             // rpm, speed, temperatures, trims ... where supported
};

struct scan_outcome {
  intake_report report;
  // Set when the scan could not finish (no protocol, adapter lost): the report is partial and
  // its warnings say what happened. The CLI exits 1.
  std::optional<error_code> failure;
};

// Connects the link (if it is not yet) and reads the car.
scan_outcome run_intake_scan(hardware::diagnostic_link& link, const scan_options& options = {});

}  // namespace bayscan::core

#endif
