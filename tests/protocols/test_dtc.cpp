// DTC codec (SAE J2012 / J1979 two-byte layout), status, and the description table.
#include <bayscan/common/bytes.hpp>
#include <bayscan/protocols/dtc.hpp>
#include <bayscan/protocols/dtc_description.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace bayscan;
using namespace bayscan::protocols;

// Splits the data bytes of a service 03/07/0A reply into codes, as the j1979 codec will.
std::vector<dtc> codes_in(std::string_view hex_reply, std::size_t skip) {
  const auto bytes = parse_hex(hex_reply);
  EXPECT_TRUE(bytes.has_value());
  std::vector<dtc> out;
  for (std::size_t i = skip; bytes && i + 1 < bytes->size(); i += 2) {
    out.push_back(dtc::from_bytes((*bytes)[i], (*bytes)[i + 1]));
  }
  return out;
}

// First in the file so it is the first use in this process: the table is built by whichever
// thread gets there first, and everyone sees the same storage.
TEST(DtcDescription, ConcurrentFirstUseBuildsOneTable) {
  std::vector<const char*> seen(4, nullptr);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&seen, t] {
      const auto text = describe(dtc{0x0301}, language::en);
      seen[t] = text ? text->data() : nullptr;
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_NE(seen[0], nullptr);
  for (const char* p : seen) EXPECT_EQ(p, seen[0]);
}

// ------------------------------------------------------------------------------------------
// Codec: SAE J1979 service 03 byte layout, SAE J2012 5.1 character mapping.

TEST(DtcCodec, VectorsForAllFourSystems) {
  struct vec {
    std::uint8_t a, b;
    const char* text;
    dtc_system sys;
  };
  const vec vectors[] = {
      {0x03, 0x01, "P0301", dtc_system::powertrain},  // 00 00 0011 | 0000 0001
      {0x01, 0x71, "P0171", dtc_system::powertrain},
      {0x04, 0x20, "P0420", dtc_system::powertrain},
      {0x14, 0x55, "P1455", dtc_system::powertrain},  // first digit 1: bits 5-4 = 01
      {0x2A, 0xBC, "P2ABC", dtc_system::powertrain},  // hex digits above 9
      {0x34, 0x00, "P3400", dtc_system::powertrain},
      {0x41, 0x23, "C0123", dtc_system::chassis},     // bits 7-6 = 01
      {0x7F, 0xFF, "C3FFF", dtc_system::chassis},
      {0x81, 0x00, "B0100", dtc_system::body},        // bits 7-6 = 10
      {0x92, 0x34, "B1234", dtc_system::body},
      {0xC1, 0x00, "U0100", dtc_system::network},     // bits 7-6 = 11
      {0xE3, 0x00, "U2300", dtc_system::network},     // 11 10 0011: U, first digit 2, second 3
      {0xFF, 0xFF, "U3FFF", dtc_system::network},
      {0x00, 0x00, "P0000", dtc_system::powertrain},
  };
  for (const auto& v : vectors) {
    const dtc code = dtc::from_bytes(v.a, v.b);
    EXPECT_EQ(code.to_string(), v.text);
    EXPECT_EQ(code.system(), v.sys) << v.text;
    EXPECT_EQ(code.high_byte(), v.a);
    EXPECT_EQ(code.low_byte(), v.b);
    EXPECT_EQ(system_letter(code.system()), v.text[0]);
    EXPECT_EQ(code.first_digit(), static_cast<unsigned>(v.text[1] - '0'));
  }
  EXPECT_EQ(dtc::from_bytes(0x03, 0x01).low_digits(), 0x301u);
}

TEST(DtcCodec, CanServiceThreeReplyCarriesCountThenCodes) {
  // ISO 15765-4: "43 02 03 01 01 71" = 2 stored codes, P0301 and P0171.
  const auto codes = codes_in("43 02 03 01 01 71", 2);
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].to_string(), "P0301");
  EXPECT_EQ(codes[1].to_string(), "P0171");
  EXPECT_FALSE(codes[0].is_no_code());
}

TEST(DtcCodec, LegacyReplyPadsUnusedSlotsWithNoCode) {
  // ISO 9141-2 / J1850: three slots per message, unused ones 00 00 ("43 01 33 00 00 00 00").
  const auto codes = codes_in("43 01 33 00 00 00 00", 1);
  ASSERT_EQ(codes.size(), 3u);
  EXPECT_EQ(codes[0].to_string(), "P0133");
  EXPECT_FALSE(codes[0].is_no_code());
  EXPECT_TRUE(codes[1].is_no_code());
  EXPECT_TRUE(codes[2].is_no_code());
}

