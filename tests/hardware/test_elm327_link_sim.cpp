// elm327_link against the ELM327 emulator in-process (simulated pacing: instant, yet the
// emulator's timing model decides what it prints): every catalogue car answers through the
// driver exactly what the simulated vehicle says, and the fault scenarios end in typed errors,
// never a hang.
#include <bayscan/core/session_log_decoder.hpp>
#include <bayscan/hardware/elm327_link.hpp>
#include <bayscan/sim/in_process.hpp>
#include <bayscan/sim/j1979_responder.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <bayscan/sim/vehicle.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace bayscan::hardware {
namespace {

using namespace std::chrono_literals;
using protocols::ecu_address;
using protocols::obd_protocol;

using message_list = std::vector<std::pair<ecu_address, byte_vector>>;

message_list sorted(message_list m) {
  std::sort(m.begin(), m.end());
  return m;
}

message_list from_link(const diagnostic_response& r) {
  message_list out;
  for (const auto& m : r.messages) out.emplace_back(m.source, m.data);
  return sorted(out);
}

// What the car itself says: a second vehicle built from the same scenario, asked directly.
struct reference_car {
  explicit reference_car(const std::string& name)
      : car(sim::load_scenario(sim::find_scenario(name)).value()), responder(car) {}
  message_list answer(const byte_vector& request, std::optional<std::uint32_t> target = {}) {
    message_list out;
    for (const auto& r : responder.answer(request, target)) out.emplace_back(r.source, r.payload);
    return sorted(out);
  }
  sim::vehicle car;
  sim::j1979_responder responder;
};

std::unique_ptr<elm327_link> sim_link(const std::string& name,
                                      const sim::in_process_stream** emulated = nullptr) {
  auto stream = sim::in_process_stream::open(name, {sim::pacing::simulated, true});
  if (!stream) return nullptr;
  if (emulated) *emulated = stream->get();
  return std::make_unique<elm327_link>(std::move(*stream));
}

class CatalogueCar : public ::testing::TestWithParam<std::string> {};

TEST_P(CatalogueCar, AnswersThroughTheDriverAsTheCarDoes) {
  const std::string name = GetParam();
  const sim::in_process_stream* adapter = nullptr;
  auto link = sim_link(name, &adapter);
  ASSERT_TRUE(link);
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  reference_car truth(name);
  EXPECT_EQ(link->protocol(), truth.responder.protocol());
  ASSERT_FALSE(link->responders().empty());
  EXPECT_EQ(link->responders().size(), truth.answer({0x01, 0x00}).size());

  std::vector<byte_vector> requests = {{0x01, 0x00}, {0x01, 0x01}, {0x03}, {0x07},
                                       {0x09, 0x02}, {0x01, 0x0C}, {0x01, 0x05}};
  if (protocols::is_can(link->protocol())) {
    // Multi-PID requests exist on CAN only; every supported-PID range first, as an intake asks.
    requests.insert(requests.begin(), {0x01, 0x00, 0x20, 0x40, 0x60, 0x80, 0xA0});
    requests.push_back({0x01, 0x0C, 0x0D, 0x05, 0x42});
    requests.push_back({0x0A});
    requests.push_back({0x09, 0x04});
  }
  int sent = 0;
  bool first = true;
  for (const auto& req : requests) {
    const auto expected = truth.answer(req);
    auto got = link->request({req, request_target::functional(), std::nullopt});
    if (expected.empty()) {
      ASSERT_FALSE(got) << to_hex(req);
      EXPECT_EQ(got.error(), link_error::no_data) << to_hex(req);
    } else {
      ASSERT_TRUE(got) << to_hex(req) << ": " << link->last_error_detail();
      EXPECT_EQ(from_link(*got), expected) << to_hex(req);
      // A healthy car through a working adapter needs no recovery; the only warnings allowed
      // are the one-time discovery that a clone rejects the count digit and, on the probe's
      // answer, that a protocol search ran.
      for (const auto& w : got->warnings)
        EXPECT_TRUE(w.find("response count") != std::string::npos ||
                    w.find("protocol search") != std::string::npos)
            << to_hex(req) << ": " << w;
    }
    if (!std::exchange(first, false)) ++sent;
  }
  // Physical addressing on CAN: each ECU alone (ATSH to its request ID).
  if (protocols::is_can(link->protocol())) {
    for (const auto& ecu : link->responders()) {
      const std::uint32_t target = ecu.extended ? 0x18DA00F1u | (ecu.id & 0xFF) << 8 : ecu.id - 8;
      const byte_vector req = {0x01, 0x01};
      auto got = link->request({req, request_target::physical(ecu), std::nullopt});
      ASSERT_TRUE(got) << protocols::to_string(ecu) << ": " << link->last_error_detail();
      EXPECT_EQ(from_link(*got), truth.answer(req, target));
      ++sent;
    }
  }
  // request_count() is what reached the car, AT commands excluded.
  EXPECT_EQ(link->request_count(), static_cast<int>(adapter->emulator().vehicle_request_count()));
  // On a CAN 11/500 car with an adapter that takes the count digit, the probe's answer served
  // the first request (every supported-PID range) and every other request went out once.
  if (link->protocol() == obd_protocol::can11_500 && link->response_count_supported()) {
    EXPECT_EQ(link->request_count(), sent + 1);
  }
  ASSERT_TRUE(link->battery_voltage().has_value());
  EXPECT_NEAR(*link->battery_voltage(), truth.responder.battery_voltage(), 0.051);
}

std::vector<std::string> healthy_catalogue() {
  std::vector<std::string> out;
  for (const auto& n : sim::list_scenarios())
    if (n != "flaky_bluetooth" && n != "ecu_stops_answering") out.push_back(n);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, CatalogueCar, ::testing::ValuesIn(healthy_catalogue()),
                         [](const auto& info) { return info.param; });

TEST(Elm327LinkSim, CloneQuirksAreLearned) {
  auto link = sim_link("clone_v21_quirks");
  ASSERT_TRUE(link);
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  EXPECT_EQ(link->adapter().version, "ELM327 v2.1");
  EXPECT_FALSE(link->spaces_off());  // ATS0 answered "?"
  auto r = link->request({{0x01, 0x0C}, request_target::functional(), 1});
  ASSERT_TRUE(r) << link->last_error_detail();
  EXPECT_FALSE(link->response_count_supported());
  EXPECT_FALSE(r->warnings.empty());
}

TEST(Elm327LinkSim, FlakyBluetoothEndsInAdapterLostNotAHang) {
  auto link = sim_link("flaky_bluetooth");
  ASSERT_TRUE(link);
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  reference_car truth("flaky_bluetooth");
  bool garbled_warning = false;
  std::optional<error_code> end;
  for (int i = 0; i < 30 && !end; ++i) {
    const byte_vector req = {0x01, static_cast<std::uint8_t>(i % 2 ? 0x0C : 0x05)};
    auto r = link->request({req, request_target::functional(), std::nullopt});
    if (!r) {
      end = r.error();
      break;
    }
    EXPECT_EQ(from_link(*r), truth.answer(req));  // garbage before a reply never becomes data
    for (const auto& w : r->warnings) garbled_warning |= w.find("garbled") != std::string::npos;
  }
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(*end, link_error::adapter_lost) << end->message();
  EXPECT_TRUE(garbled_warning);
  auto after = link->request({{0x01, 0x0C}, request_target::functional(), std::nullopt});
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error(), link_error::not_connected);
}

