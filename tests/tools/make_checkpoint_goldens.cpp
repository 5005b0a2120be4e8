// Prints the pinned blobs and continuation hashes of tests/portable/test_checkpoint_golden.cpp
// (from tests/support/checkpoint_golden_runs.hpp). Run on the host, paste, and check that
// every port agrees; regenerate only when the blob format or an algorithm changes on purpose.
// Padding bytes inside a payload (the minimizer's) are saved as they are, so they may differ
// between builds of this program; restoring never reads them.
//   c++ -std=c++17 -I lib/include -I tests/support tests/tools/make_checkpoint_goldens.cpp && ./a.out
#include <cstdio>

#include <langevin/checkpoint.hpp>

#include "checkpoint_golden_runs.hpp"

namespace {

template <class T>
void print_blob(const char* name, const T& object) {
  langevin::checkpoint_blob<T> blob{};
  langevin::save_checkpoint(object, blob);
  std::printf("const unsigned char %s[%zu] = {", name, blob.size());
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::printf("%s0x%02Xu%s", i % 12u == 0u ? "\n    " : " ", blob[i], i + 1u < blob.size() ? "," : "");
  }
  std::printf("};\n");
}

}  // namespace

int main() {
  using namespace golden_runs;
  langevin::pcg32 rng;
  em_type em;
  em_prefix(em, rng);
  print_blob("em_blob", em);
  print_blob("em_rng_blob", rng);
  std::printf("constexpr std::uint32_t em_continuation = 0x%08Xu;\n", em_suffix(em, rng));
  lm_type lm;
  lm_prefix(lm, rng);
  print_blob("lm_blob", lm);
  print_blob("lm_rng_blob", rng);
  std::printf("constexpr std::uint32_t lm_continuation = 0x%08Xu;\n", lm_suffix(lm, rng));
  baoab_type b;
  baoab_prefix(b, rng);
  print_blob("baoab_blob", b);
  print_blob("baoab_rng_blob", rng);
  std::printf("constexpr std::uint32_t baoab_continuation = 0x%08Xu;\n", baoab_suffix(b, rng));
  minimizer_type m;
  minimizer_prefix(m);
  print_blob("minimizer_blob", m);
  std::printf("constexpr std::uint32_t minimizer_continuation = 0x%08Xu;\n", minimizer_suffix(m));
  sampler_type s;
  sampler_prefix(s, rng);
  print_blob("sampler_blob", s);
  print_blob("sampler_rng_blob", rng);
  std::printf("constexpr std::uint32_t sampler_continuation = 0x%08Xu;\n", sampler_suffix(s, rng));
  annealer_type a;
  annealer_prefix(a);
  print_blob("annealer_blob", a);
  std::printf("constexpr std::uint32_t annealer_continuation = 0x%08Xu;\n", annealer_suffix(a));
  // annealing_sgd's blob holds no std::size_t, so it is the same on 32- and 64-bit ports;
  // the test pins it as saved on each (run this program on x86-64 and on armv7-linux under
  // qemu-arm) to show that either restores everywhere.
  sgd_type sgd;
  sgd_prefix(sgd);
  char name[32];
  std::snprintf(name, sizeof name, "sgd_blob_%u_bit", static_cast<unsigned>(8u * sizeof(std::size_t)));
  print_blob(name, sgd);
  std::printf("constexpr std::uint32_t sgd_continuation = 0x%08Xu;\n", sgd_suffix(sgd));
  sgd_rmsprop_prefix(sgd);
  std::snprintf(name, sizeof name, "sgd_rmsprop_blob_%u_bit", static_cast<unsigned>(8u * sizeof(std::size_t)));
  print_blob(name, sgd);
  std::printf("constexpr std::uint32_t sgd_rmsprop_continuation = 0x%08Xu;\n", sgd_suffix(sgd));
  return 0;
}
