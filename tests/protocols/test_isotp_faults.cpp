// Fault injection over whole ISO-TP exchanges: the N-th frame on the bus is dropped, truncated to
// every shorter length, or given a reserved N_PCItype, for N from the first frame to the last.
// Every run must end with the right message or a typed isotp_error somewhere — never a crash,
// never a wrong message delivered, never silence. Run it under -DBAYSCAN_SANITIZE=ON as well.
#include <bayscan/protocols/isotp_error.hpp>
#include <bayscan/protocols/isotp_session.hpp>

#include "protocols/isotp_bus_nodes.hpp"
#include "protocols/isotp_test_support.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace bayscan::protocols {
namespace {

using namespace std::chrono_literals;
using test::at;
using test::candump;
using test::t0;

enum class fault { drop, truncate, reserved_pci };

struct fault_plan {
  std::size_t target;  // index of the frame to damage
  fault kind;
  std::uint8_t length = 0;  // truncate: new DLC
  std::uint8_t pci_type = 4;  // reserved_pci: new high nibble (4..F)
  std::string describe() const {
    std::string s = "frame " + std::to_string(target) + ": ";
    switch (kind) {
      case fault::drop: return s + "dropped";
      case fault::truncate: return s + "truncated to " + std::to_string(length) + " bytes";
      case fault::reserved_pci: return s + "N_PCItype " + std::to_string(pci_type);
    }
    return s;
  }
};

test::bus_filter apply(const fault_plan& p) {
  return [p](std::size_t n, const can_frame& f) -> std::optional<can_frame> {
    if (n != p.target) return f;
    can_frame g = f;
    switch (p.kind) {
      case fault::drop: return std::nullopt;
      case fault::truncate: g.dlc = p.length; return g;
      case fault::reserved_pci:
        g.data[0] = static_cast<std::uint8_t>((p.pci_type << 4) | (g.data[0] & 0x0F));
        return g;
    }
    return g;
  };
}

std::vector<fault_plan> plans_for(const std::vector<test::bus_record>& clean) {
  std::vector<fault_plan> plans;
  for (std::size_t n = 0; n < clean.size(); ++n) {
    plans.push_back({n, fault::drop});
    for (std::uint8_t len = 0; len < clean[n].frame.dlc; ++len) plans.push_back({n, fault::truncate, len});
    plans.push_back({n, fault::reserved_pci, 0, static_cast<std::uint8_t>(4 + n % 12)});
  }
  return plans;
}

bool is_isotp(const error_code& e) { return e && e.category() == isotp_category(); }

// Physical exchange: a 20-byte request (FF + 2 CFs, paced by the ECU's FC) and a 60-byte answer
// (FF + 8 CFs in blocks of 3, paced by the tester's FCs).
struct physical_exchange {
  static constexpr std::size_t request_size = 20, answer_size = 60;
  test::tester_node tester;
  test::ecu_node ecu;
  physical_exchange()
      : tester(make_session()),
        ecu(test::ecu_config(0x7E0, 0x7E8), [](const byte_vector&) { return test::pattern(answer_size); }, "ecm") {
    EXPECT_TRUE(tester.session.start(test::pattern(request_size), t0));
  }
  static isotp_session make_session() {
    isotp_session_config cfg;
    cfg.flow.block_size = 3;
    cfg.flow.st_min = 0x01;
    return *isotp_session::physical(0x7E8, cfg);
  }
  std::vector<test::bus_record> run(const test::bus_filter& filter = {}) {
    return test::run_bus({&tester.ep, &ecu.ep}, t0, at(60s), filter);
  }
};

TEST(IsotpFaults, PhysicalExchangeSurvivesEveryDamagedFrame) {
  physical_exchange clean;
  const auto clean_log = clean.run();
  ASSERT_EQ(clean_log.size(), 16u);  // 3 + 1 FC for the request, 9 + 3 FCs for the answer
  ASSERT_EQ(clean.tester.responses.size(), 1u);
  ASSERT_TRUE(clean.tester.responses[0].message);

  std::size_t recovered = 0, failed = 0;
  for (const auto& plan : plans_for(clean_log)) {
    SCOPED_TRACE(plan.describe() + " (" + candump(clean_log[plan.target].frame) + ")");
    physical_exchange x;
    x.run(apply(plan));
    std::vector<error_code> errors = x.ecu.errors;
    if (x.tester.session.request_error()) errors.push_back(x.tester.session.request_error());
    bool answer_ok = false;
    for (const auto& r : x.tester.responses) {
      if (r.message) {
        EXPECT_EQ(*r.message, test::pattern(physical_exchange::answer_size)) << "wrong message delivered";
        answer_ok = *r.message == test::pattern(physical_exchange::answer_size);
      } else {
        errors.push_back(r.message.error());
      }
    }
    for (const auto& req : x.ecu.requests)
      EXPECT_EQ(req.data, test::pattern(physical_exchange::request_size)) << "wrong request delivered";
    for (const auto& e : errors) EXPECT_TRUE(is_isotp(e)) << e.message();
    EXPECT_TRUE(answer_ok || !errors.empty()) << "silently lost";
    // A CF dropped inside a block shows as the next CF's wrong SequenceNumber (9.6.4).
    const auto is_cf = [](const can_frame& f) { return f.dlc > 0 && (f.data[0] >> 4) == 2; };
    if (plan.kind == fault::drop && plan.target + 1 < clean_log.size() && is_cf(clean_log[plan.target].frame) &&
        is_cf(clean_log[plan.target + 1].frame)) {
      const bool in_answer = clean_log[plan.target].frame.id == 0x7E8;
      const error_code seen = in_answer ? (x.tester.responses.empty() ? error_code{} : x.tester.responses[0].message.error())
                                        : (x.ecu.errors.empty() ? error_code{} : x.ecu.errors[0]);
      EXPECT_EQ(seen, isotp_error::wrong_sn);
    }
    EXPECT_TRUE(x.tester.session.finished());
    (answer_ok && errors.empty() ? recovered : failed) += 1;
  }
  // Only damage ISO-TP cannot see (truncated padding) may pass unnoticed; most runs must fail.
  EXPECT_GT(failed, recovered);
  EXPECT_GT(recovered, 0u);
}

// Functional exchange: 7E8 and 7E9 answer 27 and 16 bytes to one request, interleaved.
struct functional_exchange {
  test::tester_node tester;
  test::ecu_node ecm, tcm;
  functional_exchange()
      : tester(isotp_session::functional(config())),
        ecm(test::ecu_config(0x7E0, 0x7E8), [](const byte_vector&) { return test::pattern(27); }, "ecm"),
        tcm(test::ecu_config(0x7E1, 0x7E9), [](const byte_vector&) { return test::pattern(16); }, "tcm") {
    EXPECT_TRUE(tester.session.start(*parse_hex("09 02"), t0));
  }
  static isotp_session_config config() {
    isotp_session_config cfg;
    cfg.flow.st_min = 0x02;
    return cfg;
  }
  std::vector<test::bus_record> run(const test::bus_filter& filter = {}) {
    return test::run_bus({&tester.ep, &ecm.ep, &tcm.ep}, t0, at(60s), filter);
  }
};

TEST(IsotpFaults, EachResponderFailsOrSucceedsOnItsOwn) {
  functional_exchange clean;
  const auto clean_log = clean.run();
  ASSERT_EQ(clean.tester.responses.size(), 2u);

  for (const auto& plan : plans_for(clean_log)) {
    const can_frame& victim = clean_log[plan.target].frame;
    SCOPED_TRACE(plan.describe() + " (" + candump(victim) + ")");
    functional_exchange x;
    x.run(apply(plan));
    EXPECT_TRUE(x.tester.session.finished());
    for (std::uint32_t id : {0x7E8u, 0x7E9u}) {
      const std::size_t size = id == 0x7E8 ? 27 : 16;
      const test::ecu_node& ecu = id == 0x7E8 ? x.ecm : x.tcm;
      bool ok = false;
      std::vector<error_code> errors = ecu.errors;
      for (const auto& r : x.tester.responses) {
        if (r.source.id != id) continue;
        if (r.message) {
          EXPECT_EQ(*r.message, test::pattern(size)) << std::hex << id;
          ok = true;
        } else {
          errors.push_back(r.message.error());
        }
      }
      for (const auto& e : errors) EXPECT_TRUE(is_isotp(e)) << e.message();
      // A responder whose frames were not touched must come through whole.
      const bool touched = victim.id == id || victim.id == id - 8;
      if (!touched && plan.target != 0) {
        EXPECT_TRUE(ok) << std::hex << id << " lost through another ECU's fault";
      }
      // Dropping the functional request itself leaves both ECUs silent: that is NO DATA, not an
      // ISO-TP error. Any other loss must be explained by a typed error.
      const bool request_dropped = plan.target == 0 && plan.kind == fault::drop;
      if (!ok && !request_dropped) {
        EXPECT_FALSE(errors.empty()) << std::hex << id << " silently lost";
      }
    }
  }
}

}  // namespace
}  // namespace bayscan::protocols
