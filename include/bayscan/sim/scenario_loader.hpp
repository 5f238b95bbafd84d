// Reading scenario files (format: docs/scenarios.md) with strict validation: unknown keys, wrong
// types, malformed codes and addresses, and values a PID cannot encode are errors that name the
// file, the key path and the problem, so a typo in a scenario fails loudly instead of silently
// simulating a different car. Free functions without shared state; thread-safe.
#ifndef BAYSCAN_SIM_SCENARIO_LOADER_HPP
#define BAYSCAN_SIM_SCENARIO_LOADER_HPP

#include <bayscan/common/result.hpp>
#include <bayscan/sim/scenario.hpp>
#include <boost/assert/source_location.hpp>
#include <boost/system/error_category.hpp>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace bayscan::sim {

enum class scenario_errc {
  cannot_read = 1,  // missing or unreadable file
  syntax,           // not JSON (truncated, stray comma...)
  unknown_key,      // a key the format does not define: usually a typo
  missing_key,      // a required key is absent
  wrong_type,       // e.g. a string where a number belongs
  out_of_range,     // a number the field cannot encode
  invalid_value,    // malformed DTC, address, hex, VIN, unknown enum name
  inconsistent,     // values contradict each other (odometer below distance since clear...)
};

const boost::system::error_category& scenario_category() noexcept;
error_code make_error_code(scenario_errc e) noexcept;

struct scenario_error {
  error_code code;
  std::string file;     // path as given to load_scenario
  std::string key;      // "ecus[1].dtcs.stored[0]"; empty for whole-file problems
  std::string problem;  // "\"P03O1\" is not a DTC: 'O' is not a hex digit"
  // 1-based position of a syntax error, when the parser reported one.
  std::optional<std::size_t> line;
  std::optional<std::size_t> column;

  // "sim/scenarios/x.json: ecus[1].dtcs.stored[0]: \"P03O1\" is not a DTC: ..."
  std::string message() const;
};

// Lets result<scenario, scenario_error>::value() throw a system_error with the full message.
[[noreturn]] void throw_exception_from_error(const scenario_error& e,
                                             const boost::source_location& loc);

using scenario_result = result<scenario, scenario_error>;

scenario_result load_scenario(const std::filesystem::path& path);

// Parses scenario text; `file` and `stem` name it in errors and default the scenario name.
scenario_result parse_scenario(std::string_view json_text, std::string_view file,
                               std::string_view stem);

// The folder of the catalogue (BAYSCAN_SCENARIO_DIR unless overridden at run time by the
// BAYSCAN_SCENARIO_DIR environment variable, so an installed simulator can find its files).
std::filesystem::path scenario_directory();

// A bare name ("mil_misfire") resolves to scenario_directory()/NAME.json; anything containing a
// path separator or ending in .json is taken as a path.
std::filesystem::path find_scenario(std::string_view name_or_path);

// Scenario names (file stems) in the folder, sorted.
std::vector<std::string> list_scenarios(const std::filesystem::path& dir = scenario_directory());

}  // namespace bayscan::sim

namespace boost::system {
template <>
struct is_error_code_enum<bayscan::sim::scenario_errc> : std::true_type {};
}  // namespace boost::system

#endif
