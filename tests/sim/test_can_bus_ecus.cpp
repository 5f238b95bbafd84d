// Simulated ECUs on a CAN bus, driven with candump-style frames and a fake clock.
// Vectors: ISO 15765-4 identifiers (7DF / 7E0+n / 7E8+n, 18DB33F1 / 18DAxxF1 / 18DAF1xx),
// ISO 15765-2 N_PCI (SF 0L, FF 1L LL, CF 2N, FC 3S BS STmin), the ELM327 datasheet's 0100 reply
// 41 00 BE 3F A8 13.
#include <gtest/gtest.h>

#include <bayscan/sim/can_bus_ecus.hpp>
#include <functional>
#include <string>

#include "candump_format.hpp"
#include "fake_vehicle.hpp"

namespace {

using namespace std::chrono_literals;
using bayscan::byte_vector;
using bayscan::protocols::can_frame;
using bayscan::protocols::isotp_time_point;
using bayscan::sim::can_bus_ecus;
using bayscan::sim::can_bus_ecus_options;
using bayscan::sim::can_bus_event;
using bayscan::sim::timed_can_frame;
using bayscan::sim::fakes::can11;
using bayscan::sim::fakes::fake_vehicle;

const isotp_time_point t0 = isotp_time_point{} + 10s;

can_frame frame(const std::string& text) {
  return bayscan::testing::candump_frame(text);
}
std::string candump(const can_frame& f) {
  return bayscan::testing::candump_text(f);
}

std::vector<std::string> candump(const std::vector<timed_can_frame>& frames) {
  std::vector<std::string> out;
  for (const auto& f : frames) out.push_back(candump(f.frame));
  return out;
}

// Runs the bus until `until`, letting a scripted tester react to each ECU frame the moment it
// arrives (an FC answering an FF, for instance).
std::vector<timed_can_frame> run(
    can_bus_ecus& bus, isotp_time_point until,
    const std::function<std::optional<can_frame>(const timed_can_frame&)>& tester = {}) {
  std::vector<timed_can_frame> seen;
  while (auto d = bus.next_deadline()) {
    if (*d > until) break;
    for (const auto& f : bus.poll(*d)) {
      seen.push_back(f);
      if (tester) {
        if (auto reply = tester(f)) bus.on_frame(*reply, f.at);
      }
    }
  }
  return seen;
}

byte_vector ascii_reply(std::initializer_list<std::uint8_t> head, const std::string& text) {
  byte_vector b(head);
  for (char c : text) b.push_back(static_cast<std::uint8_t>(c));
  return b;
}

TEST(CanBusEcus, FunctionalRequestIsAnsweredByEachEcuFromItsOwnIdentifier) {
  auto car = bayscan::sim::fakes::two_ecu_car();
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7DF#0201000000000000"), t0);
  const auto frames = run(bus, t0 + 1s);
  // ISO 15765-4: every frame padded to DLC 8.
  EXPECT_EQ(candump(frames),
            (std::vector<std::string>{"7E8#064100BE3FA81300", "7E9#0641009818801100"}));
  // 7E8 answers after its 20 ms, 7E9 after 25 ms; each frame ends one frame time later.
  const auto d0 = bayscan::sim::can_frame_duration(frames[0].frame, 500'000);
  EXPECT_EQ(frames[0].at,
            t0 + 20ms + std::chrono::duration_cast<std::chrono::steady_clock::duration>(d0));
  EXPECT_GT(frames[1].at, t0 + 25ms);
  ASSERT_EQ(car.seen.size(), 1u);
  EXPECT_EQ(car.seen[0].first, (byte_vector{0x01, 0x00}));
  EXPECT_FALSE(car.seen[0].second.has_value());  // functional

  const auto events = bus.take_events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, can_bus_event::kind::request);
  EXPECT_FALSE(events[0].physical_target);
  EXPECT_EQ(events[1].type, can_bus_event::kind::reply);
  EXPECT_EQ(events[1].ecu.id, 0x7E8u);
  EXPECT_EQ(events[1].bus_time,
            std::chrono::duration_cast<std::chrono::microseconds>(frames[0].at - t0));
  EXPECT_EQ(events[2].ecu.id, 0x7E9u);
}

TEST(CanBusEcus, FrameTimeAt500kbitIsAQuarterMillisecond) {
  // ISO 11898-1: an 8-byte base frame is 108 bits + 3 intermission + stuff bits; extended 128 + 3.
  const auto base = bayscan::sim::can_frame_duration(frame("7E8#064100BE3FA81300"), 500'000);
  EXPECT_GE(base, 222us);
  EXPECT_LE(base, 270us);
  const auto ext = bayscan::sim::can_frame_duration(frame("18DAF110#064100BE3FA81300"), 500'000);
  EXPECT_GE(ext, 262us);
  EXPECT_LE(ext, 320us);
  // An all-zero payload needs a stuff bit after every five zeros.
  const auto zeros = bayscan::sim::can_frame_duration(frame("000#0000000000000000"), 500'000);
  EXPECT_GT(zeros, base);
  EXPECT_EQ(bayscan::sim::can_frame_duration(frame("7E8#064100BE3FA81300"), 250'000), 2 * base);
}

TEST(CanBusEcus, EcusReadyTogetherInterleaveFrameByFrameLowerIdFirst) {
  fake_vehicle car;
  car.replies[{0x09, 0x02}] = {
      {can11(0x7E9), ascii_reply({0x49, 0x02, 0x01}, "JT2BF22K1W0123456"), 10ms, {}},
      {can11(0x7E8), ascii_reply({0x49, 0x02, 0x01}, "1HGCM82633A004352"), 10ms, {}}};
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7DF#0209020000000000"), t0);
  // The tester sends FC CTS BS=0 STmin=1 ms to each ECU's physical request identifier. While
  // one ECU sits out its STmin the other gets the bus; had both been ready (STmin 0), 7E8 would
  // win every arbitration and send all its CFs first.
  const auto frames = run(bus, t0 + 1s, [](const timed_can_frame& f) -> std::optional<can_frame> {
    if ((f.frame.data[0] >> 4) != 1) return std::nullopt;
    return frame(f.frame.id == 0x7E8 ? "7E0#3000010000000000" : "7E1#3000010000000000");
  });
  ASSERT_EQ(frames.size(), 6u);
  EXPECT_EQ(candump(frames[0].frame), "7E8#1014490201314847");  // both ready at 10 ms: 7E8 wins
  EXPECT_EQ(candump(frames[1].frame), "7E9#10144902014A5432");
  EXPECT_EQ(candump(frames[2].frame), "7E8#21434D3832363333");  // "CM82633"
  EXPECT_EQ(candump(frames[3].frame), "7E9#21424632324B3157");  // "BF22K1W"
  EXPECT_EQ(candump(frames[4].frame), "7E8#2241303034333532");  // "A004352"
  EXPECT_EQ(candump(frames[5].frame), "7E9#2230313233343536");  // "0123456"
  // One bus: no two frames overlap in time.
  for (std::size_t i = 1; i < frames.size(); ++i) {
    const auto d = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        bayscan::sim::can_frame_duration(frames[i].frame, 500'000));
    EXPECT_GE(frames[i].at - d, frames[i - 1].at) << i;
  }
  EXPECT_EQ(frames[1].at - frames[0].at,
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                bayscan::sim::can_frame_duration(frames[1].frame, 500'000)));
}

TEST(CanBusEcus, SegmentedReplyHonoursBlockSizeAndStMin) {
  fake_vehicle car;
  // 30 bytes: FF with 6, then 4 CFs (7+7+7+3).
  auto calid = ascii_reply({0x49, 0x04, 0x02}, "JMB*36761500PSA-CAL0001");
  ASSERT_EQ(calid.size(), 26u);
  calid.insert(calid.end(), 4, 0x00);
  car.replies[byte_vector{0x09, 0x04}] = {{can11(0x7E8), calid, 15ms, {}}};
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7E0#0209040000000000"), t0);
  ASSERT_EQ(car.seen.size(), 1u);
  EXPECT_EQ(car.seen[0].second, std::optional<std::uint32_t>(0x7E0));
  int fcs = 0;
  // FC CTS BS=2 STmin=5 ms after the FF and again after each block of two CFs.
  const auto frames = run(bus, t0 + 2s, [&](const timed_can_frame& f) -> std::optional<can_frame> {
    const int pci = f.frame.data[0] >> 4;
    const bool block_end = pci == 2 && (f.frame.data[0] & 0x0F) == 2;
    if (pci != 1 && !block_end) return std::nullopt;
    ++fcs;
    return frame("7E0#3002050000000000");
  });
  ASSERT_EQ(frames.size(), 5u);
  EXPECT_EQ(candump(frames[0].frame), "7E8#101E4904024A4D42");
  EXPECT_EQ(frames[0].frame.data[0], 0x10);
  EXPECT_EQ(frames[0].frame.data[1], 0x1E);  // FF_DL 30
  for (int i = 1; i <= 4; ++i)
    EXPECT_EQ(frames[static_cast<std::size_t>(i)].frame.data[0], 0x20 + i);
  EXPECT_EQ(fcs, 2);
  // STmin counts from the end of the previous CF to the start of the next (9.6.5.4).
  auto start = [&](std::size_t i) {
    return frames[i].at - std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              bayscan::sim::can_frame_duration(frames[i].frame, 500'000));
  };
  EXPECT_EQ(start(2) - frames[1].at, 5ms);
  EXPECT_EQ(start(4) - frames[3].at, 5ms);
  // After the block's second CF the ECU waited for the FC; STmin still separates the CFs.
  EXPECT_EQ(start(3) - frames[2].at, 5ms);
  // The last CF carries the 3 remaining bytes and is padded.
  EXPECT_EQ(candump(frames[4].frame), "7E8#2400000000000000");
  const auto events = bus.take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, can_bus_event::kind::reply);
  EXPECT_EQ(events[1].bytes.size(), 30u);
}

TEST(CanBusEcus, InterFrameGapIsAFloorUnderStMin) {
  auto car = bayscan::sim::fakes::two_ecu_car();  // VIN reply with a 1 ms inter-frame gap
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7E0#0209020000000000"), t0);
  const auto frames = run(bus, t0 + 1s, [](const timed_can_frame& f) -> std::optional<can_frame> {
    if ((f.frame.data[0] >> 4) != 1) return std::nullopt;
    return frame("7E0#3000000000000000");
  });
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(candump(frames[1].frame), "7E8#214A433534343452");  // "JC5444R"
  const auto d = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      bayscan::sim::can_frame_duration(frames[2].frame, 500'000));
  EXPECT_EQ(frames[2].at - d - frames[1].at, 1ms);
}

TEST(CanBusEcus, WithoutFlowControlTheReplyIsAbandonedAfterNBs) {
  auto car = bayscan::sim::fakes::two_ecu_car();
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7E0#0209020000000000"), t0);
  const auto frames = run(bus, t0 + 1s);
  ASSERT_EQ(frames.size(), 1u);  // the FF, and nothing after it
  EXPECT_EQ(candump(frames[0].frame), "7E8#1014490201314731");
  EXPECT_FALSE(bus.next_deadline().has_value());
  const auto events = bus.take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, can_bus_event::kind::reply_abandoned);
  EXPECT_EQ(events[1].at, frames[0].at + bayscan::sim::obd_ecu_n_bs);
  EXPECT_NE(events[1].detail.find("N_Bs"), std::string::npos) << events[1].detail;
  // A late FC changes nothing.
  bus.on_frame(frame("7E0#3000000000000000"), t0 + 2s);
  EXPECT_TRUE(bus.poll(t0 + 3s).empty());
}

TEST(CanBusEcus, FlowControlOverflowAbandonsTheReply) {
  auto car = bayscan::sim::fakes::two_ecu_car();
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7E0#0209020000000000"), t0);
  const auto frames = run(bus, t0 + 1s, [](const timed_can_frame&) -> std::optional<can_frame> {
    return frame("7E0#3200000000000000");
  });
  ASSERT_EQ(frames.size(), 1u);
  const auto events = bus.take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].type, can_bus_event::kind::reply_abandoned);
}

TEST(CanBusEcus, TwentyNineBitScenarioIgnoresElevenBitFramesAndViceVersa) {
  fake_vehicle car;
  car.car_protocol = bayscan::protocols::obd_protocol::can29_500;
  car.replies[{0x01, 0x00}] = {
      {{0x18DAF110, true, true}, {0x41, 0x00, 0xBE, 0x3F, 0xA8, 0x13}, 5ms, {}}};
  auto bus = can_bus_ecus::create(car).value();
  EXPECT_TRUE(bus.extended());
  bus.on_frame(frame("7DF#0201000000000000"), t0);
  EXPECT_TRUE(car.seen.empty());
  bus.on_frame(frame("18DB33F1#0201000000000000"), t0);
  const auto frames = run(bus, t0 + 1s);
  EXPECT_EQ(candump(frames), (std::vector<std::string>{"18DAF110#064100BE3FA81300"}));

  auto car11 = bayscan::sim::fakes::two_ecu_car();
  auto bus11 = can_bus_ecus::create(car11).value();
  bus11.on_frame(frame("18DB33F1#0201000000000000"), t0);
  EXPECT_TRUE(car11.seen.empty());
  EXPECT_FALSE(bus11.next_deadline().has_value());
}

TEST(CanBusEcus, BothReadyTheLowerIdentifierWinsEveryArbitration) {
  fake_vehicle car;
  car.replies[{0x09, 0x02}] = {
      {can11(0x7E9), ascii_reply({0x49, 0x02, 0x01}, "JT2BF22K1W0123456"), 10ms, {}},
      {can11(0x7E8), ascii_reply({0x49, 0x02, 0x01}, "1HGCM82633A004352"), 10ms, {}}};
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7DF#0209020000000000"), t0);
  const auto frames = run(bus, t0 + 1s, [](const timed_can_frame& f) -> std::optional<can_frame> {
    if ((f.frame.data[0] >> 4) != 1) return std::nullopt;
    return frame(f.frame.id == 0x7E8 ? "7E0#3000000000000000" : "7E1#3000000000000000");
  });
  std::vector<std::uint32_t> ids;
  for (const auto& f : frames) ids.push_back(f.frame.id);
  EXPECT_EQ(ids, (std::vector<std::uint32_t>{0x7E8, 0x7E9, 0x7E8, 0x7E8, 0x7E9, 0x7E9}));
}

TEST(CanBusEcus, SegmentedPhysicalRequestGetsTheEcusFlowControl) {
  fake_vehicle car;
  can_bus_ecus_options options;
  options.ecus = {can11(0x7E8)};
  auto bus = can_bus_ecus::create(car, options).value();
  // A 9-byte request: FF, the ECU's FC (CTS, BS 0, STmin 0, padded), CF.
  bus.on_frame(frame("7E0#1009220102F18CF1"), t0);
  auto fc = bus.poll(t0 + 1ms);
  EXPECT_EQ(candump(fc), (std::vector<std::string>{"7E8#3000000000000000"}));
  bus.on_frame(frame("7E0#2190F400000000"), t0 + 2ms);
  ASSERT_EQ(car.seen.size(), 1u);
  EXPECT_EQ(car.seen[0].first, (byte_vector{0x22, 0x01, 0x02, 0xF1, 0x8C, 0xF1, 0x90, 0xF4, 0x00}));
  EXPECT_EQ(car.seen[0].second, std::optional<std::uint32_t>(0x7E0));

  // Nobody lives at 7E3: a FirstFrame there gets no FlowControl.
  bus.on_frame(frame("7E3#1009220102F18CF1"), t0 + 10ms);
  EXPECT_TRUE(bus.poll(t0 + 20ms).empty());
}

TEST(CanBusEcus, SegmentedFunctionalRequestIsRefused) {
  auto car = bayscan::sim::fakes::two_ecu_car();
  auto bus = can_bus_ecus::create(car).value();
  bus.on_frame(frame("7DF#1009220102F18CF1"), t0);
  EXPECT_TRUE(car.seen.empty());
  EXPECT_TRUE(run(bus, t0 + 1s).empty());
  const auto events = bus.take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, can_bus_event::kind::rejected);
}

TEST(CanBusEcus, LegacyScenarioCannotBeServedOnCan) {
  fake_vehicle car;
  car.car_protocol = bayscan::protocols::obd_protocol::iso9141_2;
  auto bus = can_bus_ecus::create(car);
  ASSERT_FALSE(bus);
  EXPECT_EQ(bus.error(), bayscan::sim::can_bus_error::not_a_can_protocol);
  EXPECT_NE(bus.error().message().find("not CAN"), std::string::npos);
}

}  // namespace
