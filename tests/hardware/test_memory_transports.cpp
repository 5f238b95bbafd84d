// The in-memory transports drivers are tested on: a memory_stream whose peer is a function
// (an ELM327 stand-in answering literal adapter traffic), fragmented delivery, hang-ups, and the
// fault-injection loops of style lesson 11: fail the Nth operation, N upward, until the whole
// exchange succeeds, checking every failure is adapter_lost and stays lost.
#include <gtest/gtest.h>

#include <bayscan/hardware/memory_can_bus.hpp>
#include <bayscan/hardware/memory_stream.hpp>
#include <map>
#include <string>

namespace {

using namespace std::chrono_literals;
using bayscan::byte_span;
using bayscan::byte_vector;
using bayscan::hardware::deadline_after;
using bayscan::hardware::memory_fault_plan;
using bayscan::hardware::memory_stream;
using bayscan::hardware::transport_error;
using bayscan::protocols::can_frame;

byte_span bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
byte_vector vec(std::string_view s) {
  return {s.begin(), s.end()};
}

// Answers the way an ELM327 with echo off does (reply lines, blank line, prompt).
memory_stream::peer_reply elm_answer(byte_span written) {
  static const std::map<std::string, std::string> replies{
      {"ATZ\r", "\r\rELM327 v1.5\r\r>"},
      {"0100\r", "41 00 BE 3F A8 13 \r\r>"},
      {"010C\r", "41 0C 1A F8 \r\r>"},
  };
  const std::string cmd(written.begin(), written.end());
  const auto it = replies.find(cmd);
  return {vec(it == replies.end() ? "?\r\r>" : it->second), false};
}

// What a driver does for one command: write it, read until the prompt.
bayscan::result<std::string> command(bayscan::hardware::byte_stream& s, std::string_view cmd) {
  if (auto w = s.write(bytes_of(cmd), deadline_after(1s)); !w) return w.error();
  std::string reply;
  const auto until = deadline_after(1s);
  while (reply.find('>') == std::string::npos) {
    std::uint8_t buf[32];
    auto got = s.read_some(buf, until);
    if (!got) return got.error();
    reply.append(reinterpret_cast<const char*>(buf), *got);
  }
  return reply;
}

bayscan::result<void> session(bayscan::hardware::byte_stream& s) {
  for (const char* cmd : {"ATZ\r", "0100\r", "010C\r"}) {
    auto r = command(s, cmd);
    if (!r) return r.error();
  }
  return {};
}

TEST(memory_stream, peer_function_answers_each_command) {
  auto s = memory_stream::with_peer(elm_answer, "elm");
  auto r = command(*s, "0100\r");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, "41 00 BE 3F A8 13 \r\r>");
  EXPECT_EQ(*command(*s, "ATX\r"), "?\r\r>");
}

TEST(memory_stream, fragmented_delivery_hands_out_at_most_the_chunk_size) {
  auto s = memory_stream::with_peer(elm_answer, "elm");
  s->set_faults({.max_read_chunk = 2});
  ASSERT_TRUE(s->write(bytes_of("010C\r"), deadline_after(1s)));
  std::string reply;
  std::size_t reads = 0;
  while (reply.find('>') == std::string::npos) {
    std::uint8_t buf[32];
    auto got = s->read_some(buf, deadline_after(1s));
    ASSERT_TRUE(got);
    EXPECT_LE(*got, 2u);
    reply.append(reinterpret_cast<const char*>(buf), *got);
    ++reads;
  }
  EXPECT_EQ(reply, "41 0C 1A F8 \r\r>");
  EXPECT_EQ(reads, (reply.size() + 1) / 2);
}

TEST(memory_stream, peer_hanging_up_mid_reply_delivers_the_partial_reply_then_adapter_lost) {
  auto s = memory_stream::with_peer([](byte_span) {
    return memory_stream::peer_reply{vec("41 00 BE"), true};
  });
  auto r = command(*s, "0100\r");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), transport_error::adapter_lost);
  EXPECT_NE(s->last_error_detail().find("peer closed"), std::string::npos);
  auto again = s->write(bytes_of("0100\r"), deadline_after(1s));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error(), transport_error::adapter_lost);
}

TEST(memory_stream, a_lost_end_is_seen_as_a_hang_up_by_the_other_end) {
  auto [a, b] = memory_stream::make_pair();
  a->set_faults({.fail_write_at = 1});
  auto w = a->write(bytes_of("ATZ\r"), deadline_after(1s));
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error(), transport_error::adapter_lost);
  EXPECT_NE(a->last_error_detail().find("injected fault: write #1"), std::string::npos);
  std::uint8_t buf[8];
  auto r = b->read_some(buf, deadline_after(1s));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), transport_error::adapter_lost);
}

// Style lesson 11 for byte streams: each write position, then each read position.
TEST(memory_stream, fault_injection_loop_over_every_write) {
  std::size_t n = 1;
  for (;; ++n) {
    ASSERT_LT(n, 100u) << "the session never succeeded";
    auto s = memory_stream::with_peer(elm_answer, "elm");
    s->set_faults({.fail_write_at = n, .max_read_chunk = 3});
    auto r = session(*s);
    if (r) break;
    EXPECT_EQ(r.error(), transport_error::adapter_lost) << "write " << n;
    EXPECT_EQ(s->write_count(), n);  // it stopped at the failing write, no retry behind our back
    auto after = s->read_some(std::span<std::uint8_t>(), deadline_after(10ms));
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error(), transport_error::adapter_lost);  // lost stays lost
  }
  EXPECT_EQ(n, 4u);  // three commands: failing writes 1..3 broke it, the 4th would come after
}