TEST(DtcCodec, RoundTripOverAll65536Values) {
  for (unsigned raw = 0; raw <= 0xFFFF; ++raw) {
    const dtc code{static_cast<std::uint16_t>(raw)};
    const std::string text = code.to_string();
    ASSERT_EQ(text.size(), 5u);
    const auto back = parse_dtc(text);
    ASSERT_TRUE(back) << text;
    ASSERT_EQ(back->raw, raw) << text;
    ASSERT_EQ(dtc::from_bytes(code.high_byte(), code.low_byte()), code);
  }
}

TEST(DtcParse, AcceptsCanonicalAndLowerCase) {
  EXPECT_EQ(parse_dtc("P0301")->raw, 0x0301);
  EXPECT_EQ(parse_dtc("p0301")->raw, 0x0301);
  EXPECT_EQ(parse_dtc("u2300")->raw, 0xE300);
  EXPECT_EQ(parse_dtc("C0123")->raw, 0x4123);
  EXPECT_EQ(parse_dtc("b0100")->raw, 0x8100);
  EXPECT_EQ(parse_dtc("P2abc")->to_string(), "P2ABC");
}

TEST(DtcParse, ErrorsNameWhatWasWrong) {
  struct bad {
    const char* text;
    dtc_error error;
  };
  const bad cases[] = {
      {"", dtc_error::bad_length},
      {"P030", dtc_error::bad_length},
      {"P03011", dtc_error::bad_length},
      {" P0301", dtc_error::bad_length},
      {"X0301", dtc_error::bad_system_letter},
      {"00301", dtc_error::bad_system_letter},
      {"P4301", dtc_error::bad_first_digit},  // only two bits for the first digit
      {"PA301", dtc_error::bad_first_digit},
      {"PG301", dtc_error::non_hex_digit},
      {"P03G1", dtc_error::non_hex_digit},
      {"P030-", dtc_error::non_hex_digit},
  };
  for (const auto& c : cases) {
    const auto r = parse_dtc(c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error(), make_error_code(c.error)) << c.text;
    EXPECT_STREQ(r.error().category().name(), "bayscan.dtc");
  }
  EXPECT_NE(make_error_code(dtc_error::bad_system_letter).message().find("P, C, B or U"),
            std::string::npos);
  EXPECT_NE(make_error_code(dtc_error::bad_length).message().find("five"), std::string::npos);
  EXPECT_NE(make_error_code(dtc_error::non_hex_digit).message().find("hex"), std::string::npos);
}

// SAE J2012 5.4 - 5.7 code ownership.
TEST(DtcCodec, GenericVersusManufacturerRanges) {
  const std::pair<const char*, bool> cases[] = {
      {"P0301", true},  {"P0A80", true},  {"P1234", false}, {"P1FFF", false}, {"P2101", true},
      {"P2FFF", true},  {"P3000", false}, {"P33FF", false}, {"P3400", true},  {"P34FF", true},
      {"P3500", true},  {"P3FFF", true},  {"C0035", true},  {"C1234", false}, {"C2000", false},
      {"C3000", true},  {"B0001", true},  {"B1000", false}, {"B2FFF", false}, {"B3000", true},
      {"U0100", true},  {"U1000", false}, {"U2300", false}, {"U3000", true},
  };
  for (const auto& [text, generic] : cases) {
    const auto code = parse_dtc(text);
    ASSERT_TRUE(code) << text;
    EXPECT_EQ(code->is_generic(), generic) << text;
    EXPECT_EQ(code->owner() == dtc_owner::manufacturer, !generic) << text;
  }
}

TEST(DtcStatus, NamesAndServices) {
  EXPECT_EQ(to_string(dtc_status::stored), "stored");
  EXPECT_EQ(to_string(dtc_status::pending), "pending");
  EXPECT_EQ(to_string(dtc_status::permanent), "permanent");
  EXPECT_EQ(reading_service(dtc_status::stored), 0x03);
  EXPECT_EQ(reading_service(dtc_status::pending), 0x07);
  EXPECT_EQ(reading_service(dtc_status::permanent), 0x0A);
  for (auto s : {dtc_status::stored, dtc_status::pending, dtc_status::permanent}) {
    EXPECT_EQ(dtc_status_from_string(to_string(s)), s);
    EXPECT_EQ(status_for_service(reading_service(s)), s);
    EXPECT_EQ(status_for_service(static_cast<std::uint8_t>(reading_service(s) + 0x40)), s);
  }
  EXPECT_FALSE(dtc_status_from_string("Stored"));
  EXPECT_FALSE(status_for_service(0x04));  // clear codes: not a DTC list
}

// ------------------------------------------------------------------------------------------
// Description table.

std::string text_of(dtc code, language lang) {
  const auto t = describe(code, lang);
  return t ? std::string{*t} : std::string{"<none>"};
}

