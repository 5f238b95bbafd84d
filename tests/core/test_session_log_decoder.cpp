// `bayscan decode` on terminal logs laid out as the ELM327 datasheet shows the chip's output
// (examples/logs, made by scripts/make_example_logs.py), plus logs without prompts or echo.
#include <bayscan/core/session_log_decoder.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>

using namespace bayscan::core;
namespace json = boost::json;

namespace {

std::string read_example(const std::string& name) {
  std::ifstream in(std::string(BAYSCAN_SOURCE_DIR) + "/examples/logs/" + name, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

const json::object& exchange(const json::value& v, std::string_view command, int nth = 0) {
  for (const auto& e : v.at("exchanges").as_array())
    if (e.at("command").as_string() == command && nth-- == 0) return e.as_object();
  static const json::object none;
  ADD_FAILURE() << "no exchange " << command;
  return none;
}

std::vector<std::string> codes(const json::value& v) {
  std::vector<std::string> out;
  for (const auto& d : v.at("summary").at("dtcs").as_array())
    out.emplace_back(d.at("code").as_string().c_str());
  return out;
}

double pid_value(const json::object& ex, std::string_view ecu, std::string_view name) {
  for (const auto& e : ex.at("ecus").as_array()) {
    if (e.at("ecu").as_string() != ecu) continue;
    for (const auto& p : e.at("pids").as_array())
      for (const auto& val : p.at("values").as_array())
        if (val.at("name").as_string() == name) return val.at("value").to_number<double>();
  }
  ADD_FAILURE() << "no " << name << " from " << ecu;
  return -1;
}

}  // namespace

TEST(SessionLogDecoder, Can11HeadersOnTwoEcus) {
  auto v = decode_session_log(read_example("can11_headers_on.log"));
  EXPECT_EQ(v.at("summary").at("vin").as_string(), "JTDKB3FU5M3123456");
  EXPECT_EQ(v.at("summary").at("protocol").at("id").as_string(), "6");
  EXPECT_EQ(codes(v), (std::vector<std::string>{"P0301", "P0300", "P0171"}));
  const auto& search = exchange(v, "0100");
  EXPECT_EQ(search.at("ecus").as_array().size(), 2u);
  EXPECT_EQ(search.at("warnings").at(0).as_string(), "automatic protocol search (SEARCHING...)");
  // Multi-PID reply split over two frames: 41 0C 1A F8 0D 00 05 7B (SAE J1979 PIDs 0C, 0D, 05).
  const auto& multi = exchange(v, "010C0D05");
  EXPECT_EQ(pid_value(multi, "7E8", "engine_rpm"), 1726);
  EXPECT_EQ(pid_value(multi, "7E8", "vehicle_speed"), 0);
  EXPECT_EQ(pid_value(multi, "7E8", "coolant_temp"), 83);
  EXPECT_EQ(exchange(v, "01A6").at("error").as_string(), "NO DATA");
  const auto& ff = exchange(v, "020200");
  EXPECT_EQ(ff.at("ecus").at(0).at("freeze_frames").at(0).at("dtc").as_string(), "P0301");
}

TEST(SessionLogDecoder, HeadersOffAndSpacesOffGiveTheSameCar) {
  for (auto name : {"can11_headers_off.log", "can11_headers_on_spaces_off.log"}) {
    SCOPED_TRACE(name);
    auto v = decode_session_log(read_example(name));
    EXPECT_EQ(v.at("summary").at("vin").as_string(), "JTDKB3FU5M3123456");
    EXPECT_EQ(codes(v), (std::vector<std::string>{"P0301", "P0300", "P0171"}));
    EXPECT_EQ(exchange(v, "0100").at("ecus").as_array().size(), 2u);
    EXPECT_FALSE(exchange(v, "0100").at("ecus").at(0).as_object().contains("error"));
  }
  auto off = decode_session_log(read_example("can11_headers_off.log"));
  EXPECT_EQ(pid_value(exchange(off, "010C0D05"), "?1", "engine_rpm"), 1726);
}

TEST(SessionLogDecoder, Can29AndIso9141AndHybrid) {
  auto v29 = decode_session_log(read_example("can29_headers_on.log"));
  EXPECT_EQ(exchange(v29, "03").at("ecus").at(0).at("ecu").as_string(), "18DAF110");
  EXPECT_EQ(codes(v29), (std::vector<std::string>{"P0420"}));

  auto iso = decode_session_log(read_example("iso9141_2.log"));
  EXPECT_EQ(iso.at("summary").at("protocol").at("id").as_string(), "3");
  EXPECT_EQ(iso.at("summary").at("vin").as_string(), "JTDKB3FU5M3123456");  // five 49 02 messages
  EXPECT_EQ(codes(iso), (std::vector<std::string>{"P0133", "P0420"}));  // 00 00 padding dropped
  EXPECT_EQ(pid_value(exchange(iso, "0105"), "10", "coolant_temp"), 90);

  auto hybrid = decode_session_log(read_example("multi_ecu_hybrid.log"));
  EXPECT_EQ(codes(hybrid), (std::vector<std::string>{"P0420", "P0A80"}));
  const auto& cal = exchange(hybrid, "0904");
  ASSERT_EQ(cal.at("ecus").as_array().size(), 2u);  // interleaved multi-frame replies
  EXPECT_EQ(cal.at("ecus").at(1).at("calibration_ids").at(0).as_string(), "G9280-47A10");
}

TEST(SessionLogDecoder, ErrorsAreTypedAndJunkIsReported) {
  auto v = decode_session_log(read_example("errors_and_junk.log"));
  EXPECT_EQ(exchange(v, "ATS0").at("outcome").as_string(), "error");  // "?": unknown command
  EXPECT_EQ(exchange(v, "0100", 0).at("error").as_string(), "UNABLE TO CONNECT");
  EXPECT_EQ(exchange(v, "0100", 1).at("error").as_string(), "CAN ERROR");
  EXPECT_EQ(exchange(v, "0902", 0).at("error").as_string(), "STOPPED");
  EXPECT_EQ(exchange(v, "0902", 1).at("error").as_string(), "BUFFER FULL");
  auto nrc = exchange(v, "0105", 0).at("ecus").at(0).at("error").as_string();
  EXPECT_NE(std::string_view(nrc).find("0x12"), std::string_view::npos) << nrc;
  EXPECT_FALSE(exchange(v, "0105", 1).at("warnings").as_array().empty());  // truncated frame
}

TEST(SessionLogDecoder, LogWithoutPromptsOrEcho) {
  // Commands on their own lines, LF line ends, no '>' at all.
  auto v = decode_session_log("ATH1\nOK\n\n0100\n7E8 06 41 00 BE 3F A8 13\n\n03\n7E8 04 43 01 01 71\n");
  ASSERT_EQ(v.at("exchanges").as_array().size(), 3u);
  EXPECT_EQ(codes(v), (std::vector<std::string>{"P0171"}));
  // A capture of the adapter's output only (echo off): replies between prompts, no commands.
  auto raw = decode_session_log("OK\r\r>41 00 BE 3F A8 13\r\r>");
  ASSERT_EQ(raw.at("exchanges").as_array().size(), 2u);
  EXPECT_EQ(raw.at("exchanges").at(1).at("command").as_string(), "");
}

TEST(SessionLogDecoder, SplitKeepsByteCountLinesInTheReply) {
  auto ex = split_session_log(">0902\r014\r0: 49 02 01 31 47 31\r1: 4A 43 35 34 34 34 52\r\r>");
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].command, "0902");
  EXPECT_EQ(ex[0].reply.substr(0, 4), "014\r");
}

TEST(SessionLogDecoder, NeverCrashesOnAnyInput) {
  std::mt19937 rng(1979);
  const std::string alphabet = "0123456789ABCDEF >\r\n:ATSPH.?NODAT<\x00\xff";
  auto base = read_example("can11_headers_on.log") + read_example("iso9141_2.log");
  for (int round = 0; round < 400; ++round) {
    std::string s = base;
    for (int k = 0; k < 20; ++k) {
      std::size_t pos = rng() % s.size();
      s[pos] = alphabet[rng() % alphabet.size()];
    }
    s.resize(rng() % s.size());
    auto v = decode_session_log(s);
    ASSERT_TRUE(v.is_object());
  }
  std::string random(5000, '\0');
  for (auto& c : random) c = static_cast<char>(rng());
  EXPECT_TRUE(decode_session_log(random).is_object());
}
