// VIN parsing, check digit (49 CFR 565.15(c)), model-year code and WMI lookups.
// Replies are written as the ELM327 prints them (headers off) and turned into the bytes the
// J1979 layer hands to parse_vin.
#include <gtest/gtest.h>

#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/vin.hpp>
#include <bayscan/protocols/vin_model_year.hpp>
#include <bayscan/protocols/wmi.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bp = bayscan::protocols;
using namespace std::string_view_literals;

namespace {

// Data bytes of an ELM327 line after dropping the given number of leading bytes
// (service/InfoType/message-number echo), as characters.
std::string payload(std::string_view elm_line, std::size_t skip) {
  auto bytes = bayscan::parse_hex(elm_line);
  EXPECT_TRUE(bytes.has_value()) << elm_line;
  if (!bytes || bytes->size() < skip) return {};
  return std::string(bytes->begin() + static_cast<std::ptrdiff_t>(skip), bytes->end());
}

bp::vin_info parse_ok(std::string_view raw) {
  auto r = bp::parse_vin(raw);
  EXPECT_TRUE(r.has_value()) << (r.has_value() ? "" : r.error().message());
  return r.has_value() ? *r : bp::vin_info{};
}

bp::vin_parse_error parse_fails(std::string_view raw) {
  auto r = bp::parse_vin(raw);
  EXPECT_FALSE(r.has_value()) << "accepted " << raw;
  return r.has_value() ? bp::vin_parse_error{} : r.error();
}

}  // namespace

// --- check digit -------------------------------------------------------------------------

// Published vectors: the 49 CFR 565 example (remainder 10 -> 'X'), the sample calculation of the
// regulation's check-digit table (411 / 11 remainder 4), NHTSA's "Outline for New Manufacturer
// Information" example (314 / 11 remainder 6), and a Tesla VIN whose NHTSA vPIC decode reports
// "Check Digit (9th position) is correct".
TEST(VinCheckDigit, PublishedVectors) {
  EXPECT_EQ(bp::compute_check_digit("1M8GDM9AXKP042788"), 'X');
  EXPECT_EQ(bp::compute_check_digit("1G4AH59H45G118341"), '4');
  EXPECT_EQ(bp::compute_check_digit("1J9RP1A36A1644345"), '6');
  EXPECT_EQ(bp::compute_check_digit("5YJSA1H12FFP71790"), '2');
}

TEST(VinCheckDigit, AssignedValuesTable) {
  // 49 CFR 565.15(c): A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9, digits themselves.
  const std::string_view letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  const int values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
  for (std::size_t i = 0; i < letters.size(); ++i) {
    EXPECT_EQ(bp::vin_transliteration(letters[i]), values[i]) << letters[i];
    EXPECT_EQ(bp::vin_transliteration(static_cast<char>(letters[i] - 'A' + 'a')), values[i]);
  }
  for (char d = '0'; d <= '9'; ++d) EXPECT_EQ(bp::vin_transliteration(d), d - '0');
  for (char c : "IOQioq -*"sv) EXPECT_EQ(bp::vin_transliteration(c), -1) << c;
}

// Every weight except position 9's is non-zero modulo 11, so changing any one character's value
// must change the check digit; position 9 itself must not take part.
TEST(VinCheckDigit, EverySinglePositionCounts) {
  const std::string base = "1M8GDM9AXKP042788";
  for (std::size_t i = 0; i < base.size(); ++i) {
    std::string changed = base;
    changed[i] = bp::vin_transliteration(base[i]) == 1 ? '2' : '1';  // a different value
    if (i == 8)
      EXPECT_EQ(bp::compute_check_digit(changed), 'X') << "position 9 must have weight 0";
    else
      EXPECT_NE(bp::compute_check_digit(changed), 'X') << "position " << i + 1;
  }
}

TEST(VinCheckDigit, HelperForScenarioAuthors) {
  EXPECT_EQ(bp::compute_check_digit("1m8gdm9a?kp042788"), 'X');  // placeholder, lower case
  EXPECT_EQ(bp::with_check_digit("1m8gdm9a?kp042788"), "1M8GDM9AXKP042788");
  EXPECT_EQ(bp::with_check_digit("RKLBB9HE?X5012345"), "RKLBB9HE5X5012345");
  EXPECT_EQ(bp::compute_check_digit("1M8GDM9AXKP04278"), '\0');   // 16 characters
  EXPECT_EQ(bp::compute_check_digit("1M8GDM9AXKP04278O"), '\0');  // O is not a VIN character
  EXPECT_EQ(bp::with_check_digit("too short"), "");
}

