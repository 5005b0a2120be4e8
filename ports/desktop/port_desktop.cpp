// Desktop (hosted POSIX) port: stdout console, stdio files, CLOCK_MONOTONIC ticks.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "port.hpp"

namespace langevin_port {

namespace {
constexpr int max_files = 8;
std::FILE* open_files[max_files] = {};
}  // namespace

const char* name() noexcept {
#if defined(__aarch64__)
  return "aarch64-linux";
#elif defined(__arm__)
  return "armv7-linux";
#else
  return "desktop";
#endif
}

void write(const char* data, std::size_t size) noexcept {
  std::fwrite(data, 1, size, stdout);
}

void write(const char* text) noexcept { write(text, std::strlen(text)); }

void exit(int code) noexcept {
  std::fflush(stdout);
  std::exit(code);
}

std::uint64_t ticks() noexcept {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<std::uint64_t>(now.tv_sec) * 1000000000u + static_cast<std::uint64_t>(now.tv_nsec);
}

std::uint64_t ticks_per_second() noexcept { return 1000000000u; }

file_handle file_open(const char* path) noexcept {
  for (int i = 0; i < max_files; ++i) {
    if (open_files[i] == nullptr) {
      open_files[i] = std::fopen(path, "wb");
      return open_files[i] != nullptr ? i : -1;
    }
  }
  return -1;
}

bool file_write(file_handle file, const char* data, std::size_t size) noexcept {
  if (file < 0 || file >= max_files || open_files[file] == nullptr) return false;
  return std::fwrite(data, 1, size, open_files[file]) == size;
}

bool file_close(file_handle file) noexcept {
  if (file < 0 || file >= max_files || open_files[file] == nullptr) return false;
  const bool ok = std::fclose(open_files[file]) == 0;
  open_files[file] = nullptr;
  return ok;
}

}  // namespace langevin_port
