// elm327_link against scripted adapters: literal ELM327 traffic as a terminal shows it (a
// genuine-looking v1.5, a "v2.1" clone with its quirks, an STN1110, a chip that must be reset),
// the adapter's error replies and the recovery the driver owes for each, and a fault-injection
// loop over every read and write of a connect + request.
#include <bayscan/core/session_log_decoder.hpp>
#include <bayscan/hardware/elm327_link.hpp>
#include <bayscan/hardware/memory_stream.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <thread>
#include <string>
#include <vector>

namespace bayscan::hardware {
namespace {

using namespace std::chrono_literals;
using protocols::ecu_address;
using protocols::obd_protocol;

constexpr ecu_address ecm{0x7E8, false, true};
constexpr ecu_address tcm{0x7E9, false, true};

// One command line the driver must send (without its CR) and the adapter's bytes in reply.
struct step {
  std::string command;
  std::string reply;
  bool hang_up = false;
};

// The adapter side: checks each line against the script and answers it. Lines the script does
// not expect are recorded and answered "?", as a chip would.
struct script_state {
  std::vector<step> steps;
  std::size_t next = 0;
  std::string line;
  std::vector<std::string> unexpected;
  bool done() const { return next == steps.size(); }
};

std::unique_ptr<memory_stream> scripted(std::shared_ptr<script_state> s) {
  return memory_stream::with_peer([s](byte_span written) {
    memory_stream::peer_reply out;
    for (auto b : written) {
      if (b != '\r') {
        s->line.push_back(static_cast<char>(b));
        continue;
      }
      const std::string line = std::exchange(s->line, {});
      if (s->next < s->steps.size() && s->steps[s->next].command == line) {
        const auto& st = s->steps[s->next++];
        out.bytes.insert(out.bytes.end(), st.reply.begin(), st.reply.end());
        out.hang_up = out.hang_up || st.hang_up;
      } else {
        s->unexpected.push_back(line);
        const std::string q = "?\r\r>";
        out.bytes.insert(out.bytes.end(), q.begin(), q.end());
      }
    }
    return out;
  }, "scripted ELM327");
}

elm327_options fast_options() {
  elm327_options o;
  o.sync_timeout = 30ms;
  o.command_timeout = 200ms;
  o.request_timeout = 200ms;
  o.reset_timeout = 200ms;
  o.search_timeout = 500ms;
  o.connect_timeout = 3s;
  return o;
}

// Initialisation of an ELM327 that answers straight away (echo on at first, CR line ends).
std::vector<step> genuine_v15_init() {
  return {
      {"", "\r>"},                       // the lone CR: nothing to repeat yet, just a prompt
      {"ATD", "ATD\rOK\r\r>"},           // defaults, echo still on
      {"ATE0", "ATE0\rOK\r\r>"},         // ATE0's own reply carries the echo
      {"ATS0", "OK\r\r>"},
      {"ATH1", "OK\r\r>"},
      {"ATST19", "OK\r\r>"},             // 25 x 4.096 ms = 102 ms
      {"STI", "?\r\r>"},                 // not an STN chip
      {"ATI", "ELM327 v1.5\r\r>"},
      {"ATSP6", "OK\r\r>"},
      // Every supported-PID range at once (SAE J1979: up to six PIDs per request on CAN). The
      // ECM supports ranges 00, 20 and 40 (a 16-byte answer: first frame and two consecutive
      // frames, padded), the TCM only 00 (single frame). ISO 15765-4, headers on, spaces off.
      {"010020406080A0",
       "7E810104100BE3FA813\r7E906410098180000\r7E82120800180014040\r7E82280000000000000\r\r>"},
  };
}

TEST(Elm327Link, GenuineV15ConnectsOnCan11WithTwoEcus) {
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  s->steps.push_back({"010C0D 2", "7E806410C0BB80D00\r7E903410D00\r\r>"});
  s->steps.push_back({"ATSH7E1", "OK\r\r>"});
  s->steps.push_back({"0902 1",
                      "7E91014490201314E34\r7E92141414A30313831\r7E92243323334353637\r\r>"});
  s->steps.push_back({"ATSH7DF", "OK\r\r>"});
  s->steps.push_back({"03 2", "7E806430203010300\r7E9024300\r\r>"});
  s->steps.push_back({"ATRV", "12.6V\r\r>"});
  elm327_link link(scripted(s), fast_options());

  std::vector<std::string> steps_seen;
  ASSERT_TRUE(link.connect([&](std::string_view st, int) { steps_seen.emplace_back(st); }))
      << link.last_error_detail();
  EXPECT_FALSE(steps_seen.empty());
  EXPECT_EQ(link.protocol(), obd_protocol::can11_500);
  EXPECT_EQ(link.adapter().kind, "elm327");
  EXPECT_EQ(link.adapter().version, "ELM327 v1.5");
  EXPECT_FALSE(link.is_stn());
  EXPECT_EQ(link.request_count(), 1);  // the probe reached the car; AT commands do not count

  // The scan's own first request (every supported-PID range) is the probe's answer: no second
  // round trip.
  auto bitmap = link.request(
      {{0x01, 0x00, 0x20, 0x40, 0x60, 0x80, 0xA0}, request_target::functional(), std::nullopt});
  ASSERT_TRUE(bitmap);
  ASSERT_EQ(bitmap->messages.size(), 2u);
  EXPECT_EQ(bitmap->messages[0].source, tcm);  // the single frame completes first
  EXPECT_EQ(bitmap->messages[0].data, (byte_vector{0x41, 0x00, 0x98, 0x18, 0x00, 0x00}));
  EXPECT_EQ(bitmap->messages[1].source, ecm);
  EXPECT_EQ(bitmap->messages[1].data,
            (byte_vector{0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13, 0x20, 0x80, 0x01, 0x80, 0x01, 0x40,
                         0x40, 0x80, 0x00, 0x00}));
  EXPECT_EQ(link.request_count(), 1);
  EXPECT_EQ(link.responders(), (std::vector<ecu_address>{tcm, ecm}));

  // Multi-PID with the response-count digit: the chip returns after two answers.
  auto live = link.request({{0x01, 0x0C, 0x0D}, request_target::functional(), 2});
  ASSERT_TRUE(live) << live.error().message();
  ASSERT_EQ(live->messages.size(), 2u);
  EXPECT_EQ(live->messages[0].data, (byte_vector{0x41, 0x0C, 0x0B, 0xB8, 0x0D, 0x00}));
  EXPECT_EQ(live->messages[1].source, tcm);

  // Physical request to the TCM: ATSH 7E1 (ISO 15765-4: 7E9 - 8), count 1, multi-frame VIN.
  auto vin = link.request({{0x09, 0x02}, request_target::physical(tcm), std::nullopt});
  ASSERT_TRUE(vin) << link.last_error_detail();
  ASSERT_EQ(vin->messages.size(), 1u);
  EXPECT_EQ(vin->messages[0].source, tcm);
  EXPECT_EQ(vin->messages[0].data.size(), 20u);  // 49 02 01 + 17 characters
  EXPECT_EQ(std::string(vin->messages[0].data.begin() + 3, vin->messages[0].data.end()),
            "1N4AAJ0181C234567");

  // Back to functional: ATSH 7DF once.
  auto codes = link.request({{0x03}, request_target::functional(), 2});
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->messages.size(), 2u);
  EXPECT_EQ(codes->messages[0].data, (byte_vector{0x43, 0x02, 0x03, 0x01, 0x03, 0x00}));

