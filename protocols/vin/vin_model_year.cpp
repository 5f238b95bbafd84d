#include <bayscan/protocols/vin_model_year.hpp>
#include <string>

namespace bayscan::protocols {

namespace {

// Position-10 codes in cycle order (49 CFR 565.15(d) year-code table): the letters without
// I, O, Q, U, Z give 1980..2000, the digits 1..9 give 2001..2009; the cycle repeats 30 years on.
constexpr std::string_view year_codes = "ABCDEFGHJKLMNPRSTVWXY123456789";
constexpr int first_cycle_start = 1980;
constexpr int cycle_years = 30;

// Hard floors (see the header comment for the reasoning).
constexpr int earliest_obd2_model_year = 1994;
constexpr int earliest_can_obd_model_year = 2001;

// Evidence weights.
constexpr int strong = 2;
constexpr int medium = 1;

struct vote_tally {
  int later = 0;
  int earlier = 0;
  bool strong_vote = false;
  std::string evidence;

  void add(bool for_later, int weight, std::string_view why) {
    (for_later ? later : earlier) += weight;
    if (weight >= strong) strong_vote = true;
    if (!evidence.empty()) evidence += "; ";
    evidence += why;
  }
};

bool north_american_wmi(std::string_view vin) noexcept {
  // ISO 3780 allocation: '1'-'5' are the United States, Canada and Mexico.
  return !vin.empty() && vin.front() >= '1' && vin.front() <= '5';
}

std::string year_pair(const std::array<int, 2>& c) {
  return std::to_string(c[0]) + " or " + std::to_string(c[1]);
}

}  // namespace

std::string_view to_string(model_year_confidence c) noexcept {
  switch (c) {
    case model_year_confidence::none:
      return "none";
    case model_year_confidence::low:
      return "low";
    case model_year_confidence::medium:
      return "medium";
    case model_year_confidence::high:
      return "high";
    case model_year_confidence::certain:
      return "certain";
  }
  return "none";
}

std::optional<std::array<int, 2>> model_year_candidates(char code) noexcept {
  if (code >= 'a' && code <= 'z') code = static_cast<char>(code - 'a' + 'A');
  const auto index = year_codes.find(code);
  if (code == '\0' || index == std::string_view::npos) return std::nullopt;
  const int earlier = first_cycle_start + static_cast<int>(index);
  return std::array<int, 2>{earlier, earlier + cycle_years};
}

model_year_resolution resolve_model_year(const vin_info& vin, const model_year_hints& hints) {
  model_year_resolution out;
  if (!vin.model_year_candidates) {
    out.reason = "VIN position 10 '" + std::string(1, vin.model_year_code) +
                 "' is not a model-year code (optional outside North America, ISO 3779)";
    return out;
  }
  out.candidates = *vin.model_year_candidates;

  // Step 1: hard bounds.
  std::string excluded;
  for (std::size_t i = 0; i < 2; ++i) {
    const int year = out.candidates[i];
    std::string_view why;
    if (hints.current_year && year > *hints.current_year + 1)
      why = "after next year";
    else if (hints.protocol && is_can(*hints.protocol) && year < earliest_can_obd_model_year)
      why = "too early for CAN OBD (ISO 15765-4)";
    else if (hints.answered_obd2 && year < earliest_obd2_model_year)
      why = "too early for OBD-II";
    out.possible[i] = why.empty();
    if (!why.empty()) {
      if (!excluded.empty()) excluded += ", ";
      excluded += std::to_string(year) + " " + std::string(why);
    }
  }

  if (out.possible[0] != out.possible[1]) {
    const std::size_t pick = out.possible[0] ? 0 : 1;
    out.model_year = out.candidates[pick];
    out.confidence = model_year_confidence::certain;
    out.reason = "model year " + std::to_string(*out.model_year) + " (" + excluded + ")";
    return out;
  }
  if (!out.possible[0]) {
    out.reason = "neither " + year_pair(out.candidates) + " fits the scan (" + excluded + ")";
    return out;
  }

  // Step 2: evidence.
  vote_tally tally;
  const bool applies_565 = hints.follows_49cfr565.value_or(north_american_wmi(vin.vin));
  if (applies_565 && vin.vin.size() >= 7) {
    const char seventh = vin.vin[6];
    const bool alphabetic = seventh >= 'A' && seventh <= 'Z';
    tally.add(alphabetic, strong,
              alphabetic ? "position 7 alphabetic means 2010-2039 (49 CFR 565.15)"
                         : "position 7 numeric means 1980-2009 (49 CFR 565.15)");
  }
  if (hints.supports_pid_a6.value_or(false))
    tally.add(true, strong, "supports PID A6 odometer (MY2019+ mostly)");
  if (hints.protocol && is_legacy(*hints.protocol))
    tally.add(false, medium, "legacy OBD protocol (pre-CAN era)");

  if (tally.later == tally.earlier) {
    out.reason = "ambiguous model year " + year_pair(out.candidates) +
                 (tally.evidence.empty() ? ": no evidence"
                                         : ": evidence conflicts (" + tally.evidence + ")");
    return out;
  }
  const bool later = tally.later > tally.earlier;
  out.model_year = out.candidates[later ? 1 : 0];
  const bool agreeing = tally.later == 0 || tally.earlier == 0;
  out.confidence = !agreeing           ? model_year_confidence::low
                   : tally.strong_vote ? model_year_confidence::high
                                       : model_year_confidence::medium;
  out.reason = "model year " + std::to_string(*out.model_year) + " rather than " +
               std::to_string(out.candidates[later ? 0 : 1]) + ": " + tally.evidence;
  return out;
}

}  // namespace bayscan::protocols
