// bayscan-sim as a client meets it: the executable run as a child process, its pty opened raw
// and its TCP port connected with plain byte I/O, the replies read as a terminal shows them;
// an independent Python client (tests/sim/elm_client.py, plain os.read/os.write like a
// third-party ELM327 library); and the in-process twin (sim::in_process_stream) the CLI's
// `sim:NAME` adapter uses. Expected values come from the scenario files, not from the code
// under test.
#include <bayscan/protocols/elm327_reader.hpp>
#include <bayscan/protocols/j1979_response.hpp>
#include <bayscan/protocols/j1979_vehicle_info.hpp>
#include <bayscan/protocols/supported_pids.hpp>
#include <bayscan/sim/in_process.hpp>
#include <bayscan/sim/scenario_loader.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace bayscan;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

const char* const sim_binary = BAYSCAN_BINARY_DIR "/sim/bayscan-sim";

sim::scenario load(const std::string& name) {
  auto s = sim::load_scenario(sim::find_scenario(name));
  if (!s) throw std::runtime_error(s.error().message());
  return *s;
}

// A child process with its stdout and stderr on pipes.
class child_process {
 public:
  explicit child_process(std::vector<std::string> args) {
    int out[2], err[2];
    if (::pipe(out) != 0 || ::pipe(err) != 0) throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::dup2(err[1], 2);
      ::close(out[0]);
      ::close(err[0]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    out_ = out[0];
    err_ = err[0];
  }
  ~child_process() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(out_);
    ::close(err_);
  }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  // The first line on stdout (without the newline), "" on timeout or EOF.
  std::string first_line(std::chrono::milliseconds timeout = 10s) {
    std::string line;
    const auto until = clock_type::now() + timeout;
    char c = 0;
    while (clock_type::now() < until) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      if (::read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line.push_back(c);
    }
    return {};
  }
  std::string all_stderr() {
    std::string text;
    char buf[512];
    for (;;) {
      pollfd p{err_, POLLIN, 0};
      if (::poll(&p, 1, 5000) <= 0) break;
      auto n = ::read(err_, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
  }
  // Exit status, or -1 if it did not exit in time.
  int wait(std::chrono::milliseconds timeout = 10s) {
    const auto until = clock_type::now() + timeout;
    while (clock_type::now() < until) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(20ms);
    }
    return -1;
  }
  void terminate() { ::kill(pid_, SIGTERM); }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  int err_ = -1;
  bool exited_ = false;
};

// Plain byte I/O on a file descriptor: write a command with CR, read up to the '>' prompt.
class terminal {
 public:
  explicit terminal(int fd) : fd_(fd) {}
  ~terminal() {
    if (fd_ >= 0) ::close(fd_);
  }
  terminal(const terminal&) = delete;
  terminal& operator=(const terminal&) = delete;

  std::string command(const std::string& line, std::chrono::milliseconds timeout = 10s) {
    const std::string out = line + "\r";
    if (::write(fd_, out.data(), out.size()) != static_cast<ssize_t>(out.size())) return "<write>";
    std::string reply;
    const auto until = clock_type::now() + timeout;
    char buf[256];
    while (clock_type::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      auto n = ::read(fd_, buf, sizeof buf);
      if (n <= 0) break;
      reply.append(buf, static_cast<std::size_t>(n));
      if (!reply.empty() && reply.back() == '>') break;
    }
    return reply;
  }

 private:
  int fd_;
};

int open_pty_raw(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY);
  if (fd < 0) return fd;
  termios tio{};
  ::tcgetattr(fd, &tio);
  ::cfmakeraw(&tio);
  ::tcsetattr(fd, TCSANOW, &tio);
  return fd;
}