  ASSERT_TRUE(link.battery_voltage().has_value());
  EXPECT_TRUE(s->done());
  EXPECT_TRUE(s->unexpected.empty()) << s->unexpected.front();
  EXPECT_EQ(link.request_count(), 4);

  // The session log replays: commands after prompts, replies as received.
  const auto decoded = core::decode_session_log(link.session_log());
  const auto& ex = decoded.as_object().at("exchanges").as_array();
  bool saw_live = false;
  for (const auto& e : ex) {
    if (e.as_object().at("command").as_string() == "010C0D 2") {
      saw_live = true;
      EXPECT_EQ(e.as_object().at("outcome").as_string(), "data");
    }
  }
  EXPECT_TRUE(saw_live) << link.session_log();
  EXPECT_EQ(decoded.as_object().at("summary").as_object().at("protocol").as_object().at("id"),
            "6");
}

TEST(Elm327Link, CloneV21WithLinefeedsNoAts0AndNoResponseCount) {
  auto s = std::make_shared<script_state>();
  s->steps = {
      {"", "\r\n>"},
      {"ATD", "ATD\r\nOK\r\n\r\n>"},
      {"ATE0", "ATE0\r\nOK\r\n\r\n>"},
      {"ATL0", "OK\r\r>"},              // the OK already ends with CR only
      {"ATS0", "?\r\r>"},               // no spaces switch: the reader copes with spaces
      {"ATH1", "OK \r\r>"},             // trailing space before CR
      {"ATST19", "OK\r\r>"},
      {"STI", "?\r\r>"},
      {"ATI", "ELM327 v2.1\r\r>"},
      {"ATSP6", "OK\r\r>"},
      {"010020406080A0", "7E8 06 41 00 BE 3F A8 12 \r\r>"},
      // The count digit makes this clone answer NO DATA; asked again without it.
      {"010C 1", "NO DATA\r\r>"},
      {"010C", "7E8 04 41 0C 0B B8 \r\r>"},
      {"010D", "7E8 03 41 0D 00 \r\r>"},  // counts are off for good
  };
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({})) << link.last_error_detail();
  EXPECT_EQ(link.adapter().version, "ELM327 v2.1");
  EXPECT_FALSE(link.spaces_off());
  auto rpm = link.request({{0x01, 0x0C}, request_target::functional(), 1});
  ASSERT_TRUE(rpm) << link.last_error_detail();
  EXPECT_EQ(rpm->messages.at(0).data, (byte_vector{0x41, 0x0C, 0x0B, 0xB8}));
  EXPECT_FALSE(rpm->warnings.empty());
  EXPECT_FALSE(link.response_count_supported());
  auto speed = link.request({{0x01, 0x0D}, request_target::functional(), 1});
  ASSERT_TRUE(speed);
  EXPECT_TRUE(s->done());
  EXPECT_TRUE(s->unexpected.empty()) << s->unexpected.front();
}

