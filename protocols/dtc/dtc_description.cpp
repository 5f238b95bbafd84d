#include <bayscan/protocols/dtc_description.hpp>

#include "dtc/dtc_descriptions_data.hpp"

#include <algorithm>
#include <vector>

namespace bayscan::protocols {

namespace {

std::string_view next_field(std::string_view& line) {
  const auto tab = line.find('\t');
  std::string_view field = line.substr(0, tab);
  line = tab == std::string_view::npos ? std::string_view{} : line.substr(tab + 1);
  return field;
}

// Parses the embedded TSV once. Rows whose code does not parse are skipped rather than trusted;
// tests/protocols/test_dtc.cpp checks the file itself so such a row never ships silently.
// On duplicate codes the first row wins (stable sort), and the test rejects duplicates too.
std::vector<dtc_description_entry> build_table() {
  std::vector<dtc_description_entry> rows;
  rows.reserve(4096);
  std::string_view rest = detail::dtc_descriptions_tsv;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string_view code_text = next_field(line);
    const auto code = parse_dtc(code_text);
    if (!code) continue;  // also skips the header row "code\ten\tzh_tw"
    const std::string_view en = next_field(line);
    const std::string_view zh = next_field(line);
    rows.push_back({*code, en, zh});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.code < b.code; });
  rows.erase(std::unique(rows.begin(), rows.end(),
                         [](const auto& a, const auto& b) { return a.code == b.code; }),
             rows.end());
  return rows;
}

const std::vector<dtc_description_entry>& table() {
  static const std::vector<dtc_description_entry> rows = build_table();  // thread-safe init
  return rows;
}

const dtc_description_entry* find(dtc code) {
  const auto& rows = table();
  const auto it = std::lower_bound(rows.begin(), rows.end(), code,
                                   [](const auto& row, dtc c) { return row.code < c; });
  return it != rows.end() && it->code == code ? &*it : nullptr;
}

// "P1xxx", or the exact span for the split P3 range.
std::string manufacturer_range(dtc code) {
  if (code.system() == dtc_system::powertrain && code.first_digit() == 3) return "P3000-P33FF";
  std::string range = "?0xxx";
  range[0] = system_letter(code.system());
  range[1] = static_cast<char>('0' + code.first_digit());
  return range;
}

}  // namespace

std::span<const dtc_description_entry> dtc_description_table() { return table(); }

std::optional<std::string_view> describe(dtc code, language lang) {
  const auto* row = find(code);
  if (row == nullptr) return std::nullopt;
  const std::string_view text = lang == language::zh_tw ? row->zh_tw : row->en;
  if (text.empty()) return std::nullopt;
  return text;
}

std::string description_or_category(dtc code, language lang) {
  const bool zh = lang == language::zh_tw;
  if (code.is_no_code()) {
    return zh ? "無故障碼（00 00 填充位元組）" : "No code (00 00 padding)";
  }
  if (const auto text = describe(code, lang)) return std::string{*text};
  // An untranslated row: the SAE meaning in English beats saying nothing.
  if (const auto text = describe(code, language::en)) return std::string{*text};
  if (code.owner() == dtc_owner::manufacturer) {
    const std::string range = manufacturer_range(code);
    return zh ? "原廠自訂故障碼（" + range + "），請查閱原廠維修資料"
              : "Manufacturer-specific code (" + range +
                    "): see the manufacturer's service information";
  }
  return zh ? "SAE 定義的故障碼，無可用說明" : "SAE-defined code, no description available";
}

}  // namespace bayscan::protocols