TEST(memory_stream, fault_injection_loop_over_every_read) {
  std::size_t reads_in_clean_session = 0;
  {
    auto s = memory_stream::with_peer(elm_answer, "elm");
    s->set_faults({.max_read_chunk = 3});
    ASSERT_TRUE(session(*s));
    reads_in_clean_session = s->read_count();
  }
  std::size_t n = 1;
  for (;; ++n) {
    ASSERT_LT(n, 200u);
    auto s = memory_stream::with_peer(elm_answer, "elm");
    s->set_faults({.fail_read_at = n, .max_read_chunk = 3});
    auto r = session(*s);
    if (r) break;
    EXPECT_EQ(r.error(), transport_error::adapter_lost) << "read " << n;
    EXPECT_EQ(s->read_count(), n);
  }
  EXPECT_EQ(n, reads_in_clean_session + 1);
}

// --- memory_can_bus -------------------------------------------------------------------------

can_frame frame(std::uint32_t id, std::initializer_list<std::uint8_t> data) {
  can_frame f;
  f.id = id;
  f.extended = id > 0x7FF;
  f.dlc = static_cast<std::uint8_t>(data.size());
  std::copy(data.begin(), data.end(), f.data.begin());
  return f;
}

// A simulated ECM as a listener: answers 09 02 (VIN) with a 3-frame ISO-TP reply, sending the
// consecutive frames after the tester's flow control (ISO 15765-2 FF / FC / CF).
void add_vin_ecu(bayscan::hardware::memory_can_bus& bus) {
  bus.add_listener([&bus](const can_frame& f) {
    if (f.id == 0x7DF && f.data[0] == 0x02 && f.data[1] == 0x09 && f.data[2] == 0x02) {
      bus.inject(frame(0x7E8, {0x10, 0x14, 0x49, 0x02, 0x01, 0x31, 0x47, 0x31}));  // FF, 20 bytes
    } else if (f.id == 0x7E0 && (f.data[0] & 0xF0) == 0x30) {
      bus.inject(frame(0x7E8, {0x21, 0x4A, 0x43, 0x35, 0x34, 0x34, 0x34, 0x52}));
      bus.inject(frame(0x7E8, {0x22, 0x37, 0x32, 0x35, 0x32, 0x33, 0x36, 0x37}));
    }
  });
}

bayscan::result<std::string> read_vin(bayscan::hardware::can_channel& tester) {
  if (auto s = tester.send(frame(0x7DF, {0x02, 0x09, 0x02, 0, 0, 0, 0, 0}), deadline_after(1s)); !s)
    return s.error();
  auto ff = tester.receive(deadline_after(1s));
  if (!ff) return ff.error();
  if (auto s = tester.send(frame(0x7E0, {0x30, 0x00, 0x00, 0, 0, 0, 0, 0}), deadline_after(1s)); !s)
    return s.error();
  std::string vin(ff->data.begin() + 5, ff->data.end());
  for (int i = 0; i < 2; ++i) {
    auto cf = tester.receive(deadline_after(1s));
    if (!cf) return cf.error();
    vin.append(cf->data.begin() + 1, cf->data.end());
  }
  return vin;
}

TEST(memory_can_bus, a_listener_ecu_answers_without_a_thread) {
  auto bus = bayscan::hardware::memory_can_bus::create();
  add_vin_ecu(*bus);
  auto tester = bus->attach("tester");
  ASSERT_TRUE(tester->set_filters(bayscan::hardware::obd_response_filters()));
  auto vin = read_vin(*tester);
  ASSERT_TRUE(vin) << vin.error().message();
  EXPECT_EQ(*vin, "1G1JC5444R7252367");
  EXPECT_EQ(bus->frames_carried(), 5u);
}

TEST(memory_can_bus, a_sender_does_not_receive_its_own_frame_but_every_other_node_does) {
  auto bus = bayscan::hardware::memory_can_bus::create();
  auto a = bus->attach("a");
  auto b = bus->attach("b");
  auto c = bus->attach("c");
  ASSERT_TRUE(a->send(frame(0x7DF, {0x02, 0x01, 0x00}), deadline_after(1s)));
  EXPECT_TRUE(b->receive(deadline_after(1s)));
  EXPECT_TRUE(c->receive(deadline_after(1s)));
  auto own = a->receive(deadline_after(20ms));
  ASSERT_FALSE(own);
  EXPECT_EQ(own.error(), transport_error::timeout);
}

TEST(memory_can_bus, fault_injection_loop_over_every_send_and_receive) {
  for (bool sends : {true, false}) {
    std::size_t n = 1;
    for (;; ++n) {
      ASSERT_LT(n, 20u);
      auto bus = bayscan::hardware::memory_can_bus::create();
      add_vin_ecu(*bus);
      auto tester = bus->attach("tester");
      tester->set_faults(sends ? bayscan::hardware::memory_can_fault_plan{.fail_send_at = n}
                               : bayscan::hardware::memory_can_fault_plan{.fail_receive_at = n});
      auto vin = read_vin(*tester);
      if (vin) {
        EXPECT_EQ(*vin, "1G1JC5444R7252367");
        break;
      }
      EXPECT_EQ(vin.error(), transport_error::adapter_lost);
      auto after = tester->receive(deadline_after(10ms));
      ASSERT_FALSE(after);
      EXPECT_EQ(after.error(), transport_error::adapter_lost);
    }
    EXPECT_EQ(n, sends ? 3u : 4u);  // 2 sends, 3 receives in a VIN read
  }
}

}  // namespace