// --- parsing -------------------------------------------------------------------------------

// CAN: one multi-frame answer; the J1979 layer strips "49 02 01" and hands over 17 bytes.
TEST(VinParse, CanReplyFromElm) {
  const auto raw = payload("49 02 01 31 4D 38 47 44 4D 39 41 58 4B 50 30 34 32 37 38 38", 3);
  const auto info = parse_ok(raw);
  EXPECT_EQ(info.vin, "1M8GDM9AXKP042788");
  EXPECT_TRUE(info.check_digit_valid);
  EXPECT_EQ(info.expected_check_digit, 'X');
  EXPECT_EQ(info.wmi(), "1M8");
  EXPECT_EQ(info.vds(), "GDM9AX");
  EXPECT_EQ(info.vis(), "KP042788");
}

// Legacy protocols: five messages 49 02 01..05 of four data bytes; the first starts with three
// 00 fill bytes (SAE J1979, InfoType 02 on non-CAN links).
TEST(VinParse, LegacyReplyWithLeadingZeroFill) {
  std::string raw;
  for (auto line : {"49 02 01 00 00 00 31"sv, "49 02 02 4D 38 47 44"sv, "49 02 03 4D 39 41 58"sv,
                    "49 02 04 4B 50 30 34"sv, "49 02 05 32 37 38 38"sv})
    raw += payload(line, 3);
  ASSERT_EQ(raw.size(), 20u);
  EXPECT_EQ(raw.substr(0, 3), std::string(3, '\0'));
  EXPECT_EQ(parse_ok(raw).vin, "1M8GDM9AXKP042788");
}

TEST(VinParse, TrimsOtherPaddingAndUpperCases) {
  EXPECT_EQ(parse_ok("  1m8gdm9axkp042788 \r\n").vin, "1M8GDM9AXKP042788");
  EXPECT_EQ(parse_ok("\xFF\xFF"
                     "1M8GDM9AXKP042788"
                     "\x00\x00"sv)
                .vin,
            "1M8GDM9AXKP042788");
  EXPECT_EQ(parse_ok("\t1M8GDM9AXKP042788\x7F").vin, "1M8GDM9AXKP042788");
}

TEST(VinParse, OnlyPaddingIsEmpty) {
  EXPECT_EQ(parse_fails(std::string(17, '\0')).code, bp::vin_error::empty);
  EXPECT_EQ(parse_fails("                 ").code, bp::vin_error::empty);
  EXPECT_EQ(parse_fails("").code, bp::vin_error::empty);
}

TEST(VinParse, WrongLengthNamesTheLength) {
  auto e = parse_fails("1M8GDM9AXKP04278");
  EXPECT_EQ(e.code, bp::vin_error::wrong_length);
  EXPECT_EQ(e.length, 16u);
  EXPECT_NE(e.message().find("16 characters"), std::string::npos) << e.message();

  e = parse_fails(
      "\0\0\0"
      "1M8GDM9AXKP0427880"sv);
  EXPECT_EQ(e.code, bp::vin_error::wrong_length);
  EXPECT_EQ(e.length, 18u);
}

