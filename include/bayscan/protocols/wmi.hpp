// World manufacturer identifiers (VIN positions 1-3, ISO 3780) for the makes a Taiwanese
// workshop sees, and the ISO 3780 country ranges of the first two characters.
//
// The tables hold only entries we could check against a published list (see the source notes
// in protocols/vin/wmi.cpp); an unknown WMI yields nullopt rather than a guess.
// Returned views point into static tables. Pure functions; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_WMI_HPP
#define BAYSCAN_PROTOCOLS_WMI_HPP

#include <optional>
#include <span>
#include <string_view>

namespace bayscan::protocols {

struct wmi_entry {
  std::string_view wmi;           // three characters, upper case
  std::string_view manufacturer;  // the make, or the licensed assembler for local plants
};

// Manufacturer for a three-character WMI (case-insensitive); nullopt when not in our table.
// Only the first three characters of a longer string (a whole VIN) are looked at.
std::optional<std::string_view> wmi_manufacturer(std::string_view wmi) noexcept;

// Country the WMI range is allocated to (ISO 3780 / SAE regional allocation), from the first
// two characters; nullopt when the range is not in our table. This is where the WMI is
// registered, usually where the car was built (XP7, Tesla's EU WMI, is a Netherlands range
// although those cars are built in Germany).
std::optional<std::string_view> wmi_country(std::string_view wmi) noexcept;

// Every known WMI, sorted by code (for listings and tests).
std::span<const wmi_entry> known_wmis() noexcept;

}  // namespace bayscan::protocols

#endif
