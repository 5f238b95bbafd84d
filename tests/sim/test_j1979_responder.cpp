// The simulated ECUs judged by the tester-side J1979 parsers (protocols/j1979_response.hpp,
// j1979_vehicle_info.hpp): every catalogue scenario must read back exactly what its file says.
// Byte vectors for the message shapes follow SAE J1979 (services 01-0A) and ISO 15765-4
// addressing; the legacy shapes are those of the ELM327 datasheet's J1850 / ISO 9141 examples.
#include <bayscan/protocols/dtc.hpp>
#include <bayscan/protocols/j1979_pid.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>
#include <bayscan/protocols/readiness.hpp>
#include <bayscan/protocols/supported_pids.hpp>
#include <bayscan/sim/j1979_responder.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <bayscan/sim/vehicle.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace bayscan;
using namespace std::chrono_literals;
using protocols::ecu_address;
using protocols::ecu_message;
using protocols::obd_protocol;

sim::scenario load(const std::string& name) {
  auto s = sim::load_scenario(sim::find_scenario(name));
  if (!s) throw std::runtime_error(s.error().message());
  return *s;
}

// A car and its responder, fresh for each check so fault counters start at zero.
struct bench {
  explicit bench(sim::scenario s)
      : car(std::make_unique<sim::vehicle>(std::move(s))),
        ecus(std::make_unique<sim::j1979_responder>(*car)) {}
  std::unique_ptr<sim::vehicle> car;
  std::unique_ptr<sim::j1979_responder> ecus;

  obd_protocol protocol() const { return car->definition().protocol; }

  std::vector<sim::bus_reply> ask(byte_vector request,
                                  std::optional<std::uint32_t> target = std::nullopt) {
    return ecus->answer(request, target);
  }
  std::vector<ecu_message> messages(byte_vector request,
                                    std::optional<std::uint32_t> target = std::nullopt) {
    std::vector<ecu_message> out;
    for (auto& r : ask(std::move(request), target)) out.push_back({r.source, r.payload});
    return out;
  }
  std::uint32_t target_of(const sim::ecu& e) const {
    return sim::physical_request_address(e.address, protocol());
  }
};

const sim::ecu& ecu_at(const bench& b, std::size_t i) { return b.car->definition().ecus[i]; }

ecu_address can11(std::uint32_t id) { return {id, false, true}; }

// ---------------------------------------------------------------------------------------------
// Every catalogue scenario reads back as its file describes.

class catalogue : public ::testing::TestWithParam<std::string> {};

// The catalogue checks ask many questions; an ECU scripted to fall silent after a few
// (ecu_stops_answering) is checked on its own below.
sim::scenario truth(const std::string& name) {
  auto s = load(name);
  std::erase_if(s.faults, [](const sim::fault& f) {
    return f.kind == sim::fault_kind::ecu_stops_answering_after;
  });
  return s;
}

TEST_P(catalogue, supported_pid_bitmaps_chain_and_match_the_values) {
  bench b(truth(GetParam()));
  for (std::size_t i = 0; i < b.car->ecu_count(); ++i) {
    const auto& e = ecu_at(b, i);
    SCOPED_TRACE(to_string(e.address));
    protocols::supported_pids walked;
    std::optional<std::uint8_t> next = 0x00;
    while (next) {
      auto replies = b.messages({0x01, *next}, b.target_of(e));
      auto parsed =
          protocols::parse_supported_range(b.protocol(), protocols::j1979_service::current_data,
                                           *next, replies);
      ASSERT_EQ(parsed.size(), 1u) << "range " << int(*next);
      ASSERT_TRUE(parsed.begin()->second) << parsed.begin()->second.error().message();
      walked.set_range(*next, *parsed.begin()->second);
      next = walked.next_range_to_request();
    }
    const auto expected = e.supported_pids();
    const auto ids = walked.data_ids();
    EXPECT_EQ(std::set<std::uint8_t>(ids.begin(), ids.end()), expected);
    // The range after the last one is not supported: the ECU stays silent (J1979: no NRC).
    const std::uint8_t last = *expected.rbegin();
    const std::uint8_t beyond = static_cast<std::uint8_t>((last / 0x20 + 1) * 0x20);
    if (beyond != 0 && beyond <= 0xE0) {
      EXPECT_TRUE(b.messages({0x01, beyond}, b.target_of(e)).empty());
    }
  }
}