TEST(Elm327LinkSim, EcuThatStopsAnsweringGivesNoDataPerRequest) {
  auto link = sim_link("ecu_stops_answering");
  ASSERT_TRUE(link);
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  ASSERT_EQ(link->responders().size(), 2u);
  const ecu_address tcm{0x7E9, false, true};
  int answered = 0, silent = 0;
  for (int i = 0; i < 8; ++i) {
    auto r = link->request({{0x01, 0x0D}, request_target::physical(tcm), std::nullopt});
    if (r) {
      ++answered;
      EXPECT_EQ(silent, 0) << "the TCM answered again after going silent";
    } else {
      EXPECT_EQ(r.error(), link_error::no_data);
      ++silent;
    }
  }
  EXPECT_GT(answered, 0);
  EXPECT_GT(silent, 0);
  // The engine ECU still answers functional requests; the TCM's silence costs only its wait.
  auto ecm = link->request({{0x01, 0x0C}, request_target::functional(), 2});
  ASSERT_TRUE(ecm) << link->last_error_detail();
  ASSERT_EQ(ecm->messages.size(), 1u);
  EXPECT_EQ(ecm->messages[0].source.id, 0x7E8u);
}

// The session log is what a terminal would have shown; `bayscan decode` replays it into the same
// answers the driver returned.
TEST(Elm327LinkSim, SessionLogReplaysWithTheDecoder) {
  for (const std::string name : {"multi_ecu", "clone_v21_quirks", "iso9141_2004", "can29_car"}) {
    auto link = sim_link(name);
    ASSERT_TRUE(link);
    ASSERT_TRUE(link->connect({})) << link->last_error_detail();
    std::vector<byte_vector> requests = {{0x01, 0x01}, {0x03}, {0x09, 0x02}};
    for (const auto& req : requests)
      ASSERT_TRUE(link->request({req, request_target::functional(), std::nullopt})) << name;
    const auto decoded = core::decode_session_log(link->session_log()).as_object();
    int obd = 0, adapter = 0, data = 0;
    for (const auto& e : decoded.at("exchanges").as_array()) {
      const auto& o = e.as_object();
      const auto kind = o.at("kind").as_string();
      if (kind == "obd") ++obd;
      if (kind == "adapter") ++adapter;
      if (kind == "obd" && o.at("outcome").as_string() == "data") {
        ++data;
        for (const auto& ecu : o.at("ecus").as_array())
          EXPECT_FALSE(ecu.as_object().contains("error")) << name << ": " << e;
      }
      EXPECT_TRUE(o.at("warnings").as_array().empty() ||
                  o.at("warnings").as_array().front().as_string().starts_with("automatic"))
          << name << ": " << e;
    }
    EXPECT_EQ(obd, link->request_count()) << name << "\n" << link->session_log();
    EXPECT_GE(data, 4) << name;
    EXPECT_GE(adapter, 7) << name;
    const auto& summary = decoded.at("summary").as_object();
    EXPECT_EQ(summary.at("protocol").as_object().at("id").as_string(),
              std::string(1, protocols::protocol_digit(link->protocol())))
        << name;
    EXPECT_TRUE(summary.at("vin").is_string()) << name;
  }
}

