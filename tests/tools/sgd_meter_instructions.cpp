// Instructions per annealing_sgd step with the gradient-noise meter off, on and holding the
// temperature, for the README's cost figures. Count them on the host with callgrind, and
// compare with the same program built against an older library (before the meter):
//   g++ -std=c++17 -O2 -ffp-contract=off -I lib/include -DWITH_METER tests/tools/sgd_meter_instructions.cpp -o new
//   g++ -std=c++17 -O2 -ffp-contract=off -I <older>/lib/include tests/tools/sgd_meter_instructions.cpp -o old
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null ./new <B> <steps> <0 off | 1 meter | 2 held>
// Instructions per step = (count at 2 K steps - count at K steps) / K.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/uniform.hpp>
constexpr std::size_t P = 8;
struct sample { std::array<float, P> x; float y; };
struct model {
  float operator()(const std::array<float, P>& w, const sample& s, std::array<float, P>& g) const {
    float z = 0; for (std::size_t i = 0; i < P; ++i) z += w[i] * s.x[i];
    const float r = z - s.y; for (std::size_t i = 0; i < P; ++i) g[i] = r * s.x[i]; return 0.5f * r * r; }
};
int main(int argc, char** argv) {
  const std::size_t batch = std::strtoul(argv[1], nullptr, 10);
  const std::uint64_t steps = std::strtoull(argv[2], nullptr, 10);
  const int mode = argc > 3 ? std::atoi(argv[3]) : 0;  // 0 off, 1 meter, 2 held
  static std::array<sample, 1024> data;
  langevin::pcg32 g{1u, 2u};
  for (auto& s : data) { for (auto& v : s.x) v = langevin::uniform<float>(g, -1.0f, 1.0f); s.y = langevin::uniform<float>(g); }
  langevin::annealing_sgd<float, P> sgd;
  langevin::annealing_sgd_options<float> o;
  o.batch_size = batch;
  o.temperature = langevin::schedule<float>::constant(mode == 2 ? 1e-3f : 0.0f);
#ifdef WITH_METER
  o.noise_meter = mode >= 1;
  o.hold_temperature = mode == 2;
#endif
  if (sgd.init(data.size(), o) != langevin::status::ok) return 1;
  const auto r = sgd.run(model{}, data, steps);
  std::printf("%d %f\n", int(r.status), double(sgd.current()[0]));
  return 0;
}