TEST(DtcDescription, J2012WordingForCommonCodes) {
  EXPECT_EQ(text_of(dtc{0x0301}, language::en), "Cylinder 1 Misfire Detected");
  EXPECT_EQ(text_of(dtc{0x0171}, language::en), "System Too Lean (Bank 1)");
  EXPECT_EQ(text_of(dtc{0x0420}, language::en), "Catalyst System Efficiency Below Threshold (Bank 1)");
  EXPECT_EQ(text_of(dtc{0x0128}, language::en),
            "Coolant Thermostat (Coolant Temperature Below Thermostat Regulating Temperature)");
  EXPECT_EQ(text_of(*parse_dtc("U0100"), language::en), "Lost Communication With ECM/PCM \"A\"");
  EXPECT_EQ(text_of(*parse_dtc("U0121"), language::en),
            "Lost Communication With Anti-Lock Brake System (ABS) Control Module");
  EXPECT_EQ(text_of(dtc{0x0136}, language::en), "O2 Sensor Circuit (Bank 1 Sensor 2)");
  EXPECT_EQ(text_of(dtc{0x0155}, language::en), "O2 Sensor Heater Circuit (Bank 2 Sensor 1)");
  EXPECT_EQ(text_of(dtc{0x0362}, language::en), "Ignition Coil \"L\" Primary/Secondary Circuit");
  EXPECT_EQ(text_of(dtc{0x0296}, language::en), "Cylinder 12 Contribution/Balance");
  EXPECT_EQ(text_of(*parse_dtc("P3425"), language::en),
            "Cylinder 4 Deactivation/Intake Valve Control Circuit/Open");
  EXPECT_EQ(text_of(dtc{0x0301}, language::zh_tw), "偵測到第1缸失火");
  EXPECT_EQ(text_of(*parse_dtc("U0100"), language::zh_tw), "失去與引擎/動力控制模組（ECM/PCM）A的通訊");
}

TEST(DtcDescription, HonestTextWhenTheTableHasNone) {
  const auto p1 = *parse_dtc("P1234");
  EXPECT_FALSE(describe(p1, language::en));
  EXPECT_EQ(description_or_category(p1, language::en),
            "Manufacturer-specific code (P1xxx): see the manufacturer's service information");
  EXPECT_EQ(description_or_category(p1, language::zh_tw), "原廠自訂故障碼（P1xxx），請查閱原廠維修資料");
  EXPECT_NE(description_or_category(*parse_dtc("P3105"), language::en).find("P3000-P33FF"),
            std::string::npos);
  EXPECT_NE(description_or_category(*parse_dtc("U2300"), language::en).find("U2xxx"),
            std::string::npos);
  EXPECT_NE(description_or_category(*parse_dtc("B1001"), language::zh_tw).find("B1xxx"),
            std::string::npos);

  const auto unknown_sae = *parse_dtc("P3FFF");  // SAE range, reserved, no text
  EXPECT_EQ(description_or_category(unknown_sae, language::en),
            "SAE-defined code, no description available");
  EXPECT_EQ(description_or_category(unknown_sae, language::zh_tw), "SAE 定義的故障碼，無可用說明");

  EXPECT_EQ(description_or_category(dtc{0x0420}, language::en),
            "Catalyst System Efficiency Below Threshold (Bank 1)");
  EXPECT_EQ(description_or_category(dtc{}, language::en), "No code (00 00 padding)");

  // A row without zh-TW text: describe() says so, the advisor text falls back to English.
  const auto untranslated = *parse_dtc("P0251");
  EXPECT_FALSE(describe(untranslated, language::zh_tw));
  ASSERT_TRUE(describe(untranslated, language::en));
  EXPECT_EQ(description_or_category(untranslated, language::zh_tw), *describe(untranslated, language::en));
}

struct tsv_row {
  std::size_t line;
  std::string code, en, zh;
  std::size_t fields;
};

std::vector<tsv_row> read_tsv() {
  std::ifstream in(std::string{BAYSCAN_SOURCE_DIR} + "/protocols/dtc/data/dtc_descriptions.tsv",
                   std::ios::binary);
  EXPECT_TRUE(in.good());
  std::vector<tsv_row> rows;
  std::string line;
  std::size_t n = 0;
  bool header_seen = false;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      EXPECT_EQ(line, "code\ten\tzh_tw");
      header_seen = true;
      continue;
    }
    std::vector<std::string> fields;
    std::stringstream ss(line);
    std::string f;
    while (std::getline(ss, f, '\t')) fields.push_back(f);
    if (!line.empty() && line.back() == '\t') fields.emplace_back();
    fields.resize(std::max<std::size_t>(fields.size(), 3));
    rows.push_back({n, fields[0], fields[1], fields[2],
                    static_cast<std::size_t>(std::count(line.begin(), line.end(), '\t')) + 1});
  }
  EXPECT_TRUE(header_seen);
  return rows;
}