TEST(VinParse, InvalidCharacterNamesPosition) {
  auto e = parse_fails("1M8GDM9AXKP04O788");
  EXPECT_EQ(e.code, bp::vin_error::invalid_character);
  EXPECT_EQ(e.position, 14u);
  EXPECT_EQ(e.character, 'O');
  EXPECT_NE(e.message().find("position 14"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("I, O and Q"), std::string::npos) << e.message();

  e = parse_fails("1i8GDM9AXKP042788");  // lower-case i is still an I
  EXPECT_EQ(e.position, 2u);
  EXPECT_EQ(e.character, 'i');
  EXPECT_NE(e.message().find("I, O and Q"), std::string::npos);

  // Position counts after the trimmed fill, like the VIN plate does.
  e = parse_fails(
      "\0\0\0"
      "1M8GDM9A-KP042788"sv);
  EXPECT_EQ(e.position, 9u);
  EXPECT_EQ(e.character, '-');

  // Interior fill is not trimmed: it is a broken reply.
  e = parse_fails("1M8GDM9A\0KP042788"sv);
  EXPECT_EQ(e.position, 9u);
  EXPECT_NE(e.message().find("byte 0x00"), std::string::npos) << e.message();
}

TEST(VinParse, ErrorCodeCategory) {
  const auto ec = parse_fails("SHORT").error_code();
  EXPECT_EQ(ec, bp::vin_error::wrong_length);
  EXPECT_STREQ(ec.category().name(), "bayscan.vin");
  EXPECT_FALSE(ec.message().empty());
  const bayscan::error_code direct = bp::vin_error::invalid_character;
  EXPECT_EQ(direct.category(), bp::vin_category());
}

TEST(VinParse, WrongCheckDigitIsReportedNotRejected) {
  const auto info = parse_ok("1M8GDM9A7KP042788");
  EXPECT_EQ(info.vin, "1M8GDM9A7KP042788");
  EXPECT_FALSE(info.check_digit_valid);
  EXPECT_EQ(info.expected_check_digit, 'X');
}

// European VINs fill unused positions with Z and carry no check digit (ISO 3779).
TEST(VinParse, EuropeanVinWithoutCheckDigit) {
  const auto info = parse_ok("WVWZZZ1JZ3W386752");
  EXPECT_FALSE(info.check_digit_valid);
  EXPECT_EQ(info.expected_check_digit, '9');
  EXPECT_EQ(info.manufacturer, "Volkswagen");
  EXPECT_EQ(info.country, "Germany");
  EXPECT_EQ(info.model_year_code, '3');
  ASSERT_TRUE(info.model_year_candidates);
  EXPECT_EQ((*info.model_year_candidates)[0], 2003);
}

// --- model year ----------------------------------------------------------------------------

TEST(VinModelYear, CodeTableBothCycles) {
  struct row {
    char code;
    int earlier;
  };
  for (auto [code, year] : {row{'A', 1980}, row{'H', 1987}, row{'J', 1988}, row{'N', 1992},
                            row{'P', 1993}, row{'R', 1994}, row{'T', 1996}, row{'V', 1997},
                            row{'Y', 2000}, row{'1', 2001}, row{'9', 2009}, row{'k', 1989}}) {
    const auto c = bp::model_year_candidates(code);
    ASSERT_TRUE(c) << code;
    EXPECT_EQ((*c)[0], year) << code;
    EXPECT_EQ((*c)[1], year + 30) << code;
  }
  for (char bad : "IOQUZ0-"sv) EXPECT_FALSE(bp::model_year_candidates(bad)) << bad;

  // 30 codes, 30 distinct years 1980..2009.
  std::set<int> years;
  for (char c : "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"sv)
    if (auto y = bp::model_year_candidates(c)) years.insert((*y)[0]);
  EXPECT_EQ(years.size(), 30u);
  EXPECT_EQ(*years.begin(), 1980);
  EXPECT_EQ(*years.rbegin(), 2009);
}

TEST(VinModelYear, ParseFillsCandidates) {
  const auto info = parse_ok("1M8GDM9AXKP042788");
  EXPECT_EQ(info.model_year_code, 'K');
  ASSERT_TRUE(info.model_year_candidates);
  EXPECT_EQ(*info.model_year_candidates, (std::array<int, 2>{1989, 2019}));

  // Position 10 '0': a valid VIN character but no model-year code.
  const auto no_year = parse_ok(bp::with_check_digit("WDB21101?0A123456"));
  EXPECT_EQ(no_year.model_year_code, '0');
  EXPECT_FALSE(no_year.model_year_candidates);
}

TEST(VinModelYear, NorthAmericanPosition7Rule) {
  // Position 7 'H' (alphabetic): 2010-2039 half of the cycle.
  auto r = bp::resolve_model_year(parse_ok("5YJSA1H12FFP71790"), {});
  EXPECT_EQ(r.model_year, 2015);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::high);
  EXPECT_NE(r.reason.find("position 7"), std::string::npos) << r.reason;

  // Position 7 '9' (numeric): 1980-2009.
  r = bp::resolve_model_year(parse_ok("1M8GDM9AXKP042788"), {});
  EXPECT_EQ(r.model_year, 1989);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::high);

  // A caller who knows the VIN does not follow 49 CFR 565 switches the rule off.
  bp::model_year_hints hints;
  hints.follows_49cfr565 = false;
  r = bp::resolve_model_year(parse_ok("1M8GDM9AXKP042788"), hints);
  EXPECT_FALSE(r.model_year);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::none);
}

TEST(VinModelYear, HardBoundsMakeItCertain) {
  bp::model_year_hints hints;
  hints.current_year = 2026;
  hints.answered_obd2 = true;
  // 'F': 1985 predates OBD-II.
  auto r = bp::resolve_model_year(parse_ok("5YJSA1H12FFP71790"), hints);
  EXPECT_EQ(r.model_year, 2015);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::certain);
  EXPECT_EQ(r.possible, (std::array<bool, 2>{false, true}));

  // 'W': 2028 is after next year.
  r = bp::resolve_model_year(parse_ok(bp::with_check_digit("JTDKB20U?W0012345")), hints);
  EXPECT_EQ(r.model_year, 1998);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::certain);
  EXPECT_NE(r.reason.find("2028"), std::string::npos) << r.reason;
}