TEST(Elm327Link, Stn1110IdentifiesItselfWithSti) {
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  s->steps[6] = {"STI", "STN1110 v4.2.1\r\r>"};
  s->steps.erase(s->steps.begin() + 7);  // no ATI needed
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({})) << link.last_error_detail();
  EXPECT_TRUE(link.is_stn());
  EXPECT_EQ(link.adapter().version, "STN1110 v4.2.1");
  EXPECT_TRUE(s->done());
}

TEST(Elm327Link, SilentChipIsResetWithAtz) {
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  s->steps[0] = {"", ""};  // no prompt: the chip is still starting
  s->steps.insert(s->steps.begin() + 1, {"ATZ", "ATZ\r\r\rELM327 v1.5\r\r>"});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({})) << link.last_error_detail();
  EXPECT_TRUE(s->done());
  EXPECT_TRUE(s->unexpected.empty()) << s->unexpected.front();
}

TEST(Elm327Link, CloneThatDropsTheLinkOnAtzIsAdapterLost) {
  auto s = std::make_shared<script_state>();
  s->steps = {{"", ""}, {"ATZ", "ATZ\r", true}};
  elm327_link link(scripted(s), fast_options());
  auto r = link.connect({});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), link_error::adapter_lost);
}

TEST(Elm327Link, NoAnswerAtAllIsATimeoutNotAHang) {
  auto s = std::make_shared<script_state>();
  s->steps = {{"", ""}, {"ATZ", ""}, {"ATZ", ""}};
  elm327_link link(scripted(s), fast_options());
  const auto start = std::chrono::steady_clock::now();
  auto r = link.connect({});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), link_error::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(Elm327Link, PowerUpBannerAlreadyWaitingIsDrainedFirst) {
  auto [adapter, host] = memory_stream::make_pair("adapter/host");
  // The chip greeted before the driver opened the port.
  const std::string banner = "\r\rELM327 v1.5\r\r>";
  ASSERT_TRUE(adapter->write(byte_span(reinterpret_cast<const std::uint8_t*>(banner.data()),
                                       banner.size()),
                             deadline_after(100ms)));
  // Then it answers like the scripted genuine chip, from a thread playing the adapter.
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  std::thread chip([&, s] {
    auto peer = scripted(s);  // reuse the script logic: feed what the host wrote, send replies
    std::array<std::uint8_t, 64> buf;
    while (!s->done()) {
      auto n = adapter->read_some(buf, deadline_after(2s));
      if (!n) return;
      if (!peer->write(byte_span(buf.data(), *n), deadline_after(100ms))) return;
      std::array<std::uint8_t, 512> out;
      while (true) {
        auto m = peer->read_some(out, transport_clock::now());
        if (!m) break;
        if (!adapter->write(byte_span(out.data(), *m), deadline_after(100ms))) return;
      }
    }
  });
  elm327_link link(std::move(host), fast_options());
  auto r = link.connect({});
  chip.join();
  ASSERT_TRUE(r) << link.last_error_detail();
  EXPECT_TRUE(s->unexpected.empty()) << s->unexpected.front();
  EXPECT_EQ(link.session_log().rfind("\r\rELM327 v1.5\r\r>", 0), 0u) << link.session_log();
}