TEST(DtcDescriptionTable, EveryRowIsACanonicalGenericCodeOnce) {
  const auto rows = read_tsv();
  std::set<std::uint16_t> seen;
  std::size_t en_rows = 0, zh_rows = 0;
  for (const auto& r : rows) {
    SCOPED_TRACE("line " + std::to_string(r.line) + ": " + r.code);
    EXPECT_EQ(r.fields, 3u);
    const auto code = parse_dtc(r.code);
    ASSERT_TRUE(code);
    EXPECT_EQ(code->to_string(), r.code);  // canonical upper case
    EXPECT_TRUE(code->is_generic()) << "manufacturer-controlled codes have no SAE meaning";
    EXPECT_FALSE(code->is_no_code());
    EXPECT_TRUE(seen.insert(code->raw).second) << "duplicate code";
    EXPECT_FALSE(r.en.empty());
    EXPECT_EQ(r.en.find('\r'), std::string::npos);
    if (!r.en.empty()) ++en_rows;
    if (!r.zh.empty()) ++zh_rows;
  }
  EXPECT_GE(en_rows, 1500u);
  EXPECT_GE(zh_rows, 300u);
  // The compiled-in table is this file (re-embedded whenever it changes).
  EXPECT_EQ(dtc_description_table().size(), rows.size());
}

TEST(DtcDescriptionTable, ZhTwUsesTraditionalCharactersOnly) {
  // Simplified-only forms (Traditional: 線 傳 氣 門 車 碼 壓 溫 饋 斷 電 發 動 機 關 開 過 時 統 轉
  // 輪 軸 閥 節 熱 進 廢 淨 檢 測 範 圍 點 檔 離 換 變 號 態 應 組 單).
  const char* simplified[] = {"线", "传", "气", "门", "车", "码", "压", "温", "馈", "断", "电",
                              "发", "动", "机", "关", "开", "过", "时", "统", "转", "轮", "轴",
                              "阀", "节", "热", "进", "废", "净", "检", "测", "范", "围", "点",
                              "档", "离", "换", "变", "号", "态", "应", "组", "单"};
  for (const auto& row : dtc_description_table()) {
    for (const char* s : simplified) {
      EXPECT_EQ(row.zh_tw.find(s), std::string_view::npos)
          << row.code.to_string() << " contains Simplified " << s << ": " << row.zh_tw;
    }
  }
}

TEST(DtcDescriptionTable, SortedForBinarySearchAndEveryRowFindable) {
  const auto table = dtc_description_table();
  ASSERT_FALSE(table.empty());
  for (std::size_t i = 1; i < table.size(); ++i) EXPECT_LT(table[i - 1].code, table[i].code);
  for (const auto& row : table) {
    const auto en = describe(row.code, language::en);
    ASSERT_TRUE(en) << row.code.to_string();
    EXPECT_EQ(en->data(), row.en.data());  // a view into the table, not a copy
  }
}

TEST(DtcDescriptionTable, LookupSweepFindsExactlyTheTable) {
  // Speed sanity without a clock: 16 sweeps over every possible code (about a million binary
  // searches over ~1,600 rows) must find exactly the table's rows each time; a linear scan or a
  // per-call rebuild would blow the CTest timeout long before a wrong result showed.
  const std::size_t expected = dtc_description_table().size();
  const char* first = describe(dtc{0x0301}, language::en)->data();
  for (int sweep = 0; sweep < 16; ++sweep) {
    std::size_t hits = 0;
    for (unsigned raw = 0; raw <= 0xFFFF; ++raw) {
      if (describe(dtc{static_cast<std::uint16_t>(raw)}, language::en)) ++hits;
    }
    ASSERT_EQ(hits, expected);
  }
  EXPECT_EQ(describe(dtc{0x0301}, language::en)->data(), first);  // parsed once, same storage
}

TEST(Language, TagsRoundTrip) {
  EXPECT_EQ(to_string(language::en), "en");
  EXPECT_EQ(to_string(language::zh_tw), "zh-TW");
  EXPECT_EQ(language_from_tag("zh-TW"), language::zh_tw);
  EXPECT_EQ(language_from_tag("zh_tw"), language::zh_tw);
  EXPECT_EQ(language_from_tag("en"), language::en);
  EXPECT_EQ(language_from_tag("en-US"), language::en);
  EXPECT_FALSE(language_from_tag("zh-CN"));
  EXPECT_FALSE(language_from_tag("eng"));
  EXPECT_FALSE(language_from_tag(""));
}

}  // namespace