TEST_P(catalogue, every_supported_pid_decodes_to_the_scenario_value) {
  bench b(truth(GetParam()));
  for (std::size_t i = 0; i < b.car->ecu_count(); ++i) {
    const auto& e = ecu_at(b, i);
    for (std::uint8_t pid : e.supported_pids()) {
      if (pid == 0x01) continue;
      SCOPED_TRACE(to_string(e.address) + " PID " + std::to_string(pid));
      const std::uint8_t req[] = {pid};
      auto replies = b.messages({0x01, pid}, b.target_of(e));
      auto parsed = protocols::parse_current_data(b.protocol(), req, replies);
      ASSERT_EQ(parsed.size(), 1u);
      ASSERT_TRUE(parsed.begin()->second) << parsed.begin()->second.error().message();
      const auto& values = *parsed.begin()->second;
      ASSERT_EQ(values.size(), 1u);
      const auto truth = b.car->current_pid(i, pid);
      ASSERT_TRUE(truth);
      if (truth->raw) {
        EXPECT_EQ(values[0].raw, *truth->raw);
        continue;
      }
      const auto* info = protocols::find_pid(pid);
      ASSERT_NE(info, nullptr);
      ASSERT_EQ(values[0].values.size(), truth->physical.size());
      for (std::size_t f = 0; f < truth->physical.size(); ++f) {
        // Within one step of the field's resolution (J1979-DA scaling, rounded to nearest).
        const double step = std::abs(info->fields[f].factor);
        EXPECT_NEAR(values[0].values[f].value, truth->physical[f], step / 2 + 1e-9)
            << info->fields[f].key;
      }
    }
  }
}

TEST_P(catalogue, monitor_status_matches_codes_mil_and_readiness) {
  bench b(truth(GetParam()));
  for (std::size_t i = 0; i < b.car->ecu_count(); ++i) {
    const auto& e = ecu_at(b, i);
    SCOPED_TRACE(to_string(e.address));
    auto replies = b.messages({0x01, 0x01}, b.target_of(e));
    ASSERT_EQ(replies.size(), 1u);
    ASSERT_EQ(replies[0].data.size(), 6u);
    auto r = protocols::decode_readiness(byte_span(replies[0].data).subspan(2));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->mil_on, b.car->mil_on(i));
    EXPECT_EQ(r->dtc_count, b.car->reported_dtc_count(i));
    if (!e.reported_dtc_count && !e.mil) {
      EXPECT_EQ(r->dtc_count, e.dtcs.stored.size());
      EXPECT_EQ(r->mil_on, !e.dtcs.stored.empty());
    }
    EXPECT_EQ(r->compression_ignition, e.ignition == sim::ignition_type::compression);
    for (const auto& m : r->monitors) {
      auto which = sim::readiness_monitor_from_string(m.name);
      ASSERT_TRUE(which) << m.name;
      auto it = e.readiness.find(*which);
      const bool supported = it != e.readiness.end() && it->second.supported;
      EXPECT_EQ(m.supported, supported) << m.name;
      if (supported) { EXPECT_EQ(m.complete, it->second.complete) << m.name; }
    }
  }
}

