// ISO 15765-2 sender and receiver on the fake clock: candump traces, 4095-byte round trips in
// both directions with BS / STmin variants checked by the timestamps of the CFs, SN wrap, flow
// control WAIT / OVFLW, N_Bs / N_Cr / N_As timeouts and padding.
#include <bayscan/protocols/isotp_receiver.hpp>
#include <bayscan/protocols/isotp_sender.hpp>

#include "protocols/isotp_test_support.hpp"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

namespace bayscan::protocols {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::candump;
using test::frame;
using test::t0;

// A sender and a receiver facing each other on the simulated bus.
struct link {
  isotp_sender sender;
  isotp_receiver receiver;
  std::vector<error_code> sender_errors, receiver_errors;
  std::vector<byte_vector> delivered;
  test::bus_endpoint tx{"sender",
                        [this](isotp_time_point now) { return sender.poll(now); },
                        [this](const can_frame& f, isotp_time_point now) {
                          if (auto r = sender.on_frame(f, now); !r) sender_errors.push_back(r.error());
                        },
                        [this] { return sender.next_deadline(); },
                        [this](isotp_time_point now) {
                          if (auto r = sender.on_timeout(now); !r) sender_errors.push_back(r.error());
                        }};
  test::bus_endpoint rx{"receiver",
                        [this](isotp_time_point now) { return receiver.poll(now); },
                        [this](const can_frame& f, isotp_time_point now) {
                          auto r = receiver.on_frame(f, now);
                          if (!r) receiver_errors.push_back(r.error());
                          else if (*r == isotp_rx_progress::complete) delivered.push_back(receiver.take_message());
                        },
                        [this] { return receiver.next_deadline(); },
                        [this](isotp_time_point now) {
                          if (auto r = receiver.on_timeout(now); !r) receiver_errors.push_back(r.error());
                        }};

  link(isotp_sender_config s, isotp_receiver_config r) : sender(s), receiver(r) {}