TEST(Elm327Link, FallsBackToAutomaticSearchAndLearnsIso9141) {
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  s->steps.back() = {"010020406080A0", "NO DATA\r\r>"};  // not CAN 11/500
  s->steps.push_back({"ATSP0", "OK\r\r>"});
  // ISO 9141-2, headers on: 48 6B 10 + data + checksum (sum of the bytes before it, mod 256).
  s->steps.push_back({"0100", "SEARCHING...\rBUS INIT: ...OK\r486B104100BE3EB811C9\r\r>"});
  s->steps.push_back({"ATDPN", "A3\r\r>"});
  s->steps.push_back({"ATST32", "OK\r\r>"});  // legacy: the chip's default timeout back
  s->steps.push_back({"0101 1", "486B1041010007650071\r\r>"});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({})) << link.last_error_detail();
  EXPECT_EQ(link.protocol(), obd_protocol::iso9141_2);
  EXPECT_EQ(link.responders(), (std::vector<ecu_address>{{0x10, false, true}}));
  auto r = link.request({{0x01, 0x01}, request_target::functional(), std::nullopt});
  ASSERT_TRUE(r) << link.last_error_detail();
  EXPECT_TRUE(s->unexpected.empty()) << s->unexpected.front();
}

TEST(Elm327Link, BrokenAutomaticSearchFallsBackToExplicitProtocols) {
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  s->steps.back() = {"010020406080A0", "NO DATA\r\r>"};
  s->steps.push_back({"ATSP0", "OK\r\r>"});
  // Some clones give up their search although the car is there.
  s->steps.push_back({"0100", "SEARCHING...\rUNABLE TO CONNECT\r\r>"});
  // CAN 29/500 tried on its own: the engine ECU at 18DAF110 (ISO 15765-4 normal fixed
  // addressing) answers the supported-PID ranges it has, here only 00 (a single frame).
  s->steps.push_back({"ATSP7", "OK\r\r>"});
  s->steps.push_back({"010020406080A0", "18DAF110064100BE3FA812\r\r>"});
  // Physical request: ATSH DA 10 F1 (priority 18 stays), count 1.
  s->steps.push_back({"ATSHDA10F1", "OK\r\r>"});
  s->steps.push_back({"0101 1", "18DAF11006410100076500\r\r>"});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({})) << link.last_error_detail();
  EXPECT_EQ(link.protocol(), obd_protocol::can29_500);
  const ecu_address engine{0x18DAF110, true, true};
  EXPECT_EQ(link.responders(), (std::vector<ecu_address>{engine}));
  auto r = link.request({{0x01, 0x01}, request_target::physical(engine), std::nullopt});
  ASSERT_TRUE(r) << link.last_error_detail();
  ASSERT_EQ(r->messages.size(), 1u);
  EXPECT_EQ(r->messages[0].data, (byte_vector{0x41, 0x01, 0x00, 0x07, 0x65, 0x00}));
  EXPECT_TRUE(s->done());
  EXPECT_TRUE(s->unexpected.empty()) << s->unexpected.front();
}

