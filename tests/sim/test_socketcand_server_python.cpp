// An independent client judges the socketcand front end: Debian's python3-can (python-can 4.1,
// its 'socketcand' interface) sends raw 0100 to 0x7DF, reads the 7E8 reply, then reads the VIN
// with its own flow control (tests/sim/socketcand_python_client.py). Skips with the reason when
// python3-can is not installed (scripts/install-deps.sh installs it).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "socketcand_test_server.hpp"

namespace {

constexpr const char* python = "/usr/bin/python3";

struct run_result {
  int status = -1;
  std::string output;
};

run_result run(const std::string& command) {
  run_result r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) r.output += buf;
  const int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(SocketcandServerPythonCan, ReadsSupportedPidsAndTheVin) {
  const auto probe = run(std::string(python) +
                         " -c 'import can, can.interfaces.socketcand; print(can.__version__)'");
  if (probe.status != 0) GTEST_SKIP() << "python3-can is not installed (" << probe.output << ")";

  bayscan::sim::testing::socketcand_test_server server("healthy_2022");
  const std::string script =
      std::string(BAYSCAN_SOURCE_DIR) + "/tests/sim/socketcand_python_client.py";
  const auto& vin = server.definition().ecus.at(0).vin;
  const auto r = run(std::string(python) + " " + script + " 127.0.0.1 " +
                     std::to_string(server.port()) + " " + vin);
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("OK " + vin), std::string::npos) << r.output;

  // The log saw the client's two requests (functional 0100, physical 0902) and their replies.
  int requests = 0;
  int replies = 0;
  for (const auto& line : server.log()) {
    if (line.find("\"event\":\"request\"") != std::string::npos) ++requests;
    if (line.find("\"event\":\"reply\"") != std::string::npos) ++replies;
  }
  EXPECT_EQ(requests, 2);
  EXPECT_GE(replies, 2);
}

}  // namespace