// A Japanese-built car (no 49 CFR 565 position-7 rule) with code 'S': 1995 or 2025.
TEST(VinModelYear, ObdFactsDecideAmbiguousCodes) {
  const auto vin = parse_ok(bp::with_check_digit("JTDKB20U?S0012345"));
  bp::model_year_hints hints;
  hints.current_year = 2026;
  hints.answered_obd2 = true;

  auto r = bp::resolve_model_year(vin, hints);
  EXPECT_FALSE(r.model_year);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::none);
  EXPECT_EQ(r.candidates, (std::array<int, 2>{1995, 2025}));
  EXPECT_NE(r.reason.find("1995 or 2025"), std::string::npos) << r.reason;

  auto can = hints;
  can.protocol = bp::obd_protocol::can11_500;
  r = bp::resolve_model_year(vin, can);
  EXPECT_EQ(r.model_year, 2025);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::certain);

  auto legacy = hints;
  legacy.protocol = bp::obd_protocol::iso9141_2;
  r = bp::resolve_model_year(vin, legacy);
  EXPECT_EQ(r.model_year, 1995);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::medium);

  auto odometer = hints;
  odometer.supports_pid_a6 = true;
  r = bp::resolve_model_year(vin, odometer);
  EXPECT_EQ(r.model_year, 2025);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::high);

  // PID A6 (strong) against a legacy link (medium): the later year, but only 'low'.
  auto conflict = legacy;
  conflict.supports_pid_a6 = true;
  r = bp::resolve_model_year(vin, conflict);
  EXPECT_EQ(r.model_year, 2025);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::low);

  // The caller may declare a US-market import follows 49 CFR 565: position 7 '0' is numeric.
  auto us_market = hints;
  us_market.follows_49cfr565 = true;
  r = bp::resolve_model_year(vin, us_market);
  EXPECT_EQ(r.model_year, 1995);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::high);
}

TEST(VinModelYear, ContradictoryHintsLeaveItOpen) {
  bp::model_year_hints hints;
  hints.current_year = 2000;                     // wrong clock: 2024 is "in the future"
  hints.protocol = bp::obd_protocol::can29_500;  // and 1994 is too early for CAN
  const auto r = bp::resolve_model_year(parse_ok(bp::with_check_digit("JTDKB20U?R0012345")), hints);
  EXPECT_FALSE(r.model_year);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::none);
  EXPECT_EQ(r.possible, (std::array<bool, 2>{false, false}));
  EXPECT_NE(r.reason.find("neither"), std::string::npos) << r.reason;
}

TEST(VinModelYear, NoYearCode) {
  const auto r = bp::resolve_model_year(parse_ok(bp::with_check_digit("WDB21101?0A123456")), {});
  EXPECT_FALSE(r.model_year);
  EXPECT_EQ(r.confidence, bp::model_year_confidence::none);
  EXPECT_NE(r.reason.find("position 10"), std::string::npos) << r.reason;
  EXPECT_EQ(bp::to_string(r.confidence), "none");
}

// --- WMI -----------------------------------------------------------------------------------

TEST(Wmi, TableIsSortedUniqueAndWellFormed) {
  const auto all = bp::known_wmis();
  ASSERT_FALSE(all.empty());
  for (std::size_t i = 0; i < all.size(); ++i) {
    ASSERT_EQ(all[i].wmi.size(), 3u);
    for (char c : all[i].wmi) EXPECT_TRUE(bp::is_vin_character(c)) << all[i].wmi;
    EXPECT_FALSE(all[i].manufacturer.empty());
    EXPECT_TRUE(bp::wmi_country(all[i].wmi)) << all[i].wmi << " has no country range";
    if (i > 0) {
      EXPECT_LT(all[i - 1].wmi, all[i].wmi);
    }
    EXPECT_EQ(bp::wmi_manufacturer(all[i].wmi), all[i].manufacturer);
  }
}