TEST(Elm327Link, UnableToConnectEverywhereIsTyped) {
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  s->steps.back() = {"010020406080A0", "CAN ERROR\r\r>"};
  s->steps.push_back({"010020406080A0", "CAN ERROR\r\r>"});  // one retry on the fast path
  s->steps.push_back({"ATSP0", "OK\r\r>"});
  s->steps.push_back({"0100", "SEARCHING...\rUNABLE TO CONNECT\r\r>"});
  auto options = fast_options();
  options.explicit_protocol_fallback = false;
  elm327_link link(scripted(s), options);
  auto r = link.connect({});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), link_error::unable_to_connect);
  EXPECT_TRUE(s->done());
}

std::shared_ptr<script_state> connected_script(std::vector<step> more) {
  auto s = std::make_shared<script_state>();
  s->steps = genuine_v15_init();
  s->steps.insert(s->steps.end(), more.begin(), more.end());
  return s;
}

TEST(Elm327Link, CanErrorIsRetriedThenReportedAsBusError) {
  auto s = connected_script({{"010C 2", "CAN ERROR\r\r>"},
                             {"010C 2", "7E804410C0BB8\r7E904410C0BB8\r\r>"},
                             {"010D 2", "CAN ERROR\r\r>"},
                             {"010D 2", "BUS ERROR\r\r>"},
                             {"010D 2", "CAN ERROR\r\r>"}});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({}));
  auto ok = link.request({{0x01, 0x0C}, request_target::functional(), 2});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->warnings.size(), 1u);
  auto bad = link.request({{0x01, 0x0D}, request_target::functional(), 2});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error(), link_error::bus_error);
  EXPECT_TRUE(s->done());
}

TEST(Elm327Link, StoppedAndBufferFullAreRetriedOnce) {
  auto s = connected_script({{"010C 2", "STOPPED\r\r>"},
                             {"010C 2", "7E804410C0BB8\r\r>"},
                             {"0902 2", "7E8101449020131\rBUFFER FULL\r\r>"},
                             {"0902 2", "7E8101449020131\rBUFFER FULL\r\r>"}});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({}));
  ASSERT_TRUE(link.request({{0x01, 0x0C}, request_target::functional(), 2}));
  auto full = link.request({{0x09, 0x02}, request_target::functional(), 2});
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error(), link_error::buffer_full);
  EXPECT_TRUE(s->done());
}

TEST(Elm327Link, LowVoltageResetRestoresSettingsAndAsksAgain) {
  auto s = connected_script({{"010C 2", "LV RESET\r\r>"},
                             // back at defaults: echo on until ATE0
                             {"ATE0", "ATE0\rOK\r\r>"},
                             {"ATS0", "OK\r\r>"},
                             {"ATH1", "OK\r\r>"},
                             {"ATST19", "OK\r\r>"},
                             {"ATSP6", "OK\r\r>"},
                             {"010C 2", "7E804410C0BB8\r7E904410C0BB8\r\r>"}});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({}));
  auto r = link.request({{0x01, 0x0C}, request_target::functional(), 2});
  ASSERT_TRUE(r) << link.last_error_detail();
  EXPECT_EQ(r->messages.size(), 2u);
  EXPECT_TRUE(s->done());
  EXPECT_TRUE(s->unexpected.empty()) << s->unexpected.front();
}

