// Choosing the model year from the two candidates of the VIN position-10 code
// (the code repeats every 30 years: 'F' is 1985 or 2015), using what the intake scan
// learned about the car.
//
// Resolution, in order:
//  1. Hard bounds remove impossible candidates:
//     - later than current_year + 1 (a model year goes on sale at most one calendar year early;
//       49 CFR 565 defines a model year as a production period under 24 months);
//     - earlier than 1994 when the car answered OBD-II at all (SAE J1979 / OBD-II is mandatory
//       in the US from model year 1996; a few 1994-95 models were early adopters);
//     - earlier than 2001 when the OBD link is ISO 15765-4 CAN (the standard was published in
//       2001; CAN OBD appears from about MY2003 and is mandatory in the US from MY2008).
//     One survivor: confidence 'certain'.
//  2. With both still possible, evidence votes:
//     - VIN position 7 (49 CFR 565.15(b), rule of the 2008 amendment, 73 FR 23367): for
//       passenger cars, MPVs and trucks up to 10,000 lb GVWR, numeric means 1980-2009 and
//       alphabetic means 2010-2039. Applied to VINs whose WMI is North American ('1'-'5') or
//       when the caller says the VIN follows 49 CFR 565; other VINs do not follow it. Strong.
//     - Service 01 PID A6 (odometer) supported: the PID was added to SAE J1979 in the 2010s
//       and answers mostly on MY2019+ cars. Strong, for the later candidate.
//     - A legacy OBD link (J1850, ISO 9141-2, KWP2000): CAN replaced them on new models from
//       the mid-2000s (US MY2008). Medium, for the earlier candidate.
//     Agreeing evidence gives 'high' (any strong vote) or 'medium'; disagreeing evidence picks
//     the side with more weight at 'low'; no evidence (or a tie) leaves the year unresolved.
//
// Pure function; thread-safe.
#ifndef BAYSCAN_PROTOCOLS_VIN_MODEL_YEAR_HPP
#define BAYSCAN_PROTOCOLS_VIN_MODEL_YEAR_HPP

#include <array>
#include <bayscan/protocols/obd_protocol.hpp>
#include <bayscan/protocols/vin.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace bayscan::protocols {

struct model_year_hints {
  std::optional<int> current_year;       // calendar year of the scan (passed in: no clock here)
  bool answered_obd2 = false;            // the car answered an SAE J1979 request
  std::optional<obd_protocol> protocol;  // the OBD link protocol in use (ATDPN)
  std::optional<bool> supports_pid_a6;   // PID A6 set in the service 01 PID A1 bitmap
  std::optional<bool> follows_49cfr565;  // nullopt: infer from the WMI (built in North America)
};

enum class model_year_confidence { none, low, medium, high, certain };

std::string_view to_string(model_year_confidence c) noexcept;

struct model_year_resolution {
  std::optional<int> model_year;  // nullopt when unresolved or no year code
  model_year_confidence confidence = model_year_confidence::none;
  std::array<int, 2> candidates{};  // earlier, later (both 0 without a year code)
  std::array<bool, 2> possible{};   // survived the hard bounds of step 1
  std::string reason;               // one sentence for the report's warnings / logs
};

// The model year the VIN's position-10 code and the hints support (see the header comment).
model_year_resolution resolve_model_year(const vin_info& vin, const model_year_hints& hints);

// The two years a position-10 code stands for (earlier first), or nullopt for a character that
// is not a model-year code (I, O, Q, U, Z, 0 and non-VIN characters). Case-insensitive.
std::optional<std::array<int, 2>> model_year_candidates(char code) noexcept;

}  // namespace bayscan::protocols

#endif
