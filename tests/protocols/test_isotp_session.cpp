// The tester's functional and physical sessions against simulated ECUs (isotp_channel):
// per-responder reassembly with FlowControl to each ECU's physical request ID (ISO 15765-4),
// 11-bit and 29-bit identifiers, the P2CAN response window, and 4095-byte exchanges in both roles.
#include <bayscan/protocols/isotp_addressing.hpp>
#include <bayscan/protocols/isotp_session.hpp>

#include "protocols/isotp_bus_nodes.hpp"
#include "protocols/isotp_test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace bayscan::protocols {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::candump;
using test::frame;
using test::t0;

std::vector<std::string> dump(const std::vector<test::bus_record>& log) {
  std::vector<std::string> out;
  for (const auto& r : log) out.push_back(candump(r.frame));
  return out;
}

TEST(IsotpSession, TwoEcusInterleaveMultiFrameRepliesToOneFunctionalRequest) {
  // 09 02 to everyone; ECM (7E8) and TCM (7E9) both answer with 20 bytes, frames interleaved.
  isotp_session s = isotp_session::functional();
  ASSERT_TRUE(s.start(*parse_hex("09 02"), t0));
  EXPECT_EQ(candump(s.poll(t0)), std::vector<std::string>{"7DF#020902CCCCCCCCCC"});

  EXPECT_TRUE(s.on_frame(frame("7E8#1014490201314731"), at(10ms)));
  EXPECT_EQ(candump(s.poll(at(10ms))), std::vector<std::string>{"7E0#300000CCCCCCCCCC"});
  EXPECT_TRUE(s.on_frame(frame("7E9#1014490201324732"), at(11ms)));
  EXPECT_EQ(candump(s.poll(at(11ms))), std::vector<std::string>{"7E1#300000CCCCCCCCCC"});
  EXPECT_TRUE(s.on_frame(frame("7E8#214A433534343452"), at(12ms)));
  EXPECT_TRUE(s.on_frame(frame("7E9#2141414141414141"), at(12ms)));
  EXPECT_TRUE(s.on_frame(frame("7E9#2242424242424242"), at(13ms)));
  EXPECT_TRUE(s.take_responses().size() == 1);  // 7E9 is whole first
  EXPECT_TRUE(s.on_frame(frame("7E8#2237323532333637"), at(13ms)));
  auto rs = s.take_responses();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(to_string(rs[0].source), "7E8");
  ASSERT_TRUE(rs[0].message);
  EXPECT_EQ(to_hex(*rs[0].message), "49 02 01 31 47 31 4A 43 35 34 34 34 52 37 32 35 32 33 36 37");
  EXPECT_TRUE(s.poll(at(13ms)).empty());  // no FC after a last CF
  EXPECT_FALSE(s.finished());
  s.on_timeout(at(50ms));  // P2CAN after the request
  EXPECT_TRUE(s.finished());
}