TEST_P(catalogue, trouble_codes_by_status) {
  bench b(truth(GetParam()));
  const struct {
    std::uint8_t service;
    protocols::dtc_status status;
  } services[] = {{0x03, protocols::dtc_status::stored},
                  {0x07, protocols::dtc_status::pending},
                  {0x0A, protocols::dtc_status::permanent}};
  for (const auto& s : services) {
    auto replies = b.messages({s.service});
    auto parsed = protocols::parse_dtcs(b.protocol(), s.status, replies);
    // Every ECU answers, with or without codes (CAN count 0, legacy one all-zero message).
    ASSERT_EQ(parsed.size(), b.car->ecu_count());
    for (std::size_t i = 0; i < b.car->ecu_count(); ++i) {
      const auto& e = ecu_at(b, i);
      const auto& expected = s.status == protocols::dtc_status::stored    ? e.dtcs.stored
                             : s.status == protocols::dtc_status::pending ? e.dtcs.pending
                                                                          : e.dtcs.permanent;
      auto it = parsed.find(e.address);
      ASSERT_NE(it, parsed.end());
      ASSERT_TRUE(it->second) << it->second.error().message();
      std::vector<std::string> got;
      for (const auto& d : *it->second) got.push_back(d.to_string());
      EXPECT_EQ(got, expected) << "service " << int(s.service) << " " << to_string(e.address);
    }
  }
}

TEST_P(catalogue, vehicle_information) {
  bench b(truth(GetParam()));
  const auto p = b.protocol();
  auto vins = protocols::parse_vin(p, b.messages({0x09, 0x02}));
  auto calids = protocols::parse_calibration_ids(p, b.messages({0x09, 0x04}));
  auto cvns = protocols::parse_cvns(p, b.messages({0x09, 0x06}));
  auto names = protocols::parse_ecu_name(p, b.messages({0x09, 0x0A}));
  for (std::size_t i = 0; i < b.car->ecu_count(); ++i) {
    const auto& e = ecu_at(b, i);
    SCOPED_TRACE(to_string(e.address));
    if (e.vin.empty()) {
      EXPECT_FALSE(vins.contains(e.address));
    } else {
      ASSERT_TRUE(vins.contains(e.address));
      ASSERT_TRUE(vins.at(e.address)) << vins.at(e.address).error().message();
      EXPECT_EQ(*vins.at(e.address), e.vin);
    }
    if (e.calids.empty()) {
      EXPECT_FALSE(calids.contains(e.address));
    } else {
      ASSERT_TRUE(calids.contains(e.address) && calids.at(e.address));
      EXPECT_EQ(*calids.at(e.address), e.calids);
    }
    if (e.cvns.empty()) {
      EXPECT_FALSE(cvns.contains(e.address));
    } else {
      ASSERT_TRUE(cvns.contains(e.address) && cvns.at(e.address));
      EXPECT_EQ(*cvns.at(e.address), e.cvns);
    }
    if (e.ecu_name_infotype.empty()) {
      EXPECT_FALSE(names.contains(e.address));
    } else {
      ASSERT_TRUE(names.contains(e.address) && names.at(e.address));
      const auto& n = *names.at(e.address);
      EXPECT_EQ(n.acronym + "-" + n.name, e.ecu_name_infotype);
    }
    // The infotype bitmap lists exactly what the ECU answers.
    auto bitmap = protocols::parse_supported_range(
        p, protocols::j1979_service::vehicle_information, 0x00, b.messages({0x09, 0x00}, b.target_of(e)));
    const bool any = !e.vin.empty() || !e.calids.empty() || !e.cvns.empty() ||
                     !e.ecu_name_infotype.empty();
    ASSERT_EQ(bitmap.size(), any ? 1u : 0u);
    if (!any) continue;
    ASSERT_TRUE(bitmap.begin()->second);
    protocols::supported_pids info;
    info.set_range(0x00, *bitmap.begin()->second);
    EXPECT_EQ(info.supports(0x02), !e.vin.empty());
    EXPECT_EQ(info.supports(0x04), !e.calids.empty());
    EXPECT_EQ(info.supports(0x06), !e.cvns.empty());
    EXPECT_EQ(info.supports(0x0A), !e.ecu_name_infotype.empty());
    // Message-count infotypes exist on legacy protocols only (SAE J1979 service $09).
    EXPECT_EQ(info.supports(0x01), !e.vin.empty() && protocols::is_legacy(p));
  }
}

