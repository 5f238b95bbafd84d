// End to end: the `bayscan` binary driven as an advisor would, against `bayscan-sim` over a real
// pty (the serial path), real TCP (a WiFi dongle) and socketcand (the CAN path), and against the
// embedded sim: default; the intake lands in a real SQLite file whose stored adapter log decodes.
#include <bayscan/core/session_log_decoder.hpp>
#include <bayscan/core/sqlite_store.hpp>
#include <bayscan/sim/scenario_loader.hpp>
#include <bayscan/sim/sim_process.hpp>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <sys/wait.h>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace bayscan;

namespace {

const std::string bayscan_exe = BAYSCAN_BINARY_DIR "/src/bayscan";
const std::string sim_exe = BAYSCAN_BINARY_DIR "/sim/bayscan-sim";

struct run_result {
  int exit_code = -1;
  std::string out;
};

// Runs a shell command line; stderr goes to the test log.
run_result run(const std::string& args) {
  run_result r;
  FILE* p = ::popen((bayscan_exe + " " + args).c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

struct temp_dir {
  fs::path path;
  temp_dir() {
    path = fs::temp_directory_path() / ("bayscan-e2e-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~temp_dir() { fs::remove_all(path); }
};

sim::scenario scenario(const std::string& name) { return sim::load_scenario(sim::find_scenario(name)).value(); }

// The report must say what the scenario says: VIN, codes by status and ECU, MIL.
void expect_truth(const json::value& report, const sim::scenario& s) {
  std::string vin;
  for (const auto& e : s.ecus)
    if (!e.vin.empty() && vin.empty()) vin = e.vin;
  if (!vin.empty()) {
    EXPECT_EQ(report.at("vin").as_string(), vin);
  }
  std::set<std::string> want, got;
  for (const auto& e : s.ecus) {
    for (const auto& c : e.dtcs.stored) want.insert(c + "/stored@" + protocols::to_string(e.address));
    for (const auto& c : e.dtcs.pending) want.insert(c + "/pending@" + protocols::to_string(e.address));
    for (const auto& c : e.dtcs.permanent) want.insert(c + "/permanent@" + protocols::to_string(e.address));
  }
  for (const auto& d : report.at("dtcs").as_array())
    got.insert(std::string(d.at("code").as_string()) + "/" + std::string(d.at("status").as_string()) + "@" +
               std::string(d.at("ecu").as_string()));
  EXPECT_EQ(got, want);
  EXPECT_EQ(report.at("protocol").at("id").as_string(), std::string(1, protocols::protocol_digit(s.protocol)));
  EXPECT_EQ(report.at("ecus").as_array().size(), s.ecus.size());
}

class ScanOverRealTransports : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

}  // namespace

TEST_P(ScanOverRealTransports, ReportEqualsScenarioTruth) {
  const auto& [name, serve] = GetParam();
  sim::sim_process car(sim_exe, name, serve);
  ASSERT_TRUE(car.ok()) << name << " " << serve;
  auto r = run("scan --adapter '" + car.adapter_uri() + "' --json --no-store");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto report = json::parse(r.out);
  expect_truth(report, scenario(name));
  EXPECT_TRUE(report.at("complete").as_bool());
}

// Every catalogue car over a pty (the serial path) and TCP; the CAN cars also over socketcand.
// The two fault cars have their own test below.
std::vector<std::pair<std::string, std::string>> catalogue_runs() {
  std::vector<std::pair<std::string, std::string>> runs;
  for (const auto& name : sim::list_scenarios()) {
    if (name == "flaky_bluetooth" || name == "ecu_stops_answering") continue;
    runs.emplace_back(name, "pty");
    runs.emplace_back(name, "tcp:0");
    if (protocols::is_can(scenario(name).protocol)) runs.emplace_back(name, "socketcand:0");
  }
  return runs;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, ScanOverRealTransports, ::testing::ValuesIn(catalogue_runs()),
                         [](const auto& info) {
                           return info.param.first + "_" + info.param.second.substr(0, info.param.second.find(':'));
                         });

TEST(Cli, EmbeddedDefaultStoresAndTheStoredLogReplays) {
  temp_dir dir;
  const auto db = (dir.path / "bay.db").string();
  auto r = run("scan --adapter sim:mil_misfire --json --db " + db);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto report = json::parse(r.out);
  expect_truth(report, scenario("mil_misfire"));

  auto store = core::sqlite_store::open(db).value();
  auto log = store->load_session_log(1).value();
  auto decoded = core::decode_session_log(log);
  EXPECT_EQ(decoded.at("summary").at("vin").as_string(), report.at("vin").as_string());

  auto h = run("history JHLRW2H59JC012345 --json --db " + db);
  ASSERT_EQ(h.exit_code, 0) << h.out;
  EXPECT_NE(h.out.find("P0301"), std::string::npos);
  auto f = run("fleet --dtc P0301 --json --db " + db);
  ASSERT_EQ(f.exit_code, 0) << f.out;
  EXPECT_NE(f.out.find("JHLRW2H59JC012345"), std::string::npos);
  // The human summary is bilingual.
  auto human = run("scan --adapter sim:mil_misfire --no-store");
  EXPECT_EQ(human.exit_code, 0);
  EXPECT_NE(human.out.find("偵測到第1缸失火"), std::string::npos);
  EXPECT_NE(human.out.find("Cylinder 1 Misfire Detected"), std::string::npos);
}

TEST(Cli, FaultsGivePartialReportsAndExitOne) {
  for (const char* name : {"flaky_bluetooth", "ecu_stops_answering"}) {
    SCOPED_TRACE(name);
    sim::sim_process car(sim_exe, name, "pty");
    ASSERT_TRUE(car.ok());
    auto r = run("scan --adapter '" + car.adapter_uri() + "' --json --no-store");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    auto report = json::parse(r.out);
    EXPECT_FALSE(report.at("complete").as_bool());
    EXPECT_FALSE(report.at("warnings").as_array().empty());
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run("scan --adapter bogus:thing --no-store 2>/dev/null").exit_code, 2);
  EXPECT_EQ(run("scan 2>/dev/null").exit_code, 2);
  EXPECT_EQ(run("scan --adapter sim:no_such_car --no-store 2>/dev/null").exit_code, 2);
  EXPECT_EQ(run("decode /no/such/file 2>/dev/null").exit_code, 2);
  EXPECT_EQ(run("decode --protocol Z " BAYSCAN_SOURCE_DIR "/examples/logs/can11_headers_on.log 2>/dev/null").exit_code, 2);
  // An adapter that is not there is a vehicle/adapter problem, not a usage error.
  EXPECT_EQ(run("scan --adapter serial:/dev/does-not-exist --no-store 2>/dev/null").exit_code, 1);
}

TEST(Cli, DecodeReadsFileAndStdin) {
  auto r = run("decode " BAYSCAN_SOURCE_DIR "/examples/logs/iso9141_2.log");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(json::parse(r.out).at("summary").at("vin").as_string(), "JTDKB3FU5M3123456");
  auto s = run("decode - < " BAYSCAN_SOURCE_DIR "/examples/logs/can29_headers_on.log");
  ASSERT_EQ(s.exit_code, 0);
  EXPECT_EQ(json::parse(s.out).at("summary").at("protocol").at("id").as_string(), "7");
}