// The connect's cost on the emulator's clock (38400 baud, 30 +/- 8 ms ECU latency, two ECUs):
// the AT exchanges are a few milliseconds each, and the probe waits once for further ECUs.
TEST(Elm327LinkSim, ConnectTimeOnTheEmulatorsClock) {
  const sim::in_process_stream* adapter = nullptr;
  auto link = sim_link("realistic_timing", &adapter);
  ASSERT_TRUE(link);
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  const auto connect_time = adapter->simulated_elapsed();
  RecordProperty("connect_us", static_cast<int>(connect_time.count()));
  EXPECT_LT(connect_time, 200ms);
  // The intake's first request costs nothing more.
  ASSERT_TRUE(link->request(
      {{0x01, 0x00, 0x20, 0x40, 0x60, 0x80, 0xA0}, request_target::functional(), std::nullopt}));
  EXPECT_EQ(adapter->simulated_elapsed(), connect_time);
  // A counted request returns with the last answer: no wait for further ECUs.
  ASSERT_TRUE(link->request({{0x01, 0x0C, 0x0D}, request_target::functional(), 2}));
  EXPECT_LT(adapter->simulated_elapsed() - connect_time, 60ms);
}

TEST(Elm327LinkSim, AggressiveAdaptiveTimingIsAnOption) {
  const sim::in_process_stream* adapter = nullptr;
  auto stream = sim::in_process_stream::open("realistic_timing", {sim::pacing::simulated, true});
  ASSERT_TRUE(stream);
  adapter = stream->get();
  elm327_options options;
  options.adaptive_timing = protocols::elm327::adaptive_timing::auto2;
  elm327_link link(std::move(*stream), options);
  ASSERT_TRUE(link.connect({})) << link.last_error_detail();
  EXPECT_EQ(link.responders().size(), 2u);
  EXPECT_NE(link.session_log().find("ATAT2"), std::string::npos);
  EXPECT_LT(adapter->simulated_elapsed(), 200ms);
}

