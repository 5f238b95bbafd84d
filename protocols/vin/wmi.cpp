#include <algorithm>
#include <array>
#include <bayscan/protocols/wmi.hpp>

// Sources. WMIs are assigned by national bodies under ISO 3780 (SAE in the US); there is no
// free official list, so every entry below was checked against the Wikipedia-derived WMI table
// bundled in a public npm VIN decoder (manufacturer.constant.ts / country.constant.ts, read
// with the project's search tool), and the Taiwan plant entries against the Taiwan section of
// that table:
//   RF5 Yulon Motor, RHA Ford Lio Ho ("new designation"), RKL Kuozui Motors (Toyota),
//   RKM China Motor Corporation, RKT Honda Taiwan. Taiwan's range is RF-RK.
// Left out on purpose (not confirmed by that table or contradicted by it):
//   - Luxgen: no WMI of its own found (Luxgen cars were built by Yulon; RF5 is Yulon's).
//   - JSA: listed there as Kawasaki ATVs built by Suzuki, not as a Suzuki car WMI.
//   - WA1 (Audi SUV): not in the table.
//   - The pre-"R range" Taiwan codes the table calls "old designation" (LFA Ford Lio Ho etc.):
//     the L range is China's today.
// KNM is Renault Samsung Motors (also Nissan Rogue built there), not Kia: listed so a Korean
// Renault/Nissan is not mistaken for a Kia.

