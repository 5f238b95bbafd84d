// The socketcand codec without sockets: element framing over arbitrary byte splits, frame
// lines exactly as socketcand's state_raw prints them ("< frame %03X %ld.%06ld " + "%02X"... +
// " >"), the spaced form from doc/protocol.md, garbage, and the client commands.
#include <gtest/gtest.h>

#include <bayscan/hardware/memory_stream.hpp>
#include <bayscan/hardware/socketcand_channel.hpp>
#include <bayscan/hardware/socketcand_protocol.hpp>
#include <string>
#include <vector>

namespace {

using namespace std::chrono_literals;
using bayscan::hardware::deadline_after;
using bayscan::hardware::socketcand_message;
using bayscan::hardware::socketcand_parser;
using bayscan::hardware::transport_error;
using bayscan::protocols::can_frame;
using kind = socketcand_message::kind;

std::vector<socketcand_message> drain(socketcand_parser& p) {
  std::vector<socketcand_message> out;
  while (auto m = p.next()) {
    EXPECT_TRUE(*m) << m->error().message();
    if (*m) out.push_back(m->value());
  }
  return out;
}

TEST(socketcand_parser, handshake_and_raw_frame_as_socketcand_prints_them) {
  socketcand_parser p;
  p.feed(std::string_view("< hi >< ok >< ok >< frame 7E8 1700000000.123456 064100BE3FA813 >"));
  const auto msgs = drain(p);
  ASSERT_EQ(msgs.size(), 4u);
  EXPECT_EQ(msgs[0].type, kind::hi);
  EXPECT_EQ(msgs[1].type, kind::ok);
  EXPECT_EQ(msgs[2].type, kind::ok);
  ASSERT_EQ(msgs[3].type, kind::frame);
  const can_frame& f = msgs[3].frame;
  EXPECT_EQ(f.id, 0x7E8u);
  EXPECT_FALSE(f.extended);
  ASSERT_EQ(f.dlc, 7);
  EXPECT_EQ(bayscan::to_hex(f.payload()), "06 41 00 BE 3F A8 13");
  EXPECT_EQ(msgs[3].timestamp_us, 1700000000123456ull);
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(socketcand_parser, every_split_of_the_byte_stream_gives_the_same_elements) {
  const std::string wire =
      "< frame 18DAF110 23.424242 1014490201314731 >\r\n< error bus off >< frame 7E9 0.5 >";
  for (std::size_t cut = 0; cut <= wire.size(); ++cut) {
    socketcand_parser p;
    p.feed(std::string_view(wire).substr(0, cut));
    auto msgs = drain(p);
    p.feed(std::string_view(wire).substr(cut));
    for (auto& m : drain(p)) msgs.push_back(m);
    ASSERT_EQ(msgs.size(), 3u) << "cut at " << cut;
    EXPECT_TRUE(msgs[0].frame.extended);
    EXPECT_EQ(msgs[0].frame.id, 0x18DAF110u);
    EXPECT_EQ(msgs[0].frame.dlc, 8);
    EXPECT_EQ(msgs[0].timestamp_us, 23424242u);
    EXPECT_EQ(msgs[1].type, kind::error);
    EXPECT_EQ(msgs[1].text, "bus off");
    EXPECT_EQ(msgs[2].frame.dlc, 0);
    EXPECT_EQ(msgs[2].timestamp_us, 500000u);  // ".5" is half a second
  }
}

TEST(socketcand_parser, spaced_data_from_the_protocol_document_is_accepted) {
  auto m = bayscan::hardware::parse_socketcand_element("frame 123 23.424242 11 22 33 44");
  ASSERT_TRUE(m);
  EXPECT_EQ(bayscan::to_hex(m->frame.payload()), "11 22 33 44");
}

TEST(socketcand_parser, other_well_formed_elements_are_reported_not_rejected) {
  socketcand_parser p;
  p.feed(std::string_view("< echo >< stat 120 10 80 8 >< fdframe 123 00 1.000000 00 >"));
  const auto msgs = drain(p);
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(msgs[0].type, kind::echo);
  EXPECT_EQ(msgs[1].type, kind::other);
  EXPECT_EQ(msgs[1].text, "stat 120 10 80 8");
  EXPECT_EQ(msgs[2].type, kind::other);
}

struct garbage_case {
  const char* wire;
  const char* quoted;  // the detail must quote this
};
void PrintTo(const garbage_case& c, std::ostream* os) { *os << '"' << c.wire << '"'; }


class socketcand_garbage : public ::testing::TestWithParam<garbage_case> {};

TEST_P(socketcand_garbage, is_a_protocol_error_naming_the_text_and_parsing_resumes) {
  socketcand_parser p;
  p.feed(std::string_view(GetParam().wire));
  p.feed(std::string_view("< frame 7E8 1.000000 0141 >"));
  auto first = p.next();
  ASSERT_TRUE(first);
  ASSERT_FALSE(*first);
  EXPECT_EQ(first->error(), transport_error::protocol_error);
  EXPECT_NE(first->error().detail.find(GetParam().quoted), std::string::npos)
      << first->error().detail;
  // The parser skipped the bad text: the next good element still comes through.
  std::optional<socketcand_message> frame;
  while (auto m = p.next()) {
    if (*m && m->value().type == kind::frame) frame = m->value();
  }
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->frame.id, 0x7E8u);
}

INSTANTIATE_TEST_SUITE_P(
    wire_garbage, socketcand_garbage,
    ::testing::Values(garbage_case{"HTTP/1.1 400 Bad Request\r\n", "HTTP/1.1 400"},
                      garbage_case{"< frame 7E8 xyz 0641 >", "frame 7E8 xyz 0641"},
                      garbage_case{"< frame 7E8 1.0 064 >", "064"},  // odd hex digits
                      garbage_case{"< frame 7E8 1.0 0102030405060708090A >",
                                   "0102030405"},                         // 10 bytes
                      garbage_case{"< frame 12345 1.0 01 >", "12345"},    // 5-digit id
                      garbage_case{"< frame 800 1.0 01 >", "frame 800"},  // > 0x7FF
                      garbage_case{"< frame 7E8 >", "frame 7E8"},
                      garbage_case{"< frame 7E8 1.0 01 < ok >", "frame 7E8 1.0 01"},
                      garbage_case{"< >", "< >"}, garbage_case{"< 4711 >", "4711"}));

TEST(socketcand_parser, an_element_that_never_closes_is_rejected_once_over_the_limit) {
  socketcand_parser p;
  p.feed(std::string_view("< frame 7E8 1.0 "));
  EXPECT_FALSE(p.next());  // still waiting for '>'
  p.feed(std::string(socketcand_parser::max_element_length, 'A'));
  auto m = p.next();
  ASSERT_TRUE(m);
  ASSERT_FALSE(*m);
  EXPECT_EQ(m->error(), transport_error::protocol_error);
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(socketcand_format, client_commands_match_the_protocol) {
  EXPECT_EQ(bayscan::hardware::format_socketcand_open("can0"), "< open can0 >");
  EXPECT_EQ(bayscan::hardware::format_socketcand_rawmode(), "< rawmode >");
  can_frame request;
  request.id = 0x7DF;
  request.dlc = 8;
  request.data = {0x02, 0x01, 0x00, 0, 0, 0, 0, 0};
  EXPECT_EQ(bayscan::hardware::format_socketcand_send(request),
            "< send 7DF 8 02 01 00 00 00 00 00 00 >");
  can_frame ext;
  ext.id = 0x18DB33F1;
  ext.extended = true;
  ext.dlc = 2;
  ext.data = {0x01, 0xF1};
  EXPECT_EQ(bayscan::hardware::format_socketcand_send(ext), "< send 18DB33F1 2 01 F1 >");
  can_frame empty;
  empty.id = 0x12;
  EXPECT_EQ(bayscan::hardware::format_socketcand_send(empty), "< send 012 0 >");
  EXPECT_EQ(bayscan::hardware::format_socketcand_frame(ext, 23424242),
            "< frame 18DB33F1 23.424242 01F1 >");
}

TEST(socketcand_format, server_frame_lines_parse_back) {
  can_frame f;
  f.id = 0x7E8;
  f.dlc = 8;
  f.data = {0x10, 0x14, 0x49, 0x02, 0x01, 0x31, 0x47, 0x31};
  socketcand_parser p;
  p.feed(bayscan::hardware::format_socketcand_frame(f, 1700000000000001));
  auto m = p.next();
  ASSERT_TRUE(m && *m);
  EXPECT_EQ(m->value().frame, f);
  EXPECT_EQ(m->value().timestamp_us, 1700000000000001ull);
}

// Handshake failures through the channel, over a scripted in-memory server.
using bayscan::hardware::memory_stream;

// A server end that has already sent `greeting` and the answers to the client's commands
// (the client sends them in a fixed order, so they can be queued up front).
struct scripted_server {
  std::unique_ptr<memory_stream> client;
  std::unique_ptr<memory_stream> server;  // kept open: a closed server would read as adapter_lost

  explicit scripted_server(std::string wire) {
    auto [c, s] = memory_stream::make_pair("socketcand");
    client = std::move(c);
    server = std::move(s);
    EXPECT_TRUE(server->write(
        bayscan::byte_span(reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size()),
        deadline_after(1s)));
  }
};

TEST(socketcand_channel, a_refused_bus_is_no_such_device_quoting_the_server) {
  scripted_server script("< hi >< error could not open bus >");
  auto ch = bayscan::hardware::socketcand_channel::open_over(std::move(script.client), "can9",
                                                             deadline_after(1s));
  ASSERT_FALSE(ch);
  EXPECT_EQ(ch.error(), transport_error::no_such_device);
  EXPECT_NE(ch.error().detail.find("could not open bus"), std::string::npos) << ch.error().detail;
}

TEST(socketcand_channel, a_server_that_is_not_socketcand_is_a_protocol_error) {
  scripted_server script("SSH-2.0-OpenSSH_9.2\r\n");
  auto ch = bayscan::hardware::socketcand_channel::open_over(std::move(script.client), "can0",
                                                             deadline_after(1s));
  ASSERT_FALSE(ch);
  EXPECT_EQ(ch.error(), transport_error::protocol_error);
  EXPECT_NE(ch.error().detail.find("SSH-2.0"), std::string::npos) << ch.error().detail;
}

TEST(socketcand_channel, a_silent_server_is_connect_timeout) {
  scripted_server script("");
  auto ch = bayscan::hardware::socketcand_channel::open_over(std::move(script.client), "can0",
                                                             deadline_after(50ms));
  ASSERT_FALSE(ch);
  EXPECT_EQ(ch.error(), transport_error::connect_timeout);
}

TEST(socketcand_channel, garbage_after_the_handshake_is_a_protocol_error_naming_it) {
  scripted_server script("< hi >< ok >< ok >< frame 7E8 1.0 0G41 >");
  auto ch = bayscan::hardware::socketcand_channel::open_over(std::move(script.client), "can0",
                                                             deadline_after(1s));
  ASSERT_TRUE(ch) << ch.error().message();
  std::string sent;
  while (sent.size() < 24) {
    std::uint8_t buf[64];
    auto n = script.server->read_some(buf, deadline_after(1s));
    ASSERT_TRUE(n);
    sent.append(reinterpret_cast<const char*>(buf), *n);
  }
  EXPECT_EQ(sent, "< open can0 >< rawmode >");
  auto got = (*ch)->receive(deadline_after(1s));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error(), transport_error::protocol_error);
  EXPECT_NE((*ch)->last_error_detail().find("0G41"), std::string::npos)
      << (*ch)->last_error_detail();
  EXPECT_NE((*ch)->description().find("/can0"), std::string::npos);
}

TEST(socketcand_channel, server_error_reports_are_bus_errors_and_the_channel_goes_on) {
  scripted_server script("< hi >< ok >< ok >< error 004 1.000000 >< frame 7E8 1.000001 0141 >");
  auto ch = bayscan::hardware::socketcand_channel::open_over(std::move(script.client), "can0",
                                                             deadline_after(1s));
  ASSERT_TRUE(ch);
  auto first = (*ch)->receive(deadline_after(1s));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error(), transport_error::bus_error);
  auto second = (*ch)->receive(deadline_after(1s));
  ASSERT_TRUE(second);
  EXPECT_EQ(bayscan::to_hex(second->payload()), "01 41");
}

}  // namespace