TEST_P(catalogue, freeze_frame_and_odometer) {
  bench b(truth(GetParam()));
  const auto p = b.protocol();
  for (std::size_t i = 0; i < b.car->ecu_count(); ++i) {
    const auto& e = ecu_at(b, i);
    SCOPED_TRACE(to_string(e.address));
    const auto target = b.target_of(e);
    // 02 02 00: the DTC that stored frame 0, 00 00 when none (J1979-DA PID $02).
    const protocols::freeze_frame_pid ask_dtc[] = {{0x02, 0x00}};
    auto parsed = protocols::parse_freeze_frame_data(p, ask_dtc, b.messages({0x02, 0x02, 0x00}, target));
    ASSERT_EQ(parsed.size(), 1u);
    ASSERT_TRUE(parsed.begin()->second) << parsed.begin()->second.error().message();
    auto frames = protocols::group_freeze_frames(*parsed.begin()->second);
    ASSERT_EQ(frames.size(), 1u);
    if (e.freeze) {
      ASSERT_TRUE(frames[0].dtc);
      EXPECT_EQ(frames[0].dtc->to_string(), e.freeze->dtc);
      for (const auto& [pid, value] : e.freeze->values) {
        const protocols::freeze_frame_pid ask[] = {{pid, 0x00}};
        auto one = protocols::parse_freeze_frame_data(p, ask, b.messages({0x02, pid, 0x00}, target));
        ASSERT_EQ(one.size(), 1u);
        ASSERT_TRUE(one.begin()->second) << "PID " << int(pid);
        ASSERT_EQ(one.begin()->second->size(), 1u);
        const auto& got = (*one.begin()->second)[0].data;
        if (value.raw) {
          EXPECT_EQ(got.raw, *value.raw);
        } else {
          ASSERT_EQ(got.values.size(), value.physical.size());
          EXPECT_NEAR(got.values[0].value, value.physical[0],
                      std::abs(protocols::find_pid(pid)->fields[0].factor) / 2 + 1e-9);
        }
      }
    } else {
      EXPECT_FALSE(frames[0].dtc);
    }
    // Odometer A6: present exactly when the scenario has one (4 bytes, 0.1 km).
    auto odo = b.messages({0x01, 0xA6}, target);
    if (e.odometer_km) {
      ASSERT_EQ(odo.size(), 1u);
      const std::uint8_t req[] = {0xA6};
      auto v = protocols::parse_current_data(p, req, odo);
      ASSERT_TRUE(v.begin()->second);
      EXPECT_NEAR((*v.begin()->second)[0].values.at(0).value, *e.odometer_km, 0.05);
    } else {
      EXPECT_TRUE(odo.empty());
    }
  }
}

std::vector<std::string> catalogue_names() { return sim::list_scenarios(); }

INSTANTIATE_TEST_SUITE_P(all, catalogue, ::testing::ValuesIn(catalogue_names()),
                         [](const auto& info) { return info.param; });

TEST(catalogue_size, has_the_issue_s_scenarios) { EXPECT_GE(catalogue_names().size(), 12u); }

// ---------------------------------------------------------------------------------------------
// Addressing and message shapes.

TEST(j1979_responder, functional_request_reaches_every_ecu_physical_only_one) {
  bench b(load("multi_ecu"));
  auto all = b.ask({0x01, 0x00});
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].source, can11(0x7E8));
  EXPECT_EQ(all[1].source, can11(0x7E9));
  // ISO 15765-4: 7E1 reaches the ECU answering on 7E9, and nobody else.
  auto tcm = b.ask({0x01, 0x00}, 0x7E1);
  ASSERT_EQ(tcm.size(), 1u);
  EXPECT_EQ(tcm[0].source, can11(0x7E9));
  EXPECT_TRUE(b.ask({0x01, 0x00}, 0x7E5).empty());
  // Codes come from the ECU that holds them.
  auto codes = b.messages({0x03});
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].data, (byte_vector{0x43, 0x01, 0x07, 0x00}));  // P0700 from 7E8
  EXPECT_EQ(codes[1].data, (byte_vector{0x43, 0x01, 0x07, 0x41}));  // P0741 from 7E9
}