int connect_tcp(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// The ELM327 text of one vehicle request as the reader decodes it (headers on).
std::vector<protocols::ecu_message> decode(const std::string& command, const std::string& text,
                                           protocols::obd_protocol p) {
  protocols::elm327::settings s;
  s.echo = false;
  s.headers = true;
  s.selected_protocol = p;
  s.active_protocol = p;
  protocols::elm327::reader r(s);
  r.begin(command);
  auto fed = r.feed(std::span<const char>(text.data(), text.size()));
  EXPECT_TRUE(fed.complete) << text;
  return r.last_reply().messages;
}

// The session the issue names: ATZ, ATE0, ATH1, ATSP0, 0100, 0902, 03, checked against the
// scenario file.
void check_session(terminal& t, const sim::scenario& s) {
  const auto& engine = s.ecus.at(0);
  auto banner = t.command("ATZ");
  EXPECT_NE(banner.find(s.adapter.version), std::string::npos) << banner;
  EXPECT_EQ(banner.back(), '>');
  EXPECT_EQ(t.command("ATE0"), "ATE0\rOK\r\r>");  // the echo of ATE0 itself is still on
  EXPECT_EQ(t.command("ATH1"), "OK\r\r>");
  EXPECT_EQ(t.command("ATSP0"), "OK\r\r>");

  auto supported = t.command("0100");
  EXPECT_EQ(supported.rfind("SEARCHING...\r", 0), 0u) << supported;
  // Datasheet shape with headers: "7E8 06 41 00 BE 3F A8 13 \r" for the engine ECU.
  EXPECT_NE(supported.find(to_string(engine.address) + " 06 41 00 "), std::string::npos)
      << supported;
  auto bitmaps = protocols::parse_supported_range(
      s.protocol, protocols::j1979_service::current_data, 0x00, decode("0100", supported, s.protocol));
  ASSERT_TRUE(bitmaps.contains(engine.address));
  ASSERT_TRUE(bitmaps.at(engine.address));
  protocols::supported_pids ids;
  ids.set_range(0x00, *bitmaps.at(engine.address));
  for (std::uint8_t pid = 1; pid < 0x20; ++pid)
    EXPECT_EQ(ids.supports(pid), engine.supported_pids().contains(pid)) << int(pid);

  auto vin_text = t.command("0902");
  auto vins = protocols::parse_vin(s.protocol, decode("0902", vin_text, s.protocol));
  ASSERT_TRUE(vins.contains(engine.address)) << vin_text;
  ASSERT_TRUE(vins.at(engine.address));
  EXPECT_EQ(*vins.at(engine.address), engine.vin);

  auto codes_text = t.command("03");
  auto codes = protocols::parse_dtcs(s.protocol, protocols::dtc_status::stored,
                                     decode("03", codes_text, s.protocol));
  ASSERT_TRUE(codes.contains(engine.address)) << codes_text;
  ASSERT_TRUE(codes.at(engine.address));
  std::vector<std::string> got;
  for (const auto& d : *codes.at(engine.address)) got.push_back(d.to_string());
  EXPECT_EQ(got, engine.dtcs.stored);
}

TEST(bayscan_sim, serves_a_pty_that_reads_like_the_car) {
  const auto s = load("mil_misfire");
  const auto log = std::filesystem::temp_directory_path() /
                   ("bayscan-sim-test-" + std::to_string(::getpid()) + ".jsonl");
  child_process sim({sim_binary, "--scenario", "mil_misfire", "--serve", "pty", "--log", log});
  const auto path = sim.first_line();
  ASSERT_EQ(path.rfind("/dev/pts/", 0), 0u) << "first stdout line: " << path;
  terminal t(open_pty_raw(path));
  check_session(t, s);
  sim.terminate();
  EXPECT_EQ(sim.wait(), 0);
  // One JSON line per request and reply, with timestamps.
  std::ifstream in(log);
  std::string line;
  int requests = 0, replies = 0;
  while (std::getline(in, line)) {
    EXPECT_NE(line.find("\"t_us\""), std::string::npos) << line;
    if (line.find("\"event\":\"request\"") != std::string::npos) ++requests;
    if (line.find("\"event\":\"reply\"") != std::string::npos) ++replies;
  }
  EXPECT_EQ(requests, 7);  // ATZ ATE0 ATH1 ATSP0 0100 0902 03
  EXPECT_EQ(replies, 3);   // the vehicle requests
  std::filesystem::remove(log);
}

TEST(bayscan_sim, serves_tcp_on_any_free_port) {
  const auto s = load("healthy_2022");
  child_process sim({sim_binary, "--scenario", "healthy_2022", "--serve", "tcp:0"});
  const auto endpoint = sim.first_line();
  ASSERT_EQ(endpoint.rfind("tcp:127.0.0.1:", 0), 0u) << endpoint;
  const int port = std::stoi(endpoint.substr(std::string("tcp:127.0.0.1:").size()));
  ASSERT_GT(port, 0);
  terminal t(connect_tcp(static_cast<std::uint16_t>(port)));
  check_session(t, s);
  sim.terminate();
  EXPECT_EQ(sim.wait(), 0);
}

TEST(bayscan_sim, a_corrupt_scenario_exits_2_naming_the_key) {
  std::ifstream in(sim::find_scenario("healthy_2022"));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto brace = text.find('{');
  text.insert(brace + 1, "\n  \"colour\": \"red\",");
  const auto file = std::filesystem::temp_directory_path() /
                    ("bayscan-sim-corrupt-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << text;
  child_process sim({sim_binary, "--scenario", file.string(), "--serve", "pty"});
  EXPECT_EQ(sim.wait(), 2);
  const auto message = sim.all_stderr();
  EXPECT_NE(message.find("colour"), std::string::npos) << message;
  EXPECT_NE(message.find(file.filename().string()), std::string::npos) << message;
  std::filesystem::remove(file);
}

TEST(bayscan_sim, usage_errors_exit_2_and_list_prints_the_catalogue) {
  {
    child_process sim({sim_binary, "--scenario", "healthy_2022", "--serve", "serial:x"});
    EXPECT_EQ(sim.wait(), 2);
  }
  {
    child_process sim({sim_binary, "--scenario", "no_such_car", "--serve", "pty"});
    EXPECT_EQ(sim.wait(), 2);
    EXPECT_NE(sim.all_stderr().find("no_such_car"), std::string::npos);
  }
  child_process sim({sim_binary, "--list"});
  EXPECT_EQ(sim.first_line(), sim::list_scenarios().front());
  EXPECT_EQ(sim.wait(), 0);
}

TEST(bayscan_sim, injected_disconnect_ends_a_pty_server) {
  // flaky_bluetooth drops the link after request 12 (its file's fault list).
  const auto s = load("flaky_bluetooth");
  std::uint32_t n = 0;
  for (const auto& f : s.faults)
    if (f.kind == sim::fault_kind::disconnect_after_requests) n = f.n;
  ASSERT_GT(n, 0u);
  child_process sim({sim_binary, "--scenario", "flaky_bluetooth", "--serve", "pty"});
  const auto path = sim.first_line();
  ASSERT_FALSE(path.empty());
  terminal t(open_pty_raw(path));
  t.command("ATE0");
  t.command("ATSP6");
  for (std::uint32_t k = 0; k < n; ++k) t.command("010C");
  EXPECT_EQ(sim.wait(), 0);
}

// The CAN front end: socketcand protocol on TCP (linux-can/socketcand doc/protocol.md), a raw
// single frame 02 01 00 to the functional ID 7DF (ISO 15765-4), the engine's 41 00 back.
TEST(bayscan_sim, serves_socketcand) {
  const auto s = load("mil_misfire");
  child_process sim({sim_binary, "--scenario", "mil_misfire", "--serve", "socketcand:0"});
  const auto endpoint = sim.first_line();
  const std::string prefix = "socketcand:127.0.0.1:";
  ASSERT_EQ(endpoint.rfind(prefix, 0), 0u) << endpoint;
  ASSERT_EQ(endpoint.substr(endpoint.size() - 5), "/can0") << endpoint;
  const int port = std::stoi(endpoint.substr(prefix.size()));
  const int fd = connect_tcp(static_cast<std::uint16_t>(port));
  ASSERT_GE(fd, 0);
  auto read_until = [&](const std::string& needle) {
    std::string text;
    char buf[256];
    const auto until = clock_type::now() + 5s;
    while (text.find(needle) == std::string::npos && clock_type::now() < until) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      auto n = ::read(fd, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
  };
  auto send = [&](const std::string& text) {
    ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  };
  EXPECT_NE(read_until("< hi >").find("< hi >"), std::string::npos);
  send("< open can0 >");
  EXPECT_NE(read_until("< ok >").find("< ok >"), std::string::npos);
  send("< rawmode >");
  EXPECT_NE(read_until("< ok >").find("< ok >"), std::string::npos);
  send("< send 7DF 8 02 01 00 00 00 00 00 00 >");
  const auto frame = read_until(" >");
  // "< frame 7E8 SECS.USECS 064100BE3FA813.. >": single frame, 6 bytes, bitmap of PIDs 01-20.
  const auto at = frame.find("< frame 7E8 ");
  ASSERT_NE(at, std::string::npos) << frame;
  const auto data_at = frame.find(' ', frame.find('.', at)) + 1;
  const auto data = frame.substr(data_at, 14);  // PCI, 41, 00, four bitmap bytes
  ASSERT_EQ(data.substr(0, 6), "064100") << frame;
  const auto bitmap = static_cast<std::uint32_t>(std::stoul(data.substr(6), nullptr, 16));
  protocols::supported_pids ids;
  ids.set_range(0x00, bitmap);
  for (std::uint8_t pid = 1; pid < 0x20; ++pid)
    EXPECT_EQ(ids.supports(pid), s.ecus[0].supported_pids().contains(pid)) << int(pid);
  ::close(fd);
  sim.terminate();
  EXPECT_EQ(sim.wait(), 0);
}

// An independent client: Python with plain os.read/os.write, as third-party ELM327 libraries
// talk to a serial port (ATZ, wait for '>', ATE0, ATH1, ATSP0, 0100, then VIN, 03, 0101).
TEST(bayscan_sim, python_client_reads_vin_codes_and_monitor_status) {
  if (::access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "/usr/bin/python3 not installed";
  const auto s = load("mil_misfire");
  child_process sim({sim_binary, "--scenario", "mil_misfire", "--serve", "pty"});
  const auto path = sim.first_line();
  ASSERT_FALSE(path.empty());
  const std::string script = BAYSCAN_SOURCE_DIR "/tests/sim/elm_client.py";
  const std::string cmd = "/usr/bin/python3 " + script + " " + path;
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << out;
  const auto& e = s.ecus.at(0);
  EXPECT_NE(out.find("vin=" + e.vin + "\n"), std::string::npos) << out;
  std::string codes;
  for (const auto& c : e.dtcs.stored) codes += (codes.empty() ? "" : ",") + c;
  EXPECT_NE(out.find("stored=" + codes + "\n"), std::string::npos) << out;
  EXPECT_NE(out.find("mil=on count=" + std::to_string(e.dtcs.stored.size()) + "\n"),
            std::string::npos)
      << out;
  sim.terminate();
  EXPECT_EQ(sim.wait(), 0);
}

// ---------------------------------------------------------------------------------------------
// The in-process twin.

std::string exchange(sim::in_process_stream& link, const std::string& line) {
  const std::string out = line + "\r";
  EXPECT_TRUE(link.write(byte_span(reinterpret_cast<const std::uint8_t*>(out.data()), out.size()),
                         hardware::deadline_after(1s)));
  std::string reply;
  std::uint8_t buf[128];
  const auto until = hardware::deadline_after(10s);
  while (reply.empty() || reply.back() != '>') {
    auto n = link.read_some(buf, until);
    if (!n) break;
    reply.append(reinterpret_cast<const char*>(buf), *n);
  }
  return reply;
}

TEST(in_process, simulated_pacing_answers_at_once_and_counts_the_time) {
  auto link = sim::in_process_stream::open("mil_misfire", {sim::pacing::simulated, true});
  ASSERT_TRUE(link) << link.error().message();
  auto& l = **link;
  const auto start = clock_type::now();
  EXPECT_NE(exchange(l, "ATZ").find("ELM327"), std::string::npos);
  EXPECT_EQ(exchange(l, "ATE0"), "ATE0\rOK\r\r>");
  EXPECT_EQ(exchange(l, "ATSP6"), "OK\r\r>");
  EXPECT_EQ(exchange(l, "03"), "43 02 03 01 03 00\r\r>");
  EXPECT_EQ(exchange(l, "04"), "44\r\r>");
  EXPECT_EQ(exchange(l, "03"), "43 00\r\r>");
  EXPECT_EQ(l.car().clear_count(), 1u);
  EXPECT_LT(clock_type::now() - start, 1s);
  // Each vehicle request costs at least the ECU latency on the virtual clock.
  EXPECT_GE(l.simulated_elapsed(), 3 * std::chrono::milliseconds(l.car().definition().timing.ecu_latency_ms));
}

TEST(in_process, real_time_pacing_takes_the_car_s_time) {
  auto link = sim::in_process_stream::open("realistic_timing");
  ASSERT_TRUE(link) << link.error().message();
  auto& l = **link;
  exchange(l, "ATE0");
  exchange(l, "ATSP6");
  const auto latency = l.car().definition().timing.ecu_latency_ms;
  const auto jitter = l.car().definition().timing.jitter_ms;
  const auto start = clock_type::now();
  auto reply = exchange(l, "010C");
  EXPECT_GE(clock_type::now() - start, std::chrono::milliseconds(latency - jitter));
  EXPECT_EQ(reply.rfind("41 0C ", 0), 0u) << reply;
  // A byte while busy aborts the request: STOPPED.
  const std::string req = "0100\r";
  ASSERT_TRUE(l.write(byte_span(reinterpret_cast<const std::uint8_t*>(req.data()), req.size()),
                      hardware::deadline_after(1s)));
  const std::uint8_t interrupt[] = {'X'};
  ASSERT_TRUE(l.write(interrupt, hardware::deadline_after(1s)));
  std::string text;
  std::uint8_t buf[64];
  while (text.empty() || text.back() != '>') {
    auto n = l.read_some(buf, hardware::deadline_after(2s));
    ASSERT_TRUE(n);
    text.append(reinterpret_cast<const char*>(buf), *n);
  }
  EXPECT_NE(text.find("STOPPED"), std::string::npos) << text;
}

TEST(in_process, unknown_scenario_is_an_error_that_names_it) {
  auto link = sim::in_process_stream::open("no_such_car");
  ASSERT_FALSE(link);
  EXPECT_NE(link.error().message().find("no_such_car"), std::string::npos);
}

}  // namespace