sim::scenario with_faults(const std::string& base, std::string_view faults_json) {
  auto s = sim::load_scenario(sim::find_scenario(base)).value();
  auto extra = sim::parse_scenario(
      std::string(R"({"protocol": 6, "ecus": [{"address": "7E8", "name": "ECM"}], "faults": )") +
          std::string(faults_json) + "}",
      "faults.json", "faults");
  EXPECT_TRUE(extra) << (extra ? "" : extra.error().message());
  if (extra) s.faults = extra->faults;
  return s;
}

std::unique_ptr<elm327_link> faulty_link(const std::string& base, std::string_view faults) {
  auto stream = std::make_unique<sim::in_process_stream>(
      with_faults(base, faults), sim::in_process_options{sim::pacing::simulated, true});
  return std::make_unique<elm327_link>(std::move(stream));
}

TEST(Elm327LinkSim, CanErrorOnTheFirstTriesIsRetried) {
  auto link = faulty_link("healthy_2022", R"([{"kind": "can_error_on_first_try", "n": 1}])");
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  EXPECT_EQ(link->protocol(), obd_protocol::can11_500);
}

TEST(Elm327LinkSim, LowVoltageResetMidScanIsRecovered) {
  auto link = faulty_link("healthy_2022", R"([{"kind": "lv_reset", "n": 3}])");
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  reference_car truth("healthy_2022");
  for (std::uint8_t pid : {0x0C, 0x0D, 0x05}) {
    const byte_vector req = {0x01, pid};
    auto r = link->request({req, request_target::functional(), std::nullopt});
    ASSERT_TRUE(r) << link->last_error_detail();
    EXPECT_EQ(from_link(*r), truth.answer(req));
  }
}

TEST(Elm327LinkSim, DroppedReplyIsNoData) {
  // Request 1 is the probe, 2 shows the adapter takes the count digit, 3 is lost.
  auto link = faulty_link("healthy_2022", R"([{"kind": "drop_nth_reply", "n": 3}])");
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  ASSERT_TRUE(link->request({{0x01, 0x0D}, request_target::functional(), std::nullopt}));
  auto r = link->request({{0x01, 0x0C}, request_target::functional(), std::nullopt});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), link_error::no_data);
  EXPECT_TRUE(link->request({{0x01, 0x0C}, request_target::functional(), std::nullopt}));
}

TEST(Elm327LinkSim, BufferFullOnLongRepliesIsTyped) {
  auto link =
      faulty_link("healthy_2022", R"([{"kind": "buffer_full_on_long_replies", "n": 10}])");
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  auto r = link->request({{0x09, 0x02}, request_target::functional(), std::nullopt});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), link_error::buffer_full);
}

TEST(Elm327LinkSim, BusInitErrorOnIso9141IsRetried) {
  auto s = sim::load_scenario(sim::find_scenario("iso9141_2004")).value();
  s.faults.push_back({});
  s.faults.back().kind = sim::fault_kind::bus_init_error;
  s.faults.back().n = 1;
  auto link = std::make_unique<elm327_link>(std::make_unique<sim::in_process_stream>(
      s, sim::in_process_options{sim::pacing::simulated, true}));
  ASSERT_TRUE(link->connect({})) << link->last_error_detail();
  EXPECT_EQ(link->protocol(), obd_protocol::iso9141_2);
}

}  // namespace
}  // namespace bayscan::hardware
