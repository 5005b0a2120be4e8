// Warm start of the minimizer on a tracking task (issue 19): the 3-link arm of
// examples/firmware follows a target moving along an arc past the obstacle, one inverse
// kinematics solve per control period within a fixed budget of problem calls, with the early
// stop target_value = tolerance on the pose error. Each period is solved
//   cold: init() alone, the ground replica starts from a uniform random point of the box;
//   warm: init(), then place(the previous period's solution) (period 0 has none: cold).
// Both use the same seed in a period. Prints, per budget, arc resolution and seed set:
// periods solved (pose error <= tolerance), calls per period (mean, worst), elbow flips of
// the warm track, host time per period; then the totals over the seed sets. Plain program,
// asserts nothing:
//   bench_warm_start_tracking [--seed-sets S]      (default 20)
// The row "budget 300, 48 periods, seeds from 2026" is the firmware example's run: the same
// problem, arc and options, so the same figures (the example prints them on every port).
// The problem and the arc are copied from examples/firmware/main.cpp; keep them in step.
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <langevin/math.hpp>
#include <langevin/optimize/minimize.hpp>

namespace {

// --- the firmware example's problem (examples/firmware/main.cpp) ---------------------------
using joints = std::array<float, 3>;

constexpr float link[3] = {1.0f, 0.8f, 0.6f};
constexpr float joint_limit = 2.6f;
constexpr float pi = 3.14159265f;

struct pose {
  float x, y, phi;
};

constexpr float obstacle_x = 0.9f, obstacle_y = 0.2f, obstacle_radius = 0.35f;
constexpr int samples_per_link = 4;

struct pose_error {
  pose target;
  float operator()(const joints& q, joints& g) const {
    float angle = 0.0f;
    float joint_x[4] = {0.0f, 0.0f, 0.0f, 0.0f}, joint_y[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    float cos_sum[3], sin_sum[3];
    for (int i = 0; i < 3; ++i) {
      angle += q[static_cast<std::size_t>(i)];
      cos_sum[i] = langevin::math::cos_pi(angle / pi);
      sin_sum[i] = langevin::math::sin_pi(angle / pi);
      joint_x[i + 1] = joint_x[i] + link[i] * cos_sum[i];
      joint_y[i + 1] = joint_y[i] + link[i] * sin_sum[i];
    }
    const float dx = joint_x[3] - target.x, dy = joint_y[3] - target.y, dphi = angle - target.phi;
    constexpr float w_orientation = 0.25f, w_obstacle = 20.0f;
    float energy = dx * dx + dy * dy + w_orientation * dphi * dphi;
    for (int j = 0; j < 3; ++j) {
      g[static_cast<std::size_t>(j)] =
          2.0f * (dx * -(joint_y[3] - joint_y[j]) + dy * (joint_x[3] - joint_x[j])) + 2.0f * w_orientation * dphi;
    }
    for (int k = 0; k < 3; ++k) {
      for (int m = 1; m <= samples_per_link; ++m) {
        const float f = static_cast<float>(m) / samples_per_link;
        const float px = joint_x[k] + f * (joint_x[k + 1] - joint_x[k]);
        const float py = joint_y[k] + f * (joint_y[k + 1] - joint_y[k]);
        const float ox = px - obstacle_x, oy = py - obstacle_y;
        const float distance = langevin::math::sqrt(ox * ox + oy * oy);
        const float depth = obstacle_radius - distance;
        if (depth <= 0.0f || distance <= 0.0f) continue;
        energy += w_obstacle * depth * depth;
        const float scale = -2.0f * w_obstacle * depth / distance;
        for (int j = 0; j <= k; ++j) {
          g[static_cast<std::size_t>(j)] += scale * (ox * -(py - joint_y[j]) + oy * (px - joint_x[j]));
        }
      }
    }
    return energy;
  }
};

// The arc of the example, sampled at `periods` control periods: x = 1 + 0.4 cos a,
// y = -0.3 + sin a, a from -0.13 pi to 0.54 pi, tool angle from -1.9 to -0.2 rad; (cos a, sin a)
// turns by a fixed rotation per period, in float, as on the device. For 48 periods the step is
// the example's (checked in main()).
struct arc {
  float c = 0.91775465f, s = -0.397147894f;  // cos, sin of a = -0.13 pi
  float step_c, step_s;
  int periods;
  explicit arc(int n)
      : step_c(static_cast<float>(std::cos(0.67 * M_PI / (n - 1)))),
        step_s(static_cast<float>(std::sin(0.67 * M_PI / (n - 1)))),
        periods(n) {}
  pose target(int period) const {
    return {1.0f + 0.4f * c, -0.3f + s, -1.9f + 1.7f * static_cast<float>(period) / static_cast<float>(periods - 1)};
  }
  void advance() {
    const float next_c = c * step_c - s * step_s;
    s = s * step_c + c * step_s;
    c = next_c;
  }
};

constexpr float tolerance = 1e-8f;

// Whether the period has an exact solution clear of the obstacle: the two closed-form
// elbow solutions (the wrist at the tool minus the last link, then the two-link law of
// cosines), inside the joint limits, with E <= tolerance. Where neither qualifies (the arc
// grazes a spot where both branches touch the obstacle) no run can be expected to succeed.
bool solvable(const pose& p) {
  const double l0 = double(link[0]), l1 = double(link[1]), l2 = double(link[2]), phi = double(p.phi);
  const double wx = double(p.x) - l2 * std::cos(phi), wy = double(p.y) - l2 * std::sin(phi);
  const double c2 = (wx * wx + wy * wy - l0 * l0 - l1 * l1) / (2.0 * l0 * l1);
  if (!(std::fabs(c2) <= 1.0)) return false;
  for (const double side : {1.0, -1.0}) {
    const double t2 = side * std::acos(c2);
    double t1 = std::atan2(wy, wx) - std::atan2(l1 * std::sin(t2), l0 + l1 * std::cos(t2));
    if (t1 > M_PI) t1 -= 2.0 * M_PI;
    if (t1 < -M_PI) t1 += 2.0 * M_PI;
    const double t3 = phi - t1 - t2;
    const double limit = double(joint_limit);
    if (std::fabs(t1) > limit || std::fabs(t2) > limit || std::fabs(t3) > limit) continue;
    joints q{float(t1), float(t2), float(t3)}, g{};
    if (pose_error{p}(q, g) <= tolerance) return true;
  }
  return false;
}

// --- the comparison ------------------------------------------------------------------------
struct tally {
  int solved = 0;
  std::uint64_t calls = 0, worst = 0;
  double seconds = 0.0;
};

struct track_result {
  tally cold, warm;
  int solvable = 0;         // periods with an exact obstacle-free solution
  int flips = 0;            // elbow (theta_2) sign changes along the warm track
  std::uint64_t flip_calls = 0;  // warm calls spent in the periods of those flips
};

track_result track(std::uint64_t budget, int periods, std::uint64_t seed_base) {
  const langevin::box<float, 3> limits{{-joint_limit, -joint_limit, -joint_limit}, {joint_limit, joint_limit, joint_limit}};
  langevin::minimizer<float, 3> engine;
  track_result out;
  joints previous{};
  arc path{periods};
  for (int k = 0; k < periods; ++k, path.advance()) {
    const pose_error problem{path.target(k)};
    out.solvable += solvable(problem.target) ? 1 : 0;
    langevin::minimize_options<float> options;
    options.max_calls = budget;
    options.seed = seed_base + static_cast<std::uint64_t>(k);
    options.target_value = tolerance;
    for (int warm = 0; warm < 2; ++warm) {
      tally& t = warm != 0 ? out.warm : out.cold;
      const auto start = std::chrono::steady_clock::now();
      bool ok = engine.init(limits, options) == langevin::status::ok;
      if (ok && warm != 0 && k > 0) ok = engine.place(previous) == langevin::status::ok;
      if (ok) ok = engine.run(problem).status == langevin::status::ok;
      t.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (!ok) {
        std::fprintf(stderr, "minimizer refused a run (budget %llu, period %d)\n",
                     static_cast<unsigned long long>(budget), k);
        std::exit(2);
      }
      const auto r = engine.result();
      t.solved += r.status == langevin::status::ok && r.value <= tolerance ? 1 : 0;
      t.calls += r.calls;
      t.worst = r.calls > t.worst ? r.calls : t.worst;
      if (warm == 0) continue;
      if (k > 0 && (previous[1] < 0.0f) != (r.x[1] < 0.0f)) {
        ++out.flips;
        out.flip_calls += r.calls;
      }
      previous = r.x;
    }
  }
  return out;
}

void print_header() {
  std::printf("%6s %7s %5s %8s | %6s %8s %5s %8s | %6s %8s %5s %8s | %7s %5s %10s\n", "budget", "periods", "seeds",
              "solvable", "cold",
              "calls/p", "worst", "us/p", "warm", "calls/p", "worst", "us/p", "ratio", "flips", "flip calls");
}

void print_row(std::uint64_t budget, int periods, const char* seeds, const track_result& r, int runs) {
  const double n = static_cast<double>(periods) * runs;
  std::printf("%6llu %7d %5s %8d | %6d %8.1f %5llu %8.2f | %6d %8.1f %5llu %8.2f | %6.2fx %5d %10.1f\n",
              static_cast<unsigned long long>(budget), periods, seeds, r.solvable, r.cold.solved,
              static_cast<double>(r.cold.calls) / n, static_cast<unsigned long long>(r.cold.worst), 1e6 * r.cold.seconds / n,
              r.warm.solved, static_cast<double>(r.warm.calls) / n, static_cast<unsigned long long>(r.warm.worst),
              1e6 * r.warm.seconds / n, static_cast<double>(r.cold.calls) / static_cast<double>(r.warm.calls), r.flips,
              r.flips > 0 ? static_cast<double>(r.flip_calls) / r.flips : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  int seed_sets = 20;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seed-sets") == 0 && i + 1 < argc) {
      seed_sets = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: bench_warm_start_tracking [--seed-sets S]\n");
      return 2;
    }
  }
  if (seed_sets < 1) seed_sets = 1;
  const arc example{48};
  if (!(example.step_c == 0.998997331f && example.step_s == 0.0447694361f)) {  // examples/firmware/main.cpp
    std::fprintf(stderr, "the 48-period arc's step differs from the firmware example's\n");
    return 2;
  }
  std::printf("# warm start on a tracking task: the firmware example's 3-link arm follows an arc past the obstacle;\n"
              "# one solve per period, stop at pose error <= 1e-8, fixed budget per period; float.\n"
              "# cold = init() only; warm = init() + place(previous period's solution). 'cold'/'warm': periods solved,\n"
              "# out of 'solvable' (periods with an exact solution clear of the obstacle, from the closed-form IK);\n"
              "# calls/p, us/p: mean problem calls and host microseconds per period; ratio = cold calls / warm calls;\n"
              "# flips: elbow sign changes along the warm track, flip calls: warm calls per flip period.\n\n");
  std::printf("# the firmware example's run (seed of period k = 2026 + k)\n");
  print_header();
  print_row(300u, 48, "2026", track(300u, 48, 2026u), 1);

