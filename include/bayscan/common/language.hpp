// The languages the product speaks to technicians and customers. Every user-facing text table
// (DTC descriptions, checklists, suggestions) is keyed by this one enum.
// Plain value type; thread-safe.
#ifndef BAYSCAN_COMMON_LANGUAGE_HPP
#define BAYSCAN_COMMON_LANGUAGE_HPP

#include <cstddef>
#include <optional>
#include <string_view>

namespace bayscan {

enum class language {
  en,     // English
  zh_tw,  // Traditional Chinese as used in Taiwanese workshops
};

// BCP 47 tag: "en", "zh-TW".
constexpr std::string_view to_string(language l) noexcept {
  return l == language::zh_tw ? std::string_view{"zh-TW"} : std::string_view{"en"};
}

// From a BCP 47 tag, case-insensitive, '-' or '_' ("zh-TW", "zh_tw", "en", "en-US").
// Only these two languages are known; anything else is nullopt.
constexpr std::optional<language> language_from_tag(std::string_view tag) noexcept {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  auto starts = [&](std::string_view prefix) {
    if (tag.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      char c = lower(tag[i]);
      if (c == '_') c = '-';
      if (c != prefix[i]) return false;
    }
    return tag.size() == prefix.size() || tag[prefix.size()] == '-' || tag[prefix.size()] == '_';
  };
  if (starts("zh-tw")) return language::zh_tw;
  if (starts("en")) return language::en;
  return std::nullopt;
}

}  // namespace bayscan

#endif