  std::vector<test::bus_record> send(const byte_vector& message, const test::bus_filter& filter = {}) {
    EXPECT_TRUE(sender.start(message, t0));
    return test::run_bus({&tx, &rx}, t0, at(3600s), filter);
  }
};

// Tester -> ECU uses 7E0 with FC back on 7E8; ECU -> tester the reverse (ISO 15765-4).
isotp_sender_config sender_on(std::uint32_t id, std::uint8_t pad = isotp_default_padding) {
  isotp_sender_config c;
  c.frame = {id, false, true, pad};
  return c;
}
isotp_receiver_config receiver_answering_on(std::uint32_t fc_id, std::uint8_t bs = 0, std::uint8_t st_min = 0) {
  isotp_receiver_config c;
  c.fc_frame = {fc_id, false, true, isotp_default_padding};
  c.flow.block_size = bs;
  c.flow.st_min = st_min;
  return c;
}

std::vector<std::string> dump(const std::vector<test::bus_record>& log) {
  std::vector<std::string> out;
  for (const auto& r : log) out.push_back(candump(r.frame));
  return out;
}

TEST(IsotpSender, SingleFrameFunctionalRequest) {
  isotp_sender s(sender_on(0x7DF));
  ASSERT_TRUE(s.start(*parse_hex("01 00"), t0));
  EXPECT_EQ(s.next_deadline(), t0);
  EXPECT_EQ(candump(s.poll(t0)), std::vector<std::string>{"7DF#020100CCCCCCCCCC"});
  EXPECT_EQ(s.state(), isotp_transfer_state::complete);
  EXPECT_EQ(s.next_deadline(), std::nullopt);
  EXPECT_TRUE(s.poll(at(1s)).empty());
}

TEST(IsotpSender, StartRejectsEmptyTooLongAndBusy) {
  isotp_sender s(sender_on(0x7E8));
  EXPECT_EQ(s.start({}, t0).error(), isotp_error::empty_message);
  EXPECT_EQ(s.start(test::pattern(4096), t0).error(), isotp_error::message_too_long);
  ASSERT_TRUE(s.start(test::pattern(4095), t0));
  EXPECT_EQ(s.start(test::pattern(3), t0).error(), isotp_error::busy);
}

TEST(IsotpLink, VinReplyAsCandumpShowsIt) {
  // 09 02 reply from the ECM: FF, the tester's FC (BS 0, STmin 0), two CFs.
  link l(sender_on(0x7E8, 0xAA), receiver_answering_on(0x7E0));
  const byte_vector vin_reply = *parse_hex("49 02 01 31 47 31 4A 43 35 34 34 34 52 37 32 35 32 33 36 37");
  const auto log = l.send(vin_reply);
  EXPECT_EQ(dump(log), (std::vector<std::string>{"7E8#1014490201314731", "7E0#300000CCCCCCCCCC",
                                                 "7E8#214A433534343452", "7E8#2237323532333637"}));
  ASSERT_EQ(l.delivered.size(), 1u);
  EXPECT_EQ(l.delivered[0], vin_reply);
  EXPECT_TRUE(l.sender_errors.empty());
  EXPECT_TRUE(l.receiver_errors.empty());
  EXPECT_EQ(l.sender.state(), isotp_transfer_state::complete);
}

// ---- 4095-byte round trips: (sender id, FC id, BS, STmin) ----
using round_trip_case = std::tuple<std::uint32_t, std::uint32_t, int, int>;
class IsotpRoundTrip : public ::testing::TestWithParam<round_trip_case> {};

TEST_P(IsotpRoundTrip, LargestMessageHonoursBlockSizeAndSeparationTime) {
  const auto [data_id, fc_id, bs, st] = GetParam();
  link l(sender_on(data_id), receiver_answering_on(fc_id, static_cast<std::uint8_t>(bs), static_cast<std::uint8_t>(st)));
  const byte_vector message = test::pattern(isotp_max_message);
  const auto log = l.send(message);

  ASSERT_EQ(l.delivered.size(), 1u);
  EXPECT_EQ(l.delivered[0], message);
  EXPECT_TRUE(l.sender_errors.empty());
  EXPECT_TRUE(l.receiver_errors.empty());

  // FF then 585 CFs: (4095 - 6) / 7 rounded up.
  const std::size_t cf_total = (isotp_max_message - isotp_ff_data_bytes + 6) / 7;
  ASSERT_EQ(cf_total, 585u);
  std::size_t cfs = 0, fcs = 0;
  const auto gap = isotp_st_min_duration(static_cast<std::uint8_t>(st));
  for (std::size_t i = 0; i < log.size(); ++i) {
    const can_frame& f = log[i].frame;
    EXPECT_EQ(f.dlc, 8) << candump(f);
    if (f.id == fc_id) {
      ++fcs;
      EXPECT_EQ(f.data[0], 0x30);
      continue;
    }
    if ((f.data[0] >> 4) != 2) continue;
    ++cfs;
    EXPECT_EQ(f.data[0] & 0x0F, cfs % 16) << "SN must run 1..F, 0, 1.. (9.6.4)";
    const auto& prev = log[i - 1];
    if (prev.frame.id == data_id && (prev.frame.data[0] >> 4) == 2) {
      EXPECT_EQ(log[i].at - prev.at, gap) << "CF " << cfs;  // STmin between CFs of one block
    } else {
      EXPECT_EQ(log[i].at, prev.at) << "CF " << cfs;  // first CF goes right after the FF / FC
    }
  }
  EXPECT_EQ(cfs, cf_total);
  // BS = 0: one FC after the FF. BS = n: one after the FF and one after every n CFs but the last.
  const std::size_t expected_fcs = bs == 0 ? 1 : 1 + (cf_total - 1) / static_cast<std::size_t>(bs);
  EXPECT_EQ(fcs, expected_fcs);
  if (bs == 0) {
    EXPECT_EQ(log.back().at - t0, gap * (cf_total - 1));
  }
}

INSTANTIATE_TEST_SUITE_P(
    BothRoles, IsotpRoundTrip,
    ::testing::Values(round_trip_case{0x7E8, 0x7E0, 0, 0x00},   // ECU answers the tester
                      round_trip_case{0x7E8, 0x7E0, 3, 0x00},
                      round_trip_case{0x7E8, 0x7E0, 0, 0x0A},   // STmin 10 ms
                      round_trip_case{0x7E8, 0x7E0, 0, 0xF5},   // STmin 500 us
                      round_trip_case{0x7E8, 0x7E0, 3, 0x0A},
                      round_trip_case{0x7E0, 0x7E8, 0, 0x00},   // tester sends to the ECU
                      round_trip_case{0x7E0, 0x7E8, 3, 0x00},
                      round_trip_case{0x7E0, 0x7E8, 0, 0x0A},
                      round_trip_case{0x7E0, 0x7E8, 0, 0xF5},
                      round_trip_case{0x7E0, 0x7E8, 3, 0xF5}));

TEST(IsotpLink, ReservedSeparationTimeMeans127Milliseconds) {
  for (std::uint8_t reserved : {std::uint8_t{0x80}, std::uint8_t{0xF0}, std::uint8_t{0xFA}, std::uint8_t{0xFF}}) {
    link l(sender_on(0x7E8), receiver_answering_on(0x7E0, 0, reserved));
    const auto log = l.send(test::pattern(20));
    ASSERT_EQ(l.delivered.size(), 1u);
    EXPECT_EQ(l.sender.separation_time(), 127ms);
    ASSERT_EQ(log.size(), 4u);  // FF, FC, CF 1, CF 2
    EXPECT_EQ(log[3].at - log[2].at, 127ms) << int{reserved};
  }
}

TEST(IsotpLink, WaitFramesThenClearToSend) {
  isotp_receiver_config rc = receiver_answering_on(0x7E0);
  rc.wait_frames = 2;
  rc.wait_interval = 900ms;  // two WAITs span 1.8 s > N_Bs: each WAIT restarts N_Bs (9.8)
  link l(sender_on(0x7E8), rc);
  const auto log = l.send(test::pattern(20));
  ASSERT_EQ(l.delivered.size(), 1u);
  EXPECT_TRUE(l.sender_errors.empty());
  EXPECT_EQ(dump(log)[1], "7E0#310000CCCCCCCCCC");
  EXPECT_EQ(log[1].at, t0);
  EXPECT_EQ(dump(log)[2], "7E0#310000CCCCCCCCCC");
  EXPECT_EQ(log[2].at, at(900ms));
  EXPECT_EQ(dump(log)[3], "7E0#300000CCCCCCCCCC");
  EXPECT_EQ(log[3].at, at(1800ms));
  EXPECT_EQ(log[4].at, at(1800ms));  // first CF right after the CTS
}

TEST(IsotpLink, TooManyWaitFramesAbortTheSender) {
  isotp_sender_config sc = sender_on(0x7E8);
  sc.timeouts.n_wft_max = 2;
  isotp_receiver_config rc = receiver_answering_on(0x7E0);
  rc.wait_frames = 3;
  rc.wait_interval = 10ms;
  link l(sc, rc);
  l.send(test::pattern(20));
  EXPECT_EQ(l.sender.state(), isotp_transfer_state::failed);
  EXPECT_EQ(l.sender.error(), isotp_error::wait_limit_exceeded);
  ASSERT_FALSE(l.sender_errors.empty());
  EXPECT_EQ(l.sender_errors[0], isotp_error::wait_limit_exceeded);
  EXPECT_TRUE(l.delivered.empty());
  // The receiver, having sent its CTS into the void, gives up after N_Cr.
  EXPECT_EQ(l.receiver.error(), isotp_error::timeout_n_cr);
}

TEST(IsotpLink, OverflowRefusesTooLongMessage) {
  isotp_receiver_config rc = receiver_answering_on(0x7E0);
  rc.flow.max_message = 100;
  link l(sender_on(0x7E8), rc);
  const auto log = l.send(test::pattern(200));
  EXPECT_EQ(dump(log), (std::vector<std::string>{"7E8#10C8030A11181F26", "7E0#320000CCCCCCCCCC"}));
  EXPECT_EQ(l.receiver_errors, std::vector<error_code>{isotp_error::buffer_overflow});
  EXPECT_EQ(l.sender.error(), isotp_error::overflow_reported);
  EXPECT_EQ(l.sender_errors, std::vector<error_code>{isotp_error::overflow_reported});
  EXPECT_TRUE(l.delivered.empty());
}

TEST(IsotpSender, FlowControlTimeoutNBs) {
  isotp_sender s(sender_on(0x7E8));
  ASSERT_TRUE(s.start(test::pattern(20), t0));
  EXPECT_EQ(candump(s.poll(t0)), std::vector<std::string>{"7E8#1014030A11181F26"});
  EXPECT_EQ(s.next_deadline(), at(1000ms));
  EXPECT_TRUE(s.on_timeout(at(999ms)));
  EXPECT_TRUE(s.poll(at(999ms)).empty());  // no CF before an FC
  EXPECT_EQ(s.on_timeout(at(1000ms)).error(), isotp_error::timeout_n_bs);
  EXPECT_EQ(s.state(), isotp_transfer_state::failed);
  EXPECT_TRUE(s.poll(at(2s)).empty());
  // A late FC changes nothing.
  EXPECT_TRUE(s.on_frame(frame("7E0#300000CCCCCCCCCC"), at(2s)));
  EXPECT_TRUE(s.poll(at(2s)).empty());
}

TEST(IsotpSender, BlockEndWaitsForNextFlowControlWithinNBs) {
  isotp_sender s(sender_on(0x7E8));
  ASSERT_TRUE(s.start(test::pattern(40), t0));
  s.poll(t0);
  ASSERT_TRUE(s.on_frame(frame("7E0#300200CCCCCCCCCC"), at(5ms)));  // BS 2
  EXPECT_EQ(s.poll(at(5ms)).size(), 2u);
  EXPECT_EQ(s.next_deadline(), at(1005ms));
  EXPECT_EQ(s.on_timeout(at(1005ms)).error(), isotp_error::timeout_n_bs);
}

TEST(IsotpSender, ReservedFlowStatusAborts) {
  isotp_sender s(sender_on(0x7E8));
  ASSERT_TRUE(s.start(test::pattern(20), t0));
  s.poll(t0);
  EXPECT_EQ(s.on_frame(frame("7E0#350000CCCCCCCCCC"), at(1ms)).error(), isotp_error::reserved_fs);
  EXPECT_EQ(s.state(), isotp_transfer_state::failed);
  EXPECT_EQ(s.error(), isotp_error::reserved_fs);
}

TEST(IsotpSender, IgnoresFramesItIsNotWaitingFor) {
  isotp_sender s(sender_on(0x7E8));
  ASSERT_TRUE(s.start(test::pattern(30), t0));
  s.poll(t0);
  EXPECT_TRUE(s.on_frame(frame("7E0#0201000000000000"), at(1ms)));  // not an FC
  EXPECT_EQ(s.on_frame(frame("7E0#30"), at(1ms)).error(), isotp_error::frame_too_short);  // ignored
  EXPECT_EQ(s.state(), isotp_transfer_state::in_progress);
  ASSERT_TRUE(s.on_frame(frame("7E0#30000ACCCCCCCCCC"), at(2ms)));  // STmin 10 ms
  EXPECT_EQ(s.poll(at(2ms)).size(), 1u);
  // A second FC while CFs flow (BS 0) is unexpected and ignored: STmin stays 10 ms (9.8).
  EXPECT_TRUE(s.on_frame(frame("7E0#300000CCCCCCCCCC"), at(3ms)));
  EXPECT_TRUE(s.poll(at(11ms)).empty());
  EXPECT_EQ(s.poll(at(12ms)).size(), 1u);
}

TEST(IsotpSender, TransmitConfirmationTimeoutNAs) {
  isotp_sender_config sc = sender_on(0x7E8);
  sc.confirm_transmission = true;
  isotp_sender s(sc);
  ASSERT_TRUE(s.start(test::pattern(5), t0));
  EXPECT_EQ(s.poll(t0).size(), 1u);
  EXPECT_EQ(s.state(), isotp_transfer_state::in_progress);
  EXPECT_EQ(s.next_deadline(), at(1000ms));
  EXPECT_EQ(s.on_timeout(at(1000ms)).error(), isotp_error::timeout_n_as);
}

TEST(IsotpSender, SeparationTimeCountsFromTransmitConfirmation) {
  isotp_sender_config sc = sender_on(0x7E8);
  sc.confirm_transmission = true;
  isotp_sender s(sc);
  ASSERT_TRUE(s.start(test::pattern(30), t0));
  s.poll(t0);
  s.on_transmitted(at(1ms));
  EXPECT_EQ(s.next_deadline(), at(1001ms));  // N_Bs from the confirmed FF
  ASSERT_TRUE(s.on_frame(frame("7E0#300005CCCCCCCCCC"), at(2ms)));
  EXPECT_EQ(s.poll(at(2ms)).size(), 1u);
  EXPECT_TRUE(s.poll(at(10ms)).empty());  // not confirmed yet: no second CF
  s.on_transmitted(at(3ms));
  EXPECT_EQ(s.next_deadline(), at(8ms));
  EXPECT_TRUE(s.poll(at(7ms)).empty());
  EXPECT_EQ(s.poll(at(8ms)).size(), 1u);
}

TEST(IsotpSender, PaddingByteIsConfigurableOrOff) {
  isotp_sender s55(sender_on(0x7E8, 0x55));
  ASSERT_TRUE(s55.start(*parse_hex("41 0D 32"), t0));
  EXPECT_EQ(candump(s55.poll(t0)), std::vector<std::string>{"7E8#03410D3255555555"});
  isotp_sender_config bare = sender_on(0x7E8);
  bare.frame.pad = false;
  isotp_sender s(bare);
  ASSERT_TRUE(s.start(test::pattern(15), t0));
  s.poll(t0);
  ASSERT_TRUE(s.on_frame(frame("7E0#300000"), t0));
  EXPECT_EQ(candump(s.poll(t0)), (std::vector<std::string>{"7E8#212D343B42495057", "7E8#225E65"}));
}

TEST(IsotpReceiver, AcceptsAnyPaddingAndUnpaddedLastFrame) {
  for (const char* pad : {"00", "AA", "CC", "55", ""}) {
    isotp_receiver r(receiver_answering_on(0x7E0));
    ASSERT_TRUE(r.on_frame(frame("7E8#100E490201314731"), t0));
    r.poll(t0);
    ASSERT_TRUE(r.on_frame(frame("7E8#214A433534343452"), at(1ms)));
    std::string last = std::string("7E8#2237");
    for (int i = 0; pad[0] != 0 && i < 6; ++i) last += pad;
    auto p = r.on_frame(frame(last), at(2ms));
    ASSERT_TRUE(p) << last;
    EXPECT_EQ(*p, isotp_rx_progress::complete);
    EXPECT_EQ(to_hex(r.take_message()), "49 02 01 31 47 31 4A 43 35 34 34 34 52 37") << last;
  }
}

TEST(IsotpReceiver, FlowControlAfterFirstFrameAndEveryBlock) {
  isotp_receiver r(receiver_answering_on(0x7E0, 2, 0x05));
  ASSERT_EQ(*r.on_frame(frame("7E8#1014490201314731"), t0), isotp_rx_progress::in_progress);
  EXPECT_EQ(candump(r.poll(t0)), std::vector<std::string>{"7E0#300205CCCCCCCCCC"});
  EXPECT_TRUE(r.poll(t0).empty());
  ASSERT_TRUE(r.on_frame(frame("7E8#214A433534343452"), at(1ms)));
  EXPECT_TRUE(r.poll(at(1ms)).empty());
  ASSERT_TRUE(r.on_frame(frame("7E8#2237323532333637"), at(7ms)));
  EXPECT_EQ(r.state(), isotp_transfer_state::complete);
  EXPECT_TRUE(r.poll(at(7ms)).empty());  // no FC after the last CF, even at a block end
}

TEST(IsotpReceiver, WrongSequenceNumberAbortsReception) {
  isotp_receiver r(receiver_answering_on(0x7E0));
  ASSERT_TRUE(r.on_frame(frame("7E8#1014490201314731"), t0));
  r.poll(t0);
  EXPECT_EQ(r.on_frame(frame("7E8#2237323532333637"), at(1ms)).error(), isotp_error::wrong_sn);
  EXPECT_EQ(r.state(), isotp_transfer_state::failed);
  EXPECT_EQ(r.error(), isotp_error::wrong_sn);
  // What follows of the broken message is unexpected, not a new message.
  EXPECT_EQ(r.on_frame(frame("7E8#214A433534343452"), at(2ms)).error(), isotp_error::unexpected_cf);
  EXPECT_EQ(r.next_deadline(), std::nullopt);
}

TEST(IsotpReceiver, SequenceNumberWrapsFromFToZero) {
  isotp_receiver r(receiver_answering_on(0x7E0));
  ASSERT_TRUE(r.on_frame(frame("7E8#1078000000000000"), t0));  // 120 bytes: 6 + 17 CFs
  r.poll(t0);
  for (int k = 1; k <= 15; ++k) {
    char f[32];
    std::snprintf(f, sizeof f, "7E8#2%X00000000000000", k);
    ASSERT_TRUE(r.on_frame(frame(f), at(std::chrono::milliseconds(k)))) << k;
  }
  EXPECT_EQ(r.on_frame(frame("7E8#2100000000000000"), at(20ms)).error(), isotp_error::wrong_sn)
      << "after SN F comes 0, not 1";
  ASSERT_TRUE(r.on_frame(frame("7E8#1078000000000000"), at(30ms)));
  r.poll(at(30ms));
  for (int k = 1; k <= 15; ++k) {
    char f[32];
    std::snprintf(f, sizeof f, "7E8#2%X00000000000000", k);
    ASSERT_TRUE(r.on_frame(frame(f), at(30ms)));
  }
  EXPECT_EQ(*r.on_frame(frame("7E8#2000000000000000"), at(31ms)), isotp_rx_progress::in_progress);
  EXPECT_EQ(*r.on_frame(frame("7E8#2100000000000000"), at(32ms)), isotp_rx_progress::complete);
  EXPECT_EQ(r.take_message().size(), 120u);
}

TEST(IsotpReceiver, ConsecutiveFrameTimeoutNCr) {
  isotp_receiver r(receiver_answering_on(0x7E0));
  ASSERT_TRUE(r.on_frame(frame("7E8#1014490201314731"), t0));
  EXPECT_EQ(r.next_deadline(), t0);  // the FC is due
  r.poll(at(2ms));
  EXPECT_EQ(r.next_deadline(), at(1002ms));  // N_Cr from our FC
  ASSERT_TRUE(r.on_frame(frame("7E8#214A433534343452"), at(300ms)));
  EXPECT_EQ(r.next_deadline(), at(1300ms));  // and again from each CF
  EXPECT_TRUE(r.on_timeout(at(1299ms)));
  EXPECT_EQ(r.on_timeout(at(1300ms)).error(), isotp_error::timeout_n_cr);
  EXPECT_EQ(r.state(), isotp_transfer_state::failed);
  EXPECT_EQ(r.next_deadline(), std::nullopt);
}

TEST(IsotpReceiver, UnexpectedConsecutiveFrameWhileIdle) {
  isotp_receiver r(receiver_answering_on(0x7E0));
  EXPECT_EQ(r.on_frame(frame("7E8#214A433534343452"), t0).error(), isotp_error::unexpected_cf);
  EXPECT_EQ(r.state(), isotp_transfer_state::idle);
  EXPECT_EQ(*r.on_frame(frame("7E8#300000"), t0), isotp_rx_progress::ignored);  // an FC
}

TEST(IsotpReceiver, NewSingleFrameReplacesReceptionInProgress) {
  isotp_receiver r(receiver_answering_on(0x7E0));
  ASSERT_TRUE(r.on_frame(frame("7E8#1014490201314731"), t0));
  r.poll(t0);
  EXPECT_EQ(*r.on_frame(frame("7E8#037F0978CCCCCCCC"), at(5ms)), isotp_rx_progress::complete);  // 9.8
  EXPECT_EQ(to_hex(r.take_message()), "7F 09 78");
  EXPECT_EQ(r.next_deadline(), std::nullopt);
}

TEST(IsotpReceiver, TruncatedConsecutiveFrameAbortsReception) {
  isotp_receiver r(receiver_answering_on(0x7E0));
  ASSERT_TRUE(r.on_frame(frame("7E8#1014490201314731"), t0));
  r.poll(t0);
  EXPECT_EQ(r.on_frame(frame("7E8#214A4335"), at(1ms)).error(), isotp_error::frame_too_short);
  EXPECT_EQ(r.state(), isotp_transfer_state::failed);
}

TEST(IsotpReceiver, ConsecutiveFrameBeforeOurClearToSendIsRejected) {
  isotp_receiver_config rc = receiver_answering_on(0x7E0);
  rc.wait_frames = 1;
  rc.wait_interval = 50ms;
  isotp_receiver r(rc);
  ASSERT_TRUE(r.on_frame(frame("7E8#1014490201314731"), t0));
  EXPECT_EQ(candump(r.poll(t0)), std::vector<std::string>{"7E0#310000CCCCCCCCCC"});
  EXPECT_EQ(r.on_frame(frame("7E8#214A433534343452"), at(1ms)).error(), isotp_error::unexpected_cf);
  EXPECT_EQ(r.state(), isotp_transfer_state::failed);
}

}  // namespace
}  // namespace bayscan::protocols