TEST(j1979_responder, twenty_nine_bit_addresses) {
  bench b(load("can29_car"));
  // 18DA10F1 -> 18DAF110 (ISO 15765-4 normal fixed addressing, tester F1).
  auto r = b.ask({0x01, 0x0C}, 0x18DA10F1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].source, (ecu_address{0x18DAF110, true, true}));
  auto tcm = b.ask({0x01, 0x00}, 0x18DA18F1);
  ASSERT_EQ(tcm.size(), 1u);
  EXPECT_EQ(tcm[0].source, (ecu_address{0x18DAF118, true, true}));
  EXPECT_TRUE(b.ask({0x01, 0x0C}, 0x7E0).empty());
  EXPECT_EQ(sim::physical_request_address({0x18DAF110, true, true}, obd_protocol::can29_500),
            0x18DA10F1u);
}

TEST(j1979_responder, can_multi_pid_answers_supported_pids_in_request_order) {
  bench b(load("healthy_2022"));
  const auto& e = ecu_at(b, 0);
  ASSERT_TRUE(e.supported_pids().contains(0x0C) && e.supported_pids().contains(0x05));
  ASSERT_FALSE(e.supported_pids().contains(0x0A));  // fuel pressure: not on this car
  auto r = b.messages({0x01, 0x0D, 0x0A, 0x0C, 0x05}, 0x7E0);
  ASSERT_EQ(r.size(), 1u);
  const std::uint8_t asked[] = {0x0D, 0x0A, 0x0C, 0x05};
  auto parsed = protocols::parse_current_data(obd_protocol::can11_500, asked, r);
  ASSERT_TRUE(parsed.begin()->second);
  const auto& v = *parsed.begin()->second;
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0].pid, 0x0D);
  EXPECT_EQ(v[1].pid, 0x0C);
  EXPECT_EQ(v[2].pid, 0x05);
  EXPECT_EQ(r[0].data[0], 0x41);
  EXPECT_EQ(r[0].data[1], 0x0D);
}

TEST(j1979_responder, negative_responses_only_where_j1979_gives_them) {
  bench b(load("healthy_2022"));
  // Unsupported PID: silence, physical or functional.
  EXPECT_TRUE(b.ask({0x01, 0x0A}, 0x7E0).empty());
  EXPECT_TRUE(b.ask({0x01, 0x0A}).empty());
  // Unsupported service: 7F 05 11 (serviceNotSupported) to a physical request only.
  auto nrc = b.ask({0x05, 0x01, 0x01}, 0x7E0);
  ASSERT_EQ(nrc.size(), 1u);
  EXPECT_EQ(nrc[0].payload, (byte_vector{0x7F, 0x05, 0x11}));
  EXPECT_TRUE(b.ask({0x05, 0x01, 0x01}).empty());
  // Seven PIDs do not fit the single-frame request: 7F 01 12 physically, silence functionally.
  auto seven = b.ask({0x01, 0x04, 0x05, 0x0C, 0x0D, 0x0F, 0x11, 0x1F}, 0x7E0);
  ASSERT_EQ(seven.size(), 1u);
  EXPECT_EQ(seven[0].payload, (byte_vector{0x7F, 0x01, 0x12}));
  EXPECT_TRUE(b.ask({0x01, 0x04, 0x05, 0x0C, 0x0D, 0x0F, 0x11, 0x1F}).empty());
  EXPECT_TRUE(b.ask({}).empty());
}

