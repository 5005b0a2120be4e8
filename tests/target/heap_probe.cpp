// Deliberate heap use on bare metal: the firmware checks must catch it.
//  - heap_probe links normally; its nm check is registered WILL_FAIL (it must find
//    operator new, malloc, _sbrk, __cxa_* ...).
//  - heap_probe_vector_banned / heap_probe_malloc_banned link with the allocation bans and
//    must fail to link (a test checks the linker names the banned __wrap_ symbol).
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "port.hpp"

int main() {
#if defined(LANGEVIN_PROBE_DIRECT_MALLOC)
  auto* volatile block = static_cast<std::uint32_t*>(std::malloc(16 * sizeof(std::uint32_t)));
  if (block == nullptr) return 1;
  block[0] = 7u;
  const std::uint32_t result = block[0];
  std::free(block);
  return result == 7u ? 0 : 1;
#else
  std::vector<std::uint32_t> values;
  for (std::uint32_t i = 0; i < 16u; ++i) values.push_back(i * i);
  std::uint32_t sum = 0;
  for (std::uint32_t v : values) sum += v;
  langevin_port::write("heap_probe: std::vector used\n");
  return sum == 1240u ? 0 : 1;
#endif
}