TEST(IsotpSession, SimulatedEcusAnswerFunctionalRequestIndependently) {
  isotp_session_config cfg;
  cfg.flow.st_min = 0x01;  // 1 ms between CFs, so both ECUs' CFs interleave on the bus
  test::tester_node tester(isotp_session::functional(cfg));
  const byte_vector ecm_reply = test::pattern(40), tcm_reply = test::pattern(33);
  test::ecu_node ecm(test::ecu_config(0x7E0, 0x7E8), [&](const byte_vector&) { return ecm_reply; }, "ecm");
  test::ecu_node tcm(test::ecu_config(0x7E1, 0x7E9), [&](const byte_vector&) { return tcm_reply; }, "tcm");
  ASSERT_TRUE(tester.session.start(*parse_hex("09 04"), t0));
  const auto log = test::run_bus({&tester.ep, &ecm.ep, &tcm.ep}, t0, at(10s));
  const auto lines = dump(log);

  ASSERT_EQ(tester.responses.size(), 2u);
  for (const auto& r : tester.responses) {
    ASSERT_TRUE(r.message) << to_string(r.source);
    EXPECT_EQ(*r.message, r.source.id == 0x7E8 ? ecm_reply : tcm_reply);
  }
  EXPECT_TRUE(tester.session.finished());
  EXPECT_TRUE(ecm.errors.empty());
  EXPECT_TRUE(tcm.errors.empty());
  ASSERT_EQ(ecm.requests.size(), 1u);
  EXPECT_TRUE(ecm.requests[0].functional);
  // Each ECU got its own FC on its physical request ID, and the CFs really interleave.
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "7E0#300001CCCCCCCCCC"), 1);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "7E1#300001CCCCCCCCCC"), 1);
  auto first_cf = [&](const char* prefix) {
    return std::find_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
  };
  auto last_cf = [&](const char* prefix) {
    return std::find_if(lines.rbegin(), lines.rend(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
  };
  EXPECT_LT(first_cf("7E9#21"), last_cf("7E8#2").base());
  EXPECT_LT(first_cf("7E8#21"), last_cf("7E9#2").base());
}

TEST(IsotpSession, TwentyNineBitResponsesGetFlowControlOnNormalFixedAddresses) {
  isotp_session_config cfg;
  cfg.extended = true;
  test::tester_node tester(isotp_session::functional(cfg));
  test::ecu_node ecm(test::ecu_config(0x18DA10F1, 0x18DAF110, true), [](const byte_vector&) { return test::pattern(30); },
                     "ecm");
  test::ecu_node tcm(test::ecu_config(0x18DA1AF1, 0x18DAF11A, true), [](const byte_vector&) { return test::pattern(9); },
                     "tcm");
  ASSERT_TRUE(tester.session.start(*parse_hex("09 02"), t0));
  const auto lines = dump(test::run_bus({&tester.ep, &ecm.ep, &tcm.ep}, t0, at(10s)));
  EXPECT_EQ(lines[0], "18DB33F1#020902CCCCCCCCCC");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "18DA10F1#300000CCCCCCCCCC"), lines.end());
  EXPECT_NE(std::find(lines.begin(), lines.end(), "18DA1AF1#300000CCCCCCCCCC"), lines.end());
  ASSERT_EQ(tester.responses.size(), 2u);
  for (const auto& r : tester.responses) {
    EXPECT_TRUE(r.source.extended);
    ASSERT_TRUE(r.message);
    EXPECT_EQ(*r.message, test::pattern(r.source.id == 0x18DAF110 ? 30 : 9));
  }
  EXPECT_EQ(to_string(tester.responses[0].source).size(), 8u);
}

TEST(IsotpSession, IgnoresFramesOfOtherExchanges) {
  isotp_session s = isotp_session::functional();
  EXPECT_FALSE(s.on_frame(frame("7E8#064100BE3FA81300"), t0)) << "not started yet";
  ASSERT_TRUE(s.start(*parse_hex("01 00"), t0));
  s.poll(t0);
  EXPECT_FALSE(s.on_frame(frame("7E0#0201000000000000"), t0));     // another tester's request
  EXPECT_FALSE(s.on_frame(frame("123#0102030405060708"), t0));     // ordinary traffic
  EXPECT_FALSE(s.on_frame(frame("18DAF110#064100BE3FA81300"), t0));  // 29-bit on an 11-bit session
  EXPECT_TRUE(s.on_frame(frame("7E8#064100BE3FA81300"), at(5ms)));
  auto rs = s.take_responses();
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(to_hex(*rs[0].message), "41 00 BE 3F A8 13");
}

TEST(IsotpSession, FunctionalRequestMustBeOneSingleFrame) {
  isotp_session s = isotp_session::functional();
  EXPECT_EQ(s.start(test::pattern(8), t0).error(), isotp_error::functional_multi_frame);
  EXPECT_TRUE(s.start(test::pattern(7), t0));
  EXPECT_EQ(s.start(test::pattern(2), t0).error(), isotp_error::busy);
}

TEST(IsotpSession, ResponderStuckMidMessageTimesOutAloneAfterNCr) {
  isotp_session s = isotp_session::functional();
  ASSERT_TRUE(s.start(*parse_hex("09 02"), t0));
  s.poll(t0);
  ASSERT_TRUE(s.on_frame(frame("7E8#1014490201314731"), at(5ms)));
  s.poll(at(5ms));
  ASSERT_TRUE(s.on_frame(frame("7E9#0649020101020304"), at(6ms)));
  s.on_timeout(at(50ms));
  EXPECT_FALSE(s.finished()) << "7E8 is still midway";
  EXPECT_EQ(s.next_deadline(), at(1005ms));
  s.on_timeout(at(1005ms));
  EXPECT_TRUE(s.finished());
  auto rs = s.take_responses();
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(to_string(rs[0].source), "7E9");
  EXPECT_TRUE(rs[0].message);
  EXPECT_EQ(to_string(rs[1].source), "7E8");
  EXPECT_EQ(rs[1].message.error(), isotp_error::timeout_n_cr);
}

