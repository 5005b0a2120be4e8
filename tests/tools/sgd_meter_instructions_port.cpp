// Instructions per annealing_sgd step on Cortex-M with the gradient-noise meter off, on and
// holding the temperature (P = 2, float), for the README's cost figures. Under QEMU with
// -icount shift=0 every instruction takes 1 ns, so the port's SysTick ticks (25 MHz on
// mps2-an386) count 40 instructions each. Build it with the cortex-m4 preset's flags and link
// line (as an example is built), with -DWITH_METER, and once against an older library without,
// then run:
//   qemu-system-arm -M mps2-an386 -nographic -monitor none -serial none -icount shift=0 \
//     -semihosting-config enable=on,target=native -kernel <elf>
#include <array>
#include <cstdint>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/uniform.hpp>
#include "port.hpp"
#include "print.hpp"
constexpr std::size_t P = 2;
struct sample { float x, y; };
struct model { float operator()(const std::array<float, P>& w, const sample& s, std::array<float, P>& g) const {
  const float r = w[0] + w[1] * s.x - s.y; g[0] = r; g[1] = r * s.x; return 0.5f * r * r; } };
static std::array<sample, 64> data;
template <class Sgd>
std::uint64_t ticks_for(Sgd& sgd, std::uint64_t steps) {
  const std::uint64_t t0 = langevin_port::ticks();
  static_cast<void>(sgd.run(model{}, data, steps));
  return langevin_port::ticks() - t0;
}
int main() {
  langevin::pcg32 g{1u, 2u};
  for (auto& s : data) { s.x = langevin::uniform<float>(g, -1.0f, 1.0f); s.y = 1.0f + 2.0f * s.x; }
  for (std::size_t b : {std::size_t{1}, std::size_t{32}}) {
    for (int mode = 0; mode < 3; ++mode) {
      static langevin::annealing_sgd<float, P> sgd;
      langevin::annealing_sgd_options<float> o;
      o.batch_size = b;
      o.temperature = langevin::schedule<float>::constant(mode == 2 ? 1e-3f : 0.0f);
#ifdef WITH_METER
      o.noise_meter = mode >= 1;
      o.hold_temperature = mode == 2;
#else
      if (mode > 0) continue;
#endif
      if (sgd.init(data.size(), o) != langevin::status::ok) return 1;
      const std::uint64_t a = ticks_for(sgd, 2000u);
      const std::uint64_t c = ticks_for(sgd, 4000u);
      langevin_port::text<120> line;
      line << "B " << static_cast<int>(b) << " mode " << mode << ": instructions per step ~ " << (c - a) * 40u / 2000u << "\n";
      langevin_port::write(line);
    }
  }
  return 0;
}
