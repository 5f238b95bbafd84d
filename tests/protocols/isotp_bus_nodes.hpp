// Bus nodes for the ISO-TP session suites: the tester's isotp_session and simulated ECUs built on
// isotp_channel, wrapped as endpoints of the simulated bus in isotp_test_support.hpp.
#ifndef BAYSCAN_TESTS_PROTOCOLS_ISOTP_BUS_NODES_HPP
#define BAYSCAN_TESTS_PROTOCOLS_ISOTP_BUS_NODES_HPP

#include <bayscan/protocols/isotp_channel.hpp>
#include <bayscan/protocols/isotp_session.hpp>

#include "protocols/isotp_test_support.hpp"

#include <functional>
#include <string>
#include <vector>

namespace bayscan::protocols::test {

struct tester_node {
  isotp_session session;
  std::vector<isotp_response> responses;
  bus_endpoint ep{"tester",
                  [this](isotp_time_point now) { return session.poll(now); },
                  [this](const can_frame& f, isotp_time_point now) {
                    session.on_frame(f, now);
                    collect();
                  },
                  [this] { return session.next_deadline(); },
                  [this](isotp_time_point now) {
                    session.on_timeout(now);
                    collect();
                  }};

  explicit tester_node(isotp_session s) : session(std::move(s)) {}
  void collect() {
    for (auto& r : session.take_responses()) responses.push_back(std::move(r));
  }
};

// An ECU that answers every complete request with answer(request).
struct ecu_node {
  isotp_channel channel;
  std::function<byte_vector(const byte_vector&)> answer;
  std::vector<isotp_request> requests;
  std::vector<error_code> errors;
  bus_endpoint ep{"ecu",
                  [this](isotp_time_point now) { return channel.poll(now); },
                  [this](const can_frame& f, isotp_time_point now) {
                    auto r = channel.on_frame(f, now);
                    if (!r) return;
                    if (!*r) {
                      errors.push_back(r->error());
                      return;
                    }
                    requests.push_back(**r);
                    const byte_vector reply = answer((*r)->data);
                    if (auto s = channel.respond(reply, now); !s) errors.push_back(s.error());
                  },
                  [this] { return channel.next_deadline(); },
                  [this](isotp_time_point now) {
                    if (auto r = channel.on_timeout(now); !r) errors.push_back(r.error());
                  }};

  ecu_node(isotp_channel_config c, std::function<byte_vector(const byte_vector&)> a, std::string name)
      : channel(c), answer(std::move(a)) {
    ep.name = std::move(name);
  }
};

inline isotp_channel_config ecu_config(std::uint32_t request_id, std::uint32_t response_id, bool extended = false) {
  isotp_channel_config c;
  c.request_id = request_id;
  c.response_id = response_id;
  c.extended = extended;
  c.functional_id = extended ? obd_functional_id_29bit : obd_functional_id_11bit;
  return c;
}

}  // namespace bayscan::protocols::test

#endif