TEST(Wmi, MakesSoldInTaiwan) {
  struct row {
    std::string_view wmi, manufacturer, country;
  };
  for (const auto& r : {
           row{"JTD", "Toyota", "Japan"},
           row{"JTH", "Lexus", "Japan"},
           row{"MR0", "Toyota", "Thailand"},
           row{"4T1", "Toyota", "United States"},
           row{"JHM", "Honda", "Japan"},
           row{"MRH", "Honda", "Thailand"},
           row{"JN1", "Nissan", "Japan"},
           row{"MNT", "Nissan", "Thailand"},
           row{"JMB", "Mitsubishi", "Japan"},
           row{"MMB", "Mitsubishi", "Thailand"},
           row{"JM1", "Mazda", "Japan"},
           row{"MM0", "Mazda", "Thailand"},
           row{"WF0", "Ford", "Germany"},
           row{"6FP", "Ford", "Australia"},
           row{"MNB", "Ford", "Thailand"},
           row{"3FA", "Ford", "Mexico"},
           row{"KMH", "Hyundai", "South Korea"},
           row{"5NP", "Hyundai", "United States"},
           row{"KNA", "Kia", "South Korea"},
           row{"5XY", "Kia", "United States"},
           row{"WBA", "BMW", "Germany"},
           row{"5UX", "BMW", "United States"},
           row{"WMW", "MINI", "Germany"},
           row{"W1K", "Mercedes-Benz", "Germany"},
           row{"4JG", "Mercedes-Benz", "United States"},
           row{"WVW", "Volkswagen", "Germany"},
           row{"3VW", "Volkswagen", "Mexico"},
           row{"WAU", "Audi", "Germany"},
           row{"TRU", "Audi", "Hungary"},
           row{"TMB", "Skoda", "Czech Republic"},
           row{"YV1", "Volvo", "Sweden"},
           row{"LYV", "Volvo", "China"},
           row{"WP0", "Porsche", "Germany"},
           row{"JF1", "Subaru", "Japan"},
           row{"MA3", "Suzuki (Maruti Suzuki, India)", "India"},
           row{"5YJ", "Tesla", "United States"},
           row{"7SA", "Tesla", "United States"},
           row{"LRW", "Tesla", "China"},
           row{"XP7", "Tesla", "Netherlands"},
       }) {
    EXPECT_EQ(bp::wmi_manufacturer(r.wmi), r.manufacturer) << r.wmi;
    EXPECT_EQ(bp::wmi_country(r.wmi), r.country) << r.wmi;
  }
}

TEST(Wmi, TaiwanAssembled) {
  EXPECT_EQ(bp::wmi_manufacturer("RKL"), "Toyota (Kuozui Motors, Taiwan)");
  EXPECT_EQ(bp::wmi_manufacturer("RKT"), "Honda (Honda Taiwan)");
  EXPECT_EQ(bp::wmi_manufacturer("RHA"), "Ford (Ford Lio Ho, Taiwan)");
  EXPECT_EQ(bp::wmi_manufacturer("RKM"), "China Motor Corporation (Taiwan)");
  EXPECT_EQ(bp::wmi_manufacturer("RF5"), "Yulon Motor (Taiwan)");
  for (auto wmi : {"RFA"sv, "RGZ"sv, "RHA"sv, "RJ0"sv, "RKL"sv})
    EXPECT_EQ(bp::wmi_country(wmi), "Taiwan") << wmi;
  EXPECT_EQ(bp::wmi_country("RLA"), std::nullopt);  // Vietnam: outside our table

  const auto info = parse_ok(bp::with_check_digit("rklbb9he?x5012345"));
  EXPECT_TRUE(info.check_digit_valid);
  EXPECT_EQ(info.manufacturer, "Toyota (Kuozui Motors, Taiwan)");
  EXPECT_EQ(info.country, "Taiwan");
}

TEST(Wmi, UnknownAndLookalikes) {
  EXPECT_EQ(bp::wmi_manufacturer("KNM"), "Renault Samsung Motors");  // not Kia
  EXPECT_EQ(bp::wmi_manufacturer("ZZZ"), std::nullopt);
  EXPECT_EQ(bp::wmi_manufacturer("JT"), std::nullopt);
  EXPECT_EQ(bp::wmi_manufacturer("jtd"), "Toyota");
  EXPECT_EQ(bp::wmi_manufacturer("JTDKB20U703012345"), "Toyota");  // a whole VIN works too
  EXPECT_EQ(bp::wmi_country("7A1"), std::nullopt);  // New Zealand plants: not in our ranges
  EXPECT_EQ(bp::wmi_country("1"), std::nullopt);
  EXPECT_EQ(bp::wmi_country("1I"), std::nullopt);
  EXPECT_EQ(bp::wmi_country("20"), std::nullopt);  // Canada stops at 2-5
}
