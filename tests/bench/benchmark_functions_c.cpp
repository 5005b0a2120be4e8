// C interface to the benchmark set (benchmark_functions.hpp) for benchmark_functions.py:
// SciPy's runs call the same compiled functions as bench_minimize (one value and gradient
// per call), so the two sides cannot drift; benchmark_functions.py also keeps an
// independent NumPy version of every value and checks it against this library.
#include <cstddef>

#include "benchmark_functions.hpp"

namespace {
const bench::test_function* entry(int index) {
  std::size_t count = 0;
  const bench::test_function* table = bench::functions(count);
  return index >= 0 && std::size_t(index) < count ? &table[index] : nullptr;
}
}  // namespace

extern "C" {

int bf_count() {
  std::size_t count = 0;
  bench::functions(count);
  return int(count);
}
const char* bf_name(int index) { return entry(index) ? entry(index)->name : nullptr; }
const char* bf_kind(int index) { return entry(index) ? entry(index)->kind : nullptr; }
const char* bf_source(int index) { return entry(index) ? entry(index)->source : nullptr; }
double bf_lower(int index) { return entry(index) ? entry(index)->lower : 0.0; }
double bf_upper(int index) { return entry(index) ? entry(index)->upper : 0.0; }
int bf_unique_minimizer(int index) { return entry(index) && entry(index)->unique_minimizer ? 1 : 0; }
int bf_max_dimension() { return int(bench::max_dimension); }
double bf_fstar(int index, int d) { return entry(index) ? entry(index)->fstar(std::size_t(d)) : 0.0; }
void bf_xstar(int index, int d, double* x) {
  if (entry(index)) entry(index)->xstar(x, std::size_t(d));
}
/// Value at x[0..d) and gradient into g[0..d); d in [2, bf_max_dimension()].
double bf_evaluate(int index, int d, const double* x, double* g) {
  return entry(index)->evaluate(x, g, std::size_t(d));
}
}