TEST(Elm327Link, NoDataIsTypedAndNotRetriedOnceCountsWork) {
  auto s = connected_script({{"010C 2", "7E804410C0BB8\r7E904410C0BB8\r\r>"},
                             {"ATSH7E1", "OK\r\r>"},
                             {"0105 1", "NO DATA\r\r>"}});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({}));
  ASSERT_TRUE(link.request({{0x01, 0x0C}, request_target::functional(), 2}));
  auto r = link.request({{0x01, 0x05}, request_target::physical(tcm), std::nullopt});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), link_error::no_data);
  EXPECT_TRUE(s->done());
}

TEST(Elm327Link, RepliesDeliveredOneByteAtATime) {
  auto s = connected_script({{"010C 2", "\x80\xFF" "7E804410C0BB8\r7E904410C0BB8\r\r>"}});
  auto stream = scripted(s);
  stream->set_faults({0, 0, 1});
  elm327_link link(std::move(stream), fast_options());
  ASSERT_TRUE(link.connect({})) << link.last_error_detail();
  auto r = link.request({{0x01, 0x0C}, request_target::functional(), 2});
  ASSERT_TRUE(r) << link.last_error_detail();
  EXPECT_EQ(r->messages.size(), 2u);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(Elm327Link, TimeoutThenResynchronisesBeforeTheNextRequest) {
  auto s = connected_script({{"010C 2", "7E804410C0BB8\r"},  // no prompt: the chip hangs
                             {"", "STOPPED\r\r>"},          // the CR that provokes a prompt
                             {"010D 2", "7E803410D00\r7E903410D00\r\r>"}});
  elm327_link link(scripted(s), fast_options());
  ASSERT_TRUE(link.connect({}));
  auto first = link.request({{0x01, 0x0C}, request_target::functional(), 2});
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error(), link_error::timeout);
  auto second = link.request({{0x01, 0x0D}, request_target::functional(), 2});
  ASSERT_TRUE(second) << link.last_error_detail();
  EXPECT_EQ(second->messages.size(), 2u);
  EXPECT_TRUE(s->done());
}

TEST(Elm327Link, RequestBeforeConnectIsNotConnected) {
  auto s = std::make_shared<script_state>();
  elm327_link link(scripted(s), fast_options());
  auto r = link.request({{0x01, 0x00}, request_target::functional(), std::nullopt});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), link_error::not_connected);
  EXPECT_FALSE(link.battery_voltage());
}

// Style lesson 11: the transport fails at the Nth write or read, for N upward until connect and
// a request succeed. Every failure is a typed link error, never a hang or a crash.
TEST(Elm327Link, FaultInjectionOnEveryReadAndWrite) {
  for (int which = 0; which < 2; ++which) {
    bool succeeded = false;
    for (std::size_t n = 1; n < 200 && !succeeded; ++n) {
      auto s = connected_script({{"010C 2", "7E804410C0BB8\r7E904410C0BB8\r\r>"}});
      auto stream = scripted(s);
      memory_fault_plan plan;
      (which == 0 ? plan.fail_write_at : plan.fail_read_at) = n;
      stream->set_faults(plan);
      elm327_link link(std::move(stream), fast_options());
      const auto start = std::chrono::steady_clock::now();
      auto c = link.connect({});
      result<diagnostic_response> r = make_error_code(link_error::not_connected);
      if (c) r = link.request({{0x01, 0x0C}, request_target::functional(), 2});
      EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << "n=" << n;
      if (c && r) {
        succeeded = true;
        continue;
      }
      const error_code e = c ? r.error() : c.error();
      EXPECT_EQ(&e.category(), &link_category()) << "n=" << n << ": " << e.message();
      EXPECT_TRUE(e == link_error::adapter_lost || e == link_error::not_connected ||
                  e == link_error::timeout)
          << "n=" << n << ": " << e.message();
      EXPECT_FALSE(link.last_error_detail().empty());
    }
    EXPECT_TRUE(succeeded) << (which == 0 ? "writes" : "reads");
  }
}

TEST(Elm327Link, OpenRejectsCanUris) {
  auto r = open_elm327_link(socketcan_uri{"can0", std::nullopt});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), transport_error::bad_uri);
}

}  // namespace
}  // namespace bayscan::hardware
