// The advisor's reading of an IntakeReport: lamp, codes with meaning, odometer, readiness, flags,
// in Traditional Chinese first and English beside it, as the bay's staff read them.
// Pure function; thread-safe.
#ifndef BAYSCAN_CORE_INTAKE_SUMMARY_HPP
#define BAYSCAN_CORE_INTAKE_SUMMARY_HPP

#include <bayscan/core/intake_report.hpp>

#include <string>

namespace bayscan::core {

std::string render_intake_summary(const intake_report& r);

}  // namespace bayscan::core

#endif
