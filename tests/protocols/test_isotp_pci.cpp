// N_PCI vectors (ISO 15765-2:2016 9.6) in candump notation, STmin encoding (9.6.5.4) and the
// ISO 15765-4 identifier mapping.
#include <bayscan/protocols/isotp_addressing.hpp>
#include <bayscan/protocols/isotp_pci.hpp>

#include "protocols/isotp_test_support.hpp"

#include <gtest/gtest.h>

#include <variant>

namespace bayscan::protocols {
namespace {

using namespace std::chrono_literals;
using test::candump;
using test::frame;

result<isotp_pdu> decode(std::string_view candump_frame) {
  // The decoded spans point into this static frame; each test uses the result immediately.
  static can_frame f;
  f = frame(candump_frame);
  return decode_isotp_pdu(f.payload());
}

TEST(IsotpPci, SingleFrameReplyToService01Pid00) {
  // ECM answers 01 00 with 41 00 BE 3F A8 13: SF_DL 6, padding 00 after the data.
  auto pdu = decode("7E8#064100BE3FA81300");
  ASSERT_TRUE(pdu);
  const auto* sf = std::get_if<isotp_single_frame>(&*pdu);
  ASSERT_NE(sf, nullptr);
  EXPECT_EQ(to_hex(sf->data), "41 00 BE 3F A8 13");
}

TEST(IsotpPci, SingleFrameWithoutPaddingIsAccepted) {
  auto pdu = decode("7E8#03410D32");
  ASSERT_TRUE(pdu);
  EXPECT_EQ(to_hex(std::get<isotp_single_frame>(*pdu).data), "41 0D 32");
}

TEST(IsotpPci, FirstFrameOfVinReply) {
  // 09 02 answer: FF_DL = 0x014 = 20 bytes (49 02 01 + 17 VIN characters), first 6 bytes here.
  auto pdu = decode("7E8#1014490201314731");
  ASSERT_TRUE(pdu);
  const auto& ff = std::get<isotp_first_frame>(*pdu);
  EXPECT_EQ(ff.ff_dl, 20);
  EXPECT_EQ(to_hex(ff.data), "49 02 01 31 47 31");
}

TEST(IsotpPci, FirstFrameWithLargestClassicLength) {
  auto pdu = decode("7E8#1FFF000102030405");
  ASSERT_TRUE(pdu);
  EXPECT_EQ(std::get<isotp_first_frame>(*pdu).ff_dl, 4095);
}

TEST(IsotpPci, ConsecutiveFrameCarriesSequenceNumber) {
  auto pdu = decode("7E8#214A344A34344235");
  ASSERT_TRUE(pdu);
  const auto& cf = std::get<isotp_consecutive_frame>(*pdu);
  EXPECT_EQ(cf.sn, 1);
  EXPECT_EQ(to_hex(cf.data), "4A 34 4A 34 34 42 35");
  EXPECT_EQ(std::get<isotp_consecutive_frame>(*decode("7E8#2F00")).sn, 0xF);
  EXPECT_EQ(std::get<isotp_consecutive_frame>(*decode("7E8#2000")).sn, 0x0);
}

TEST(IsotpPci, FlowControlStatusBlockSizeAndSeparationTime) {
  auto cts = decode("7E0#300A0ACCCCCCCCCC");
  ASSERT_TRUE(cts);
  const auto& fc = std::get<isotp_flow_control>(*cts);
  EXPECT_EQ(fc.fs, isotp_flow_status::continue_to_send);
  EXPECT_EQ(fc.bs, 10);
  EXPECT_EQ(fc.st_min, 10);
  EXPECT_EQ(std::get<isotp_flow_control>(*decode("7E0#310000")).fs, isotp_flow_status::wait);
  EXPECT_EQ(std::get<isotp_flow_control>(*decode("7E0#320000")).fs, isotp_flow_status::overflow);
}

TEST(IsotpPci, DecodeErrorsAreTyped) {
  EXPECT_EQ(decode("7E8#").error(), isotp_error::frame_too_short);
  EXPECT_EQ(decode("7E8#0041000000000000").error(), isotp_error::invalid_sf_dl);  // SF_DL 0
  EXPECT_EQ(decode("7E8#0841000000000000").error(), isotp_error::invalid_sf_dl);  // SF_DL 8
  EXPECT_EQ(decode("7E8#054100").error(), isotp_error::frame_too_short);         // 5 announced, 2 there
  EXPECT_EQ(decode("7E8#1007490201314731").error(), isotp_error::invalid_ff_dl);  // FF_DL 7
  EXPECT_EQ(decode("7E8#1000000000140102").error(), isotp_error::invalid_ff_dl);  // 32-bit escape
  EXPECT_EQ(decode("7E8#10144902013147").error(), isotp_error::frame_too_short);  // FF with DLC 7
  EXPECT_EQ(decode("7E8#21").error(), isotp_error::frame_too_short);
  EXPECT_EQ(decode("7E0#3000").error(), isotp_error::frame_too_short);
  EXPECT_EQ(decode("7E0#330000CCCCCCCCCC").error(), isotp_error::reserved_fs);
  EXPECT_EQ(decode("7E0#3F0000CCCCCCCCCC").error(), isotp_error::reserved_fs);
  for (const char* reserved_type : {"7E8#4000000000000000", "7E8#9F00", "7E8#FF"})
    EXPECT_EQ(decode(reserved_type).error(), isotp_error::invalid_pci) << reserved_type;
}

TEST(IsotpPci, ErrorMessagesNameTheProblem) {
  EXPECT_NE(make_error_code(isotp_error::wrong_sn).message().find("SequenceNumber"), std::string::npos);
  EXPECT_NE(make_error_code(isotp_error::timeout_n_cr).message().find("N_Cr"), std::string::npos);
  EXPECT_STREQ(make_error_code(isotp_error::busy).category().name(), "bayscan.isotp");
}

TEST(IsotpPci, EncodePadsToEightBytesWithConfiguredFiller) {
  isotp_frame_format f{0x7DF, false, true, isotp_default_padding};
  const std::uint8_t req[] = {0x01, 0x00};
  EXPECT_EQ(candump(encode_isotp_single_frame(f, req)), "7DF#020100CCCCCCCCCC");
  f.padding = 0x55;
  EXPECT_EQ(candump(encode_isotp_single_frame(f, req)), "7DF#0201005555555555");
  f.pad = false;  // CAN frame data optimisation: DLC just covers the data
  EXPECT_EQ(candump(encode_isotp_single_frame(f, req)), "7DF#020100");
}

TEST(IsotpPci, EncodeFirstConsecutiveAndFlowControl) {
  const isotp_frame_format ecu{0x7E8, false, true, 0xAA};
  const byte_vector vin_reply = *parse_hex("49 02 01 31 47 31 4A 43 35 34 34 34 52 37 32 35 32 33 36 37");
  EXPECT_EQ(candump(encode_isotp_first_frame(ecu, 20, vin_reply)), "7E8#1014490201314731");
  EXPECT_EQ(candump(encode_isotp_consecutive_frame(ecu, 1, byte_span{vin_reply}.subspan(6, 7))),
            "7E8#214A433534343452");
  EXPECT_EQ(candump(encode_isotp_consecutive_frame(ecu, 2, byte_span{vin_reply}.subspan(13))),
            "7E8#2237323532333637");
  // A last CF shorter than 7 bytes is padded with the filler (0xAA here).
  EXPECT_EQ(candump(encode_isotp_consecutive_frame(ecu, 3, byte_span{vin_reply}.subspan(19))), "7E8#2337AAAAAAAAAAAA");
  const isotp_frame_format tester{0x7E0, false, true, isotp_default_padding};
  EXPECT_EQ(candump(encode_isotp_flow_control(tester, isotp_flow_status::continue_to_send, 0, 0)),
            "7E0#300000CCCCCCCCCC");
  EXPECT_EQ(candump(encode_isotp_flow_control(tester, isotp_flow_status::wait, 0, 0)), "7E0#310000CCCCCCCCCC");
  EXPECT_EQ(candump(encode_isotp_flow_control(tester, isotp_flow_status::overflow, 0, 0)), "7E0#320000CCCCCCCCCC");
  EXPECT_EQ(candump(encode_isotp_flow_control(tester, isotp_flow_status::continue_to_send, 3, 0xF5)),
            "7E0#3003F5CCCCCCCCCC");
  const isotp_frame_format ext{0x18DA10F1, true, true, isotp_default_padding};
  EXPECT_EQ(candump(encode_isotp_flow_control(ext, isotp_flow_status::continue_to_send, 0, 0)),
            "18DA10F1#300000CCCCCCCCCC");
}

TEST(IsotpPci, EncodedFramesDecodeBack) {
  const isotp_frame_format f{0x7E8, false, true, isotp_default_padding};
  const byte_vector msg = test::pattern(7);
  const can_frame sf = encode_isotp_single_frame(f, msg);
  auto pdu = decode_isotp_pdu(sf.payload());
  ASSERT_TRUE(pdu);
  EXPECT_EQ(byte_vector(std::get<isotp_single_frame>(*pdu).data.begin(), std::get<isotp_single_frame>(*pdu).data.end()),
            msg);
}

TEST(IsotpPci, SeparationTimeEncoding) {
  // 9.6.5.4: 00..7F milliseconds, F1..F9 hundreds of microseconds, the rest reserved = 7F.
  EXPECT_EQ(isotp_st_min_duration(0x00), 0us);
  EXPECT_EQ(isotp_st_min_duration(0x0A), 10ms);
  EXPECT_EQ(isotp_st_min_duration(0x7F), 127ms);
  EXPECT_EQ(isotp_st_min_duration(0xF1), 100us);
  EXPECT_EQ(isotp_st_min_duration(0xF5), 500us);
  EXPECT_EQ(isotp_st_min_duration(0xF9), 900us);
  for (int v : {0x80, 0xA5, 0xF0, 0xFA, 0xFF}) {
    EXPECT_TRUE(isotp_st_min_is_reserved(static_cast<std::uint8_t>(v))) << v;
    EXPECT_EQ(isotp_st_min_duration(static_cast<std::uint8_t>(v)), 127ms) << v;
  }
  for (int v : {0x00, 0x7F, 0xF1, 0xF9}) EXPECT_FALSE(isotp_st_min_is_reserved(static_cast<std::uint8_t>(v))) << v;
}

TEST(IsotpAddressing, ElevenBitResponseToPhysicalRequest) {
  EXPECT_EQ(obd_physical_request_id(0x7E8, false), 0x7E0u);
  EXPECT_EQ(obd_physical_request_id(0x7E9, false), 0x7E1u);
  EXPECT_EQ(obd_physical_request_id(0x7EF, false), 0x7E7u);
  EXPECT_EQ(obd_physical_request_id(0x7E7, false), std::nullopt);
  EXPECT_EQ(obd_physical_request_id(0x7F0, false), std::nullopt);
  EXPECT_EQ(obd_physical_request_id(0x7DF, false), std::nullopt);
  EXPECT_EQ(obd_response_id_for_request(0x7E0, false), 0x7E8u);
  EXPECT_EQ(obd_response_id_for_request(0x7E7, false), 0x7EFu);
  EXPECT_EQ(obd_response_id_for_request(0x7DF, false), std::nullopt);
}

TEST(IsotpAddressing, TwentyNineBitNormalFixedAddressing) {
  EXPECT_EQ(obd_physical_request_id(0x18DAF110, true), 0x18DA10F1u);
  EXPECT_EQ(obd_physical_request_id(0x18DAF11A, true), 0x18DA1AF1u);
  EXPECT_EQ(obd_physical_request_id(0x18DA10F1, true), std::nullopt);  // a request, not a response
  EXPECT_EQ(obd_physical_request_id(0x18DB33F1, true), std::nullopt);
  EXPECT_EQ(obd_response_id_for_request(0x18DA10F1, true), 0x18DAF110u);
  EXPECT_EQ(obd_response_id_for_request(0x18DB33F1, true), std::nullopt);
  EXPECT_EQ(obd_functional_request_id(true), 0x18DB33F1u);
  EXPECT_EQ(obd_functional_request_id(false), 0x7DFu);
  EXPECT_FALSE(is_obd_response_id(0x7E8, true));
  EXPECT_FALSE(is_obd_response_id(0x18DAF110, false));
}

}  // namespace
}  // namespace bayscan::protocols
