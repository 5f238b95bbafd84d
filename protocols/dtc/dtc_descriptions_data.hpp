// Internal: the text of protocols/dtc/data/dtc_descriptions.tsv, embedded at build time by
// protocols/CMakeLists.txt (generated dtc_descriptions_data.cpp). Immutable; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_DTC_DESCRIPTIONS_DATA_HPP
#define BAYSCAN_PROTOCOLS_DTC_DESCRIPTIONS_DATA_HPP

#include <string_view>

namespace bayscan::protocols::detail {

// Tab-separated rows "code<TAB>English<TAB>Traditional Chinese", '\n' line ends; lines starting
// with '#' and the header row "code..." are not data.
extern const std::string_view dtc_descriptions_tsv;

}  // namespace bayscan::protocols::detail

#endif