TEST(j1979_responder, legacy_message_shapes) {
  bench b(load("iso9141_2004"));
  ASSERT_EQ(b.protocol(), obd_protocol::iso9141_2);
  // 09 02: five messages 49 02 01..05 of four bytes, the first three bytes 00 (SAE J1979 $09).
  auto vin = b.ask({0x09, 0x02});
  ASSERT_EQ(vin.size(), 5u);
  const std::string text = "JHLRD78874C012345";
  EXPECT_EQ(vin[0].payload, (byte_vector{0x49, 0x02, 0x01, 0x00, 0x00, 0x00, 'J'}));
  EXPECT_EQ(vin[4].payload, (byte_vector{0x49, 0x02, 0x05, '2', '3', '4', '5'}));
  for (std::size_t k = 0; k < vin.size(); ++k) {
    EXPECT_EQ(vin[k].source, (ecu_address{0x10, false, true}));
    if (k > 0) { EXPECT_GT(vin[k].delay, vin[k - 1].delay) << "messages follow one another"; }
  }
  // Legacy message counts: 5 for the VIN, 4 per CALID, 1 per CVN, 5 for the ECU name.
  EXPECT_EQ(b.ask({0x09, 0x01})[0].payload, (byte_vector{0x49, 0x01, 0x05}));
  EXPECT_EQ(b.ask({0x09, 0x03})[0].payload, (byte_vector{0x49, 0x03, 0x04}));
  EXPECT_EQ(b.ask({0x09, 0x05})[0].payload, (byte_vector{0x49, 0x05, 0x01}));
  // The infotype bitmap carries the message number on legacy protocols: 49 00 01 ABCD.
  auto bitmap = b.ask({0x09, 0x00});
  ASSERT_EQ(bitmap.size(), 1u);
  ASSERT_EQ(bitmap[0].payload.size(), 7u);
  EXPECT_EQ(bitmap[0].payload[2], 0x01);
  // No codes: one all-zero message (three empty slots), no count byte.
  auto codes = b.ask({0x03});
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0].payload, (byte_vector{0x43, 0, 0, 0, 0, 0, 0}));
  // One PID per legacy request: a multi-PID request is answered by nobody.
  EXPECT_TRUE(b.ask({0x01, 0x0C, 0x0D}).empty());
  EXPECT_TRUE(b.ask({0x01, 0x0C, 0x0D}, 0x10).empty());
  EXPECT_TRUE(b.ask({0x02, 0x0C, 0x00, 0x0D, 0x00}).empty());
  auto rpm = b.ask({0x01, 0x0C});
  ASSERT_EQ(rpm.size(), 1u);
  EXPECT_EQ(rpm[0].payload, (byte_vector{0x41, 0x0C, 0x0B, 0xE0}));  // 760 rpm = 0x0BE0 / 4
  // Physical request by target byte = the ECU's source address.
  EXPECT_EQ(b.ask({0x01, 0x0C}, 0x10).size(), 1u);
  EXPECT_TRUE(b.ask({0x01, 0x0C}, 0x11).empty());
}

TEST(j1979_responder, legacy_codes_three_per_message_padded) {
  auto s = load("kwp2000_fast");
  s.ecus[0].dtcs.stored = {"P0301", "P0302", "P0303", "P0304"};
  bench b(std::move(s));
  auto codes = b.ask({0x03});
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].payload, (byte_vector{0x43, 0x03, 0x01, 0x03, 0x02, 0x03, 0x03}));
  EXPECT_EQ(codes[1].payload, (byte_vector{0x43, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00}));
  auto pending = b.ask({0x07});
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].payload, (byte_vector{0x47, 0x01, 0x33, 0x00, 0x00, 0x00, 0x00}));
}

TEST(j1979_responder, freeze_frame_bitmap_lists_frame_pids) {
  bench b(load("mil_misfire"));
  auto r = b.ask({0x02, 0x00, 0x00}, 0x7E0);
  ASSERT_EQ(r.size(), 1u);
  ASSERT_EQ(r[0].payload.size(), 7u);
  EXPECT_EQ(r[0].payload[0], 0x42);
  protocols::supported_pids ids;
  ASSERT_TRUE(ids.add_reply(0x00, byte_span(r[0].payload).subspan(3)));
  EXPECT_TRUE(ids.supports(0x02));
  EXPECT_TRUE(ids.supports(0x0C));
  EXPECT_FALSE(ids.supports(0x14));  // in service 01, not in the frame
  // A frame other than 0 is not stored: silence.
  EXPECT_TRUE(b.ask({0x02, 0x0C, 0x01}, 0x7E0).empty());
  // Multi-pair request on CAN.
  auto two = b.ask({0x02, 0x0C, 0x00, 0x05, 0x00}, 0x7E0);
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].payload.size(), 1u + 4u + 3u);
}

