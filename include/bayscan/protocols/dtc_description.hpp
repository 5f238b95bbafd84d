// Human text for diagnostic trouble codes, in English and Traditional Chinese (zh-TW).
// The table (protocols/dtc/data/dtc_descriptions.tsv) is compiled into the binary and parsed
// once, on first use, into an array sorted by the raw code; look-ups are a binary search.
// Only ISO/SAE controlled codes (SAE J2012) have table text: a manufacturer-controlled code means
// whatever that manufacturer says, so it gets an honest category sentence instead of a guess.
// All functions are thread-safe (the table is built by a function-local static and then
// immutable); returned string_views point into static storage and never dangle.
#ifndef BAYSCAN_PROTOCOLS_DTC_DESCRIPTION_HPP
#define BAYSCAN_PROTOCOLS_DTC_DESCRIPTION_HPP

#include <bayscan/common/language.hpp>
#include <bayscan/protocols/dtc.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bayscan::protocols {

// One row of the table. `zh_tw` is empty where no translation has been written yet.
struct dtc_description_entry {
  dtc code;
  std::string_view en;
  std::string_view zh_tw;
};

// The whole table, sorted by code, one row per code.
std::span<const dtc_description_entry> dtc_description_table();

// Table text in that language; nullopt when the code is not in the table or has no text in that
// language (no silent fallback: the caller decides whether English is acceptable).
std::optional<std::string_view> describe(dtc code, language lang);

// Always something true to show a technician or put in a report:
//   the table text in `lang`, else the English table text for zh-TW rows not yet translated,
//   else for manufacturer-controlled codes "Manufacturer-specific code (P1xxx): see the
//   manufacturer's service information",
//   else "SAE-defined code, no description available". Never an invented meaning.
std::string description_or_category(dtc code, language lang);

}  // namespace bayscan::protocols

#endif
