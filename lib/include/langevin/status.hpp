/// \file
/// The status every fallible operation of the library returns.
#ifndef LANGEVIN_STATUS_HPP
#define LANGEVIN_STATUS_HPP

#include "config.hpp"

namespace langevin {
inline namespace LANGEVIN_ABI {

/// Outcome of an operation. Anything but `ok` means the operation did no work and left
/// every object it was given unchanged, unless the function documents otherwise.
enum class [[nodiscard]] status : unsigned char {
  ok = 0,                ///< Success.
  invalid_argument,      ///< A parameter is out of its documented range (includes NaN).
  non_finite,            ///< The problem returned a NaN or infinite energy or gradient.
  budget_exhausted,      ///< The call budget ran out before the requested work finished.
  corrupt_data,          ///< A checkpoint blob failed its magic, kind, shape, size, CRC or state check.
  buffer_too_small,      ///< A caller-owned buffer is shorter than the documented size.
  version_mismatch,      ///< A checkpoint blob of another format or layout version (e.g. an older release).
  not_found,             ///< Nothing to return: e.g. no valid checkpoint in a checkpoint store.
  storage_error,         ///< The storage refused an erase, program or read, or did not read back what was written.
};

/// Short, static, human-readable name of a status ("ok", "invalid_argument", ...).
constexpr const char* to_string(status s) noexcept {
  switch (s) {
    case status::ok: return "ok";
    case status::invalid_argument: return "invalid_argument";
    case status::non_finite: return "non_finite";
    case status::budget_exhausted: return "budget_exhausted";
    case status::corrupt_data: return "corrupt_data";
    case status::buffer_too_small: return "buffer_too_small";
    case status::version_mismatch: return "version_mismatch";
    case status::not_found: return "not_found";
    case status::storage_error: return "storage_error";
  }
  return "unknown";
}

}  // namespace LANGEVIN_ABI
}  // namespace langevin

#endif