// ---------------------------------------------------------------------------------------------
// Service 04 end to end.

TEST(j1979_responder, clear_keeps_permanent_codes_and_resets_monitors) {
  bench b(load("mil_misfire"));
  EXPECT_EQ(b.ask({0x03})[0].payload, (byte_vector{0x43, 0x02, 0x03, 0x01, 0x03, 0x00}));
  auto cleared = b.ask({0x04});
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].payload, (byte_vector{0x44}));
  EXPECT_EQ(b.ask({0x03})[0].payload, (byte_vector{0x43, 0x00}));
  EXPECT_EQ(b.ask({0x07})[0].payload, (byte_vector{0x47, 0x00}));
  EXPECT_EQ(b.ask({0x0A})[0].payload, (byte_vector{0x4A, 0x01, 0x03, 0x01}));  // P0301 stays
  auto status = b.ask({0x01, 0x01});
  auto r = protocols::decode_readiness(byte_span(status[0].payload).subspan(2));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->mil_on);
  EXPECT_EQ(r->dtc_count, 0);
  EXPECT_TRUE(r->find("misfire")->complete);   // continuous: complete again at once
  EXPECT_FALSE(r->find("catalyst")->complete);  // must run a drive cycle again
  // Distance since clear (PID 31) restarts; the freeze frame is gone (02 02 00 -> 00 00).
  EXPECT_EQ(b.ask({0x01, 0x31})[0].payload, (byte_vector{0x41, 0x31, 0x00, 0x00}));
  EXPECT_EQ(b.ask({0x02, 0x02, 0x00})[0].payload, (byte_vector{0x42, 0x02, 0x00, 0x00, 0x00}));
  EXPECT_TRUE(b.ask({0x02, 0x0C, 0x00}).empty());
}

TEST(j1979_responder, physical_clear_reaches_one_ecu) {
  bench b(load("multi_ecu"));
  auto r = b.ask({0x04}, 0x7E1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].source, can11(0x7E9));
  auto codes = b.messages({0x03});
  ASSERT_EQ(codes.size(), 2u);
  EXPECT_EQ(codes[0].data, (byte_vector{0x43, 0x01, 0x07, 0x00}));  // 7E8 keeps P0700
  EXPECT_EQ(codes[1].data, (byte_vector{0x43, 0x00}));
  EXPECT_EQ(b.car->clear_count(), 1u);
}

// ---------------------------------------------------------------------------------------------
// Timing and faults.

TEST(j1979_responder, latency_within_jitter_and_repeatable) {
  auto s = load("realistic_timing");
  const auto& t = s.timing;
  bench first(s);
  bench second(s);
  for (int k = 0; k < 50; ++k) {
    auto a = first.ask({0x01, 0x00});
    auto c = second.ask({0x01, 0x00});
    ASSERT_EQ(a.size(), c.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].delay, c[i].delay) << "seeded from the scenario name";
      EXPECT_GE(a[i].delay, std::chrono::milliseconds(t.ecu_latency_ms - t.jitter_ms));
      EXPECT_LE(a[i].delay, std::chrono::milliseconds(t.ecu_latency_ms + t.jitter_ms));
      EXPECT_EQ(a[i].inter_frame_gap, std::chrono::milliseconds(t.inter_frame_gap_ms));
      if (i > 0) { EXPECT_LE(a[i - 1].delay, a[i].delay) << "bus order"; }
    }
  }
}

TEST(j1979_responder, ecu_stops_answering_after_n_requests) {
  bench b(load("ecu_stops_answering"));
  const auto& f = b.car->definition().faults.at(0);
  ASSERT_EQ(f.kind, sim::fault_kind::ecu_stops_answering_after);
  for (std::uint32_t k = 1; k <= f.n; ++k) EXPECT_EQ(b.ask({0x01, 0x00}).size(), 2u) << k;
  for (int k = 0; k < 3; ++k) {
    auto r = b.ask({0x01, 0x00});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].source, can11(0x7E8));
  }
  EXPECT_TRUE(b.ask({0x01, 0x00}, 0x7E1).empty());
}

}  // namespace