namespace bayscan::protocols {

namespace {

// Sorted by code (byte order) for binary search; the test checks the order.
constexpr std::array wmi_table = std::to_array<wmi_entry>({
    {"19X", "Honda"},
    {"1FA", "Ford"},
    {"1FM", "Ford"},
    {"1FT", "Ford"},
    {"1HG", "Honda"},
    {"1N4", "Nissan"},
    {"1N6", "Nissan"},
    {"1VW", "Volkswagen"},
    {"2FA", "Ford"},
    {"2FM", "Ford"},
    {"2HG", "Honda"},
    {"2HK", "Honda"},
    {"2T1", "Toyota"},
    {"2T2", "Lexus"},
    {"2T3", "Toyota"},
    {"3FA", "Ford"},
    {"3FM", "Ford"},
    {"3HG", "Honda"},
    {"3MV", "Mazda"},
    {"3MZ", "Mazda"},
    {"3N1", "Nissan"},
    {"3VV", "Volkswagen"},
    {"3VW", "Volkswagen"},
    {"4A3", "Mitsubishi"},
    {"4A4", "Mitsubishi"},
    {"4JG", "Mercedes-Benz"},
    {"4S3", "Subaru"},
    {"4S4", "Subaru"},
    {"4T1", "Toyota"},
    {"4T3", "Toyota"},
    {"4US", "BMW"},
    {"55S", "Mercedes-Benz"},
    {"58A", "Lexus"},
    {"5FN", "Honda"},
    {"5J6", "Honda"},
    {"5KB", "Honda"},
    {"5N1", "Nissan"},
    {"5NM", "Hyundai"},
    {"5NP", "Hyundai"},
    {"5TB", "Toyota"},
    {"5TD", "Toyota"},
    {"5TF", "Toyota"},
    {"5UX", "BMW"},
    {"5XX", "Kia"},
    {"5XY", "Kia"},
    {"5YF", "Toyota"},
    {"5YJ", "Tesla"},
    {"5YM", "BMW"},
    {"6FP", "Ford"},
    {"7FA", "Honda"},
    {"7JR", "Volvo"},
    {"7MM", "Mazda"},
    {"7SA", "Tesla"},
    {"JA3", "Mitsubishi"},
    {"JA4", "Mitsubishi"},
    {"JF1", "Subaru"},
    {"JF2", "Subaru"},
    {"JHL", "Honda"},
    {"JHM", "Honda"},
    {"JM0", "Mazda"},
    {"JM1", "Mazda"},
    {"JM3", "Mazda"},
    {"JMA", "Mitsubishi"},
    {"JMB", "Mitsubishi"},
    {"JMZ", "Mazda"},
    {"JN1", "Nissan"},
    {"JN8", "Nissan"},
    {"JNK", "Infiniti"},
    {"JNR", "Infiniti"},
    {"JS2", "Suzuki"},
    {"JS3", "Suzuki"},
    {"JT2", "Toyota"},
    {"JT3", "Toyota"},
    {"JT6", "Lexus"},
    {"JT8", "Lexus"},
    {"JTD", "Toyota"},
    {"JTE", "Toyota"},
    {"JTH", "Lexus"},
    {"JTJ", "Lexus"},
    {"JTK", "Toyota"},
    {"JTL", "Toyota"},
    {"JTM", "Toyota"},
    {"JTN", "Toyota"},
    {"KM8", "Hyundai"},
    {"KMH", "Hyundai"},
    {"KMT", "Genesis"},
    {"KMU", "Genesis"},
    {"KNA", "Kia"},
    {"KNC", "Kia"},
    {"KND", "Kia"},
    {"KNE", "Kia"},
    {"KNM", "Renault Samsung Motors"},
    {"LRW", "Tesla"},
    {"LVY", "Volvo"},
    {"LYV", "Volvo"},
    {"MA3", "Suzuki (Maruti Suzuki, India)"},
    {"ML3", "Mitsubishi"},
    {"MM0", "Mazda"},
    {"MM6", "Mazda"},
    {"MM7", "Mazda"},
    {"MM8", "Mazda"},
    {"MMA", "Mitsubishi"},
    {"MMB", "Mitsubishi"},
    {"MMC", "Mitsubishi"},
    {"MMD", "Mitsubishi"},
    {"MMT", "Mitsubishi"},
    {"MNA", "Ford"},
    {"MNB", "Ford"},
    {"MNC", "Ford"},
    {"MNT", "Nissan"},
    {"MPB", "Ford"},
    {"MR0", "Toyota"},
    {"MR1", "Toyota"},
    {"MR2", "Toyota"},
    {"MRH", "Honda"},
    {"RF5", "Yulon Motor (Taiwan)"},
    {"RHA", "Ford (Ford Lio Ho, Taiwan)"},
    {"RKL", "Toyota (Kuozui Motors, Taiwan)"},
    {"RKM", "China Motor Corporation (Taiwan)"},
    {"RKT", "Honda (Honda Taiwan)"},
    {"SFA", "Ford"},
    {"SJN", "Nissan"},
    {"TMA", "Hyundai"},
    {"TMB", "Skoda"},
    {"TMC", "Hyundai"},
    {"TRU", "Audi"},
    {"TSM", "Suzuki"},
    {"U5Y", "Kia"},
    {"U6Y", "Kia"},
    {"W1K", "Mercedes-Benz"},
    {"W1N", "Mercedes-Benz"},
    {"W1V", "Mercedes-Benz"},
    {"WAU", "Audi"},
    {"WB5", "BMW"},
    {"WBA", "BMW"},
    {"WBS", "BMW"},
    {"WBX", "BMW"},
    {"WBY", "BMW"},
    {"WDB", "Mercedes-Benz"},
    {"WDC", "Mercedes-Benz"},
    {"WDD", "Mercedes-Benz"},
    {"WDF", "Mercedes-Benz"},
    {"WF0", "Ford"},
    {"WMW", "MINI"},
    {"WMZ", "MINI"},
    {"WP0", "Porsche"},
    {"WP1", "Porsche"},
    {"WUA", "Audi"},
    {"WV1", "Volkswagen"},
    {"WV2", "Volkswagen"},
    {"WVG", "Volkswagen"},
    {"WVW", "Volkswagen"},
    {"XP7", "Tesla"},
    {"YV1", "Volvo"},
    {"YV4", "Volvo"},
});

// ISO 3780 orders the second character A-H, J-N, P, R-Z, 1-9, 0; ranges use that order.
constexpr std::string_view iso3780_order = "ABCDEFGHJKLMNPRSTUVWXYZ1234567890";

struct country_range {
  char first;
  char from;  // second character, inclusive, in iso3780_order
  char to;
  std::string_view country;
};

// Regional allocation (same source as above, country.constant.ts). Only ranges needed by the
// makes we list, plus their neighbours in the same table; where two readings of the
// allocation differ we keep the part both agree on (Mexico 3A-3W, Australia 6A-6W, and the
// United States part of '7' from 7F: 7A.. are New Zealand plants in the same source).
constexpr std::array country_ranges = std::to_array<country_range>({
    {'1', 'A', '0', "United States"},  {'2', 'A', '5', "Canada"},
    {'3', 'A', 'W', "Mexico"},         {'4', 'A', '0', "United States"},
    {'5', 'A', '0', "United States"},  {'6', 'A', 'W', "Australia"},
    {'7', 'F', '0', "United States"},  {'J', 'A', '0', "Japan"},
    {'K', 'L', 'R', "South Korea"},    {'L', 'A', '0', "China"},
    {'M', 'A', 'E', "India"},          {'M', 'F', 'K', "Indonesia"},
    {'M', 'L', 'R', "Thailand"},       {'P', 'L', 'R', "Malaysia"},
    {'R', 'F', 'K', "Taiwan"},         {'S', 'A', 'M', "United Kingdom"},
    {'T', 'J', 'P', "Czech Republic"}, {'T', 'R', 'V', "Hungary"},
    {'U', '5', '7', "Slovakia"},       {'V', 'F', 'R', "France"},
    {'V', 'S', 'W', "Spain"},          {'W', 'A', '0', "Germany"},
    {'X', 'L', 'R', "Netherlands"},    {'Y', 'A', 'E', "Belgium"},
    {'Y', 'S', 'W', "Sweden"},         {'Z', 'A', 'U', "Italy"},
});

constexpr char upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace

std::optional<std::string_view> wmi_manufacturer(std::string_view wmi) noexcept {
  if (wmi.size() < 3) return std::nullopt;
  const std::array<char, 3> key{upper(wmi[0]), upper(wmi[1]), upper(wmi[2])};
  const std::string_view code(key.data(), key.size());
  const auto it =
      std::lower_bound(wmi_table.begin(), wmi_table.end(), code,
                       [](const wmi_entry& e, std::string_view k) { return e.wmi < k; });
  if (it == wmi_table.end() || it->wmi != code) return std::nullopt;
  return it->manufacturer;
}

std::optional<std::string_view> wmi_country(std::string_view wmi) noexcept {
  if (wmi.size() < 2) return std::nullopt;
  const char first = upper(wmi[0]);
  const auto second = iso3780_order.find(upper(wmi[1]));
  if (second == std::string_view::npos) return std::nullopt;
  for (const auto& r : country_ranges) {
    if (r.first != first) continue;
    if (second >= iso3780_order.find(r.from) && second <= iso3780_order.find(r.to))
      return r.country;
  }
  return std::nullopt;
}

std::span<const wmi_entry> known_wmis() noexcept {
  return wmi_table;
}

}  // namespace bayscan::protocols