  std::printf("\n# each row: %d seed sets (period k of set s has seed 1000 s + k), totals over all periods\n", seed_sets);
  print_header();
  const std::uint64_t budgets[] = {300u, 1000u, 3000u};
  const int resolutions[] = {24, 48, 96};
  for (const std::uint64_t budget : budgets) {
    for (const int periods : resolutions) {
      track_result sum;
      for (int s = 1; s <= seed_sets; ++s) {
        const track_result r = track(budget, periods, 1000u * static_cast<std::uint64_t>(s));
        sum.cold.solved += r.cold.solved;
        sum.warm.solved += r.warm.solved;
        sum.cold.calls += r.cold.calls;
        sum.warm.calls += r.warm.calls;
        sum.cold.worst = r.cold.worst > sum.cold.worst ? r.cold.worst : sum.cold.worst;
        sum.warm.worst = r.warm.worst > sum.warm.worst ? r.warm.worst : sum.warm.worst;
        sum.cold.seconds += r.cold.seconds;
        sum.warm.seconds += r.warm.seconds;
        sum.solvable += r.solvable;
        sum.flips += r.flips;
        sum.flip_calls += r.flip_calls;
      }
      char seeds[16];
      std::snprintf(seeds, sizeof seeds, "x%d", seed_sets);
      print_row(budget, periods, seeds, sum, seed_sets);
    }
  }
  std::printf("\n# counts are over periods x seed sets. A flip period is one where the warm track changed elbow\n"
              "# branch (the branch it was on ran into the obstacle): its first quench, from the previous solution,\n"
              "# ends pressed against the obstacle and the run has to explore from there. At 96 periods the arc\n"
              "# samples a spot near the switch where neither branch clears the obstacle: no run can solve it.\n");
  return 0;
}