TEST(IsotpSession, NoResponderMeansFinishedWithNothing) {
  isotp_session s = isotp_session::functional();
  ASSERT_TRUE(s.start(*parse_hex("01 A6"), t0));
  s.poll(t0);
  EXPECT_EQ(s.next_deadline(), at(50ms));
  s.on_timeout(at(49ms));
  EXPECT_FALSE(s.finished());
  s.extend_response_window(at(5050ms));  // e.g. after NRC 0x78 "response pending"
  s.on_timeout(at(50ms));
  EXPECT_FALSE(s.finished());
  s.on_timeout(at(5050ms));
  EXPECT_TRUE(s.finished());
  EXPECT_TRUE(s.take_responses().empty());
  EXPECT_EQ(s.next_deadline(), std::nullopt);
}

TEST(IsotpSession, PhysicalSessionRequiresAnObdResponseId) {
  EXPECT_FALSE(isotp_session::physical(0x7DF).has_value());
  auto s = isotp_session::physical(0x7EA);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->request_id(), 0x7E2u);
}

// 4095 bytes each way through the physical session and an ECU channel, with the receiving side's
// BS / STmin honoured by the other.
TEST(IsotpSession, PhysicalExchangeOfLargestMessagesInBothRoles) {
  isotp_session_config cfg;
  cfg.flow = {3, 0xF5, isotp_max_message};  // tester asks the ECU for BS 3, STmin 500 us
  auto session = isotp_session::physical(0x7E8, cfg);
  ASSERT_TRUE(session);
  test::tester_node tester(std::move(*session));
  isotp_channel_config ec = test::ecu_config(0x7E0, 0x7E8);
  ec.flow = {0, 0x02, isotp_max_message};  // ECU asks the tester for BS 0, STmin 2 ms
  const byte_vector request = test::pattern(4095);
  byte_vector answer = test::pattern(4095);
  std::reverse(answer.begin(), answer.end());
  test::ecu_node ecm(ec, [&](const byte_vector&) { return answer; }, "ecm");
  ASSERT_TRUE(tester.session.start(request, t0));
  const auto log = test::run_bus({&tester.ep, &ecm.ep}, t0, at(3600s));

  ASSERT_EQ(ecm.requests.size(), 1u);
  EXPECT_EQ(ecm.requests[0].data, request);
  EXPECT_FALSE(ecm.requests[0].functional);
  ASSERT_EQ(tester.responses.size(), 1u);
  ASSERT_TRUE(tester.responses[0].message);
  EXPECT_EQ(*tester.responses[0].message, answer);
  EXPECT_FALSE(tester.session.request_error());
  EXPECT_TRUE(ecm.errors.empty());
  EXPECT_TRUE(tester.session.finished());

  // Gaps between CFs of one block: 2 ms for the tester's CFs, 500 us for the ECU's.
  std::size_t tester_gaps = 0, ecu_gaps = 0;
  for (std::size_t i = 1; i < log.size(); ++i) {
    const auto& a = log[i - 1];
    const auto& b = log[i];
    if (a.frame.id != b.frame.id || (a.frame.data[0] >> 4) != 2 || (b.frame.data[0] >> 4) != 2) continue;
    if (b.frame.id == 0x7E0) {
      EXPECT_EQ(b.at - a.at, 2ms);
      ++tester_gaps;
    } else {
      EXPECT_EQ(b.at - a.at, 500us);
      ++ecu_gaps;
    }
  }
  EXPECT_EQ(tester_gaps, 584u);        // 585 CFs in one block
  EXPECT_EQ(ecu_gaps, 585u - 195u);    // blocks of 3: two gaps per block of three
  const auto ecu_fcs = std::count_if(log.begin(), log.end(), [](const test::bus_record& r) {
    return r.frame.id == 0x7E0 && r.frame.data[0] == 0x30;
  });
  EXPECT_EQ(ecu_fcs, 195);
}

TEST(IsotpChannel, FunctionalFirstFrameIsRefused) {
  isotp_channel ecu(test::ecu_config(0x7E0, 0x7E8));
  auto r = ecu.on_frame(frame("7DF#1014490201314731"), t0);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->error(), isotp_error::functional_multi_frame);
  EXPECT_TRUE(ecu.poll(t0).empty()) << "no FC into a functional request";
  EXPECT_FALSE(ecu.on_frame(frame("7E1#0201000000000000"), t0)) << "another ECU's request";
  auto sf = ecu.on_frame(frame("7DF#0201000000000000"), t0);
  ASSERT_TRUE(sf && *sf);
  EXPECT_TRUE((*sf)->functional);
  EXPECT_EQ(to_hex((*sf)->data), "01 00");
}

}  // namespace
}  // namespace bayscan::protocols
