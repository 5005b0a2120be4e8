// The port interface: the few free functions that examples and target tests call.
// Exactly one implementation is linked (ports/desktop or ports/cortex-m); the library
// itself never includes this header.
#ifndef LANGEVIN_PORT_PORT_HPP
#define LANGEVIN_PORT_PORT_HPP

#include <cstddef>
#include <cstdint>

namespace langevin_port {

/// Name of the linked port, e.g. "desktop" or "cortex-m4 (mps2-an386)".
const char* name() noexcept;

/// Writes `size` bytes to the console (stdout on the desktop, semihosting on Cortex-M).
void write(const char* data, std::size_t size) noexcept;

/// Writes a NUL-terminated string to the console.
void write(const char* text) noexcept;

/// Ends the program with `code` as its exit status (0 = success).
[[noreturn]] void exit(int code) noexcept;

/// Monotonic tick counter; see ticks_per_second() for its unit.
std::uint64_t ticks() noexcept;

/// Frequency of ticks() in Hz (1e9 on the desktop: nanoseconds).
std::uint64_t ticks_per_second() noexcept;

/// Opaque handle of an output file; negative means "no file".
using file_handle = int;

/// Creates or truncates the file at `path` for writing; returns a negative handle on failure.
/// On Cortex-M the file is created on the host through semihosting.
file_handle file_open(const char* path) noexcept;

/// Appends `size` bytes; returns false if not all of them were written.
bool file_write(file_handle file, const char* data, std::size_t size) noexcept;

/// Closes the file; returns false if it could not be flushed.
bool file_close(file_handle file) noexcept;

}  // namespace langevin_port

#endif
