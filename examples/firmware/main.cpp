// A device task: inverse kinematics of a 3-link planar arm with joint limits, solved on the
// device by the annealed global minimizer within a fixed call budget per target. The
// energy is the squared pose error (position and tool orientation) plus a penalty for
// touching an obstacle; with the joint limits it has several local minima (elbow-up /
// elbow-down branches, postures pressed against the obstacle or a limit) that trap
// gradient descent. Everything is static memory; output goes through the port. The
// result bits are printed in hex: they are the same on the host and on every ARM port, and
// the example's test checks them. Then the arm tracks a moving target over 48 control
// periods, each solved within a fixed budget twice: cold (a random start, as for the single
// targets) and warm-started from the previous period's solution (minimizer::place); the warm
// start must solve at least as many periods with fewer calls. At the end, target 5 is solved
// once more, over a whole budget, with resets striking at random moments (some while a
// checkpoint is being written to flash): each boot resumes from the A/B checkpoint store at
// the last completed save, and the run must land on the uninterrupted run's bits.
#include <array>
#include <cstdint>

#include <langevin/checkpoint_store.hpp>
#include <langevin/math.hpp>
#include <langevin/nor_flash_simulator.hpp>
#include <langevin/optimize/minimize.hpp>
#include <langevin/random/pcg32.hpp>

#include "port.hpp"
#include "print.hpp"

namespace {

using joints = std::array<float, 3>;

constexpr float link[3] = {1.0f, 0.8f, 0.6f};   // link lengths, metres
constexpr float joint_limit = 2.6f;             // |theta_i| <= 2.6 rad
constexpr float pi = 3.14159265f;

struct pose {
  float x, y, phi;  // tool position (m) and orientation (rad)
};

// A round obstacle the arm must not touch (centre and radius in metres).
constexpr float obstacle_x = 0.9f, obstacle_y = 0.2f, obstacle_radius = 0.35f;
constexpr int samples_per_link = 4;

// Energy = squared tool position error + 0.25 m^2/rad^2 x squared orientation error
// + 20 x the squared depth of every sampled link point inside the obstacle. The obstacle
// splits the joint space into separate valleys, so descent from a fixed posture often
// ends pressed against it. Angles enter the library's deterministic cos_pi/sin_pi, so the
// energy has the same bits on every port. Out of line: one copy for its two callers (the
// minimizer's step and the gradient descent in main()), not one inlined in each.
struct pose_error {
  pose target;
  [[gnu::noinline]] float operator()(const joints& q, joints& g) const {
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
    // d p / d q_j for a point p beyond joint j is the point's offset from joint j turned by 90 degrees.
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
        const float scale = -2.0f * w_obstacle * depth / distance;  // d(depth^2)/dp = scale * (ox, oy)
        for (int j = 0; j <= k; ++j) {
          g[static_cast<std::size_t>(j)] += scale * (ox * -(py - joint_y[j]) + oy * (px - joint_x[j]));
        }
      }
    }
    return energy;
  }
};

constexpr std::uint64_t budget = 3000;  // problem calls per target
// Tool poses of obstacle-free postures (so an exact solution exists); from the straight
// arm, gradient descent ends pressed against the obstacle or a joint limit on most.
constexpr int target_count = 6;
const pose targets[target_count] = {{0.75f, -1.28f, 0.74f}, {-0.78f, 1.27f, 2.54f},  {0.38f, 0.30f, -1.86f},
                                    {1.49f, -1.74f, -0.86f}, {-0.52f, 0.32f, 6.13f}, {-1.15f, -0.48f, 4.50f}};

// --- resume after a reset: checkpoints every K calls in an A/B store on NOR flash ---------------
// The flash is the simulator (two slots, 8-byte program units) and survives the simulated
// resets; the engine is "RAM" and each reset wipes it. A reset strikes after a random
// number of calls, either between two calls or while the next checkpoint is being written
// (power cut after a random number of programmed bytes, the torn unit left random).
using ik_engine = langevin::minimizer<float, 3>;
constexpr std::size_t ik_record = langevin::checkpoint_record_size<ik_engine>(8u);
using ik_flash = langevin::nor_flash_simulator<ik_record>;
constexpr std::uint64_t calls_per_checkpoint = 50;  // K
constexpr int max_resets = 4;
ik_engine uninterrupted;
ik_engine engine;
ik_flash flash{8u};
langevin::checkpoint_blob<ik_engine> scratch;

bool resume_after_resets(const pose_error& problem, const langevin::box<float, 3>& limits,
                         const langevin::minimize_options<float>& options) {
  if (uninterrupted.init(limits, options) != langevin::status::ok ||
      uninterrupted.run(problem).status != langevin::status::ok) {
    return false;
  }
  const auto run_calls = static_cast<std::uint32_t>(uninterrupted.calls());
  langevin::pcg32 chaos{2026u, 16u};
  int resets = 0, during_save = 0, fresh_starts = 0;
  std::uint64_t saves = 0, executed = 0, committed = 0;  // committed: calls at the last completed save
  bool resumed_at_last_checkpoint = true;
  for (bool reset = true; reset;) {
    engine = ik_engine{};  // RAM after the reset
    langevin::checkpoint_store<ik_flash> store{flash};
    if (store.load(engine, scratch) != langevin::status::ok) {
      ++fresh_starts;
      if (engine.init(limits, options) != langevin::status::ok) return false;
    }
    const std::uint64_t resumed_at = engine.calls();
    resumed_at_last_checkpoint = resumed_at_last_checkpoint && resumed_at == committed;
    const std::uint64_t reset_at = resets < max_resets ? resumed_at + 1u + chaos.bounded(run_calls / 3u) : ~0ull;
    const bool while_saving = chaos.bounded(2u) == 1u;
    reset = false;
    while (!engine.done() && !reset) {
      if (engine.step(problem).status != langevin::status::ok) return false;
      const bool save_due = engine.calls() % calls_per_checkpoint == 0u && !engine.done();
      reset = engine.calls() >= reset_at && (save_due || !while_saving);
      if (reset && save_due) {
        flash.cut_power_after(chaos.bounded(static_cast<std::uint32_t>(ik_record)), langevin::torn_fill::random);
        static_cast<void>(store.save(engine, scratch));  // dies part-way
        flash.restore_power();
        ++during_save;
      } else if (save_due) {
        if (store.save(engine, scratch) != langevin::status::ok) return false;
        ++saves;
        committed = engine.calls();
      }
    }
    executed += engine.calls() - resumed_at;
    resets += reset ? 1 : 0;
  }
  const auto a = uninterrupted.result();
  const auto b = engine.result();
  bool same = a.calls == b.calls && langevin_port::bits(a.value) == langevin_port::bits(b.value);
  for (std::size_t i = 0; i < 3; ++i) same = same && langevin_port::bits(a.x[i]) == langevin_port::bits(b.x[i]);
  langevin_port::text<320> line;
  line << "resume: target 5, " << b.calls << " calls, with " << resets << " resets (" << during_save
       << " while writing a checkpoint, " << fresh_starts - 1 << " before the first checkpoint), " << saves << " checkpoints, " << flash.erases()
       << " erases, " << executed << " calls executed in all; each boot resumed at the last completed save: "
       << (resumed_at_last_checkpoint ? "yes" : "NO") << "; final bits " << (same ? "equal" : "DIFFER from")
       << " the uninterrupted run's\n";
  langevin_port::write(line);
  return same && resumed_at_last_checkpoint && resets > 0;
}

// --- tracking a moving target: warm start from the previous period's solution -----------------
// A control loop: every period the target moves a little along an elliptic arc past the
// obstacle and the joints are solved again within a fixed budget of problem calls, stopping
// early (target_value) once the pose error is below the tolerance. Solved cold, every period
// pays for a global search from a uniform random start. Warm-started with place(), the ground
// replica's first quench starts from the last period's joints, a small step from the new
// solution, and usually ends there. Part-way along the arc the elbow branch the arm is on
// (theta_2 > 0) runs into the obstacle and stops being a solution: the warm start's first
// quench then ends pressed against the obstacle, and the run finds the other branch by
// exploring from there (a head start, not a commitment). Each period's seed is the same for
// both. tests/bench/bench_warm_start_tracking.cpp repeats this over more seeds and budgets.
constexpr int tracking_periods = 48;
constexpr std::uint64_t period_budget = 300;  // problem calls per control period
constexpr float tracking_tolerance = 1e-8f;   // solved: pose error <= 1e-8 (0.1 mm, 0.2 mrad)
static_assert(period_budget <= 0xFFFFu, "calls per period are kept in 16 bits");
ik_engine tracker;

// The target's path: x = 1 + 0.4 cos a, y = -0.3 + sin a for a from -0.13 pi to 0.54 pi, the
// tool angle from -1.9 to -0.2 rad. (cos a, sin a) turns by a fixed rotation each period, so
// no trigonometry runs for it (cos_pi and sin_pi are inline: kilobytes on a soft-float core).
struct arc {
  float c = 0.91775465f, s = -0.397147894f;  // cos, sin of a = -0.13 pi
  static constexpr float step_c = 0.998997331f, step_s = 0.0447694361f;  // of 0.67 pi / 47
  pose target(int period) const {
    const float phi = -1.9f + 1.7f * static_cast<float>(period) / static_cast<float>(tracking_periods - 1);
    return {1.0f + 0.4f * c, -0.3f + s, phi};
  }
  void advance() {
    const float next_c = c * step_c - s * step_s;
    s = s * step_c + c * step_s;
    c = next_c;
  }
};
static_assert(tracking_periods == 48, "arc::step_c and step_s turn by 0.67 pi / (tracking_periods - 1)");

struct tracking_tally {
  int solved = 0;
  std::uint64_t calls = 0, worst = 0, ticks = 0;
  std::uint16_t per_period[tracking_periods] = {};
};

// `n` / 10^decimals in fixed notation, for the figures of this section: integer arithmetic
// only, as the port's text::fixed() widens to double, and every call of it costs a copy of
// soft-float double code on a core without a double FPU (M0, M4).
struct decimal {
  char text[24] = {};
  decimal(std::int64_t n, int decimals) {
    char digits[24];
    int count = 0, at = 0;
    const bool negative = n < 0;
    std::uint64_t v = negative ? 0u - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    do {
      digits[count++] = static_cast<char>('0' + v % 10u);
      v /= 10u;
    } while (v != 0u || count <= decimals);
    if (negative) text[at++] = '-';
    while (count > 0) {
      if (count == decimals) text[at++] = '.';
      text[at++] = digits[--count];
    }
  }
};

// Rounded to the nearest integer (halves away from zero), for printing scaled figures.
std::int64_t rounded(float v) { return static_cast<std::int64_t>(v + (v < 0.0f ? -0.5f : 0.5f)); }

void fold(std::uint32_t& fingerprint, std::uint32_t word) {
  for (int k = 0; k < 4; ++k) fingerprint = (fingerprint ^ ((word >> (8 * k)) & 0xFFu)) * 16777619u;
}

void write_tally(const char* label, const tracking_tally& t) {
  langevin_port::text<192> line;
  const auto tenths = static_cast<std::int64_t>((20u * t.calls / tracking_periods + 1u) / 2u);
  line << "  " << label << t.solved << " of " << tracking_periods << " periods solved, " << t.calls << " calls ("
       << decimal(tenths, 1).text << " per period, worst " << t.worst << "), "
       << static_cast<std::uint64_t>(t.ticks * 1000000u / langevin_port::ticks_per_second()) << " us\n";
  langevin_port::write(line);
  langevin_port::text<16 + 6 * tracking_periods> calls;
  calls << "    calls:";
  for (const std::uint16_t c : t.per_period) calls << ' ' << static_cast<std::uint32_t>(c);
  calls << '\n';
  langevin_port::write(calls);
}

// One period: a run to the end, from a random start (cold) or from `start` (warm).
bool solve_period(const langevin::box<float, 3>& limits, const langevin::minimize_options<float>& options,
                  const pose_error& problem, const joints* start) {
  if (tracker.init(limits, options) != langevin::status::ok) return false;
  if (start != nullptr && tracker.place(*start) != langevin::status::ok) return false;
  return tracker.run(problem).status == langevin::status::ok;
}

// Returns whether the warm start kept its promise: every period solved, at least as many as
// cold, with fewer calls, across at least one elbow flip. Folds every solution and call count
// into `fingerprint`.
bool track_moving_target(const langevin::box<float, 3>& limits, std::uint32_t& fingerprint) {
  langevin_port::text<256> head;
  head << "tracking: " << tracking_periods << " control periods along an arc past the obstacle, " << period_budget
       << " calls per period, early stop at pose error <= 1e-8\n";  // tracking_tolerance
  langevin_port::write(head);
  tracking_tally cold, warm;
  joints previous{};
  int flips = 0;
  arc path;
  for (int k = 0; k < tracking_periods; ++k, path.advance()) {
    const pose_error problem{path.target(k)};
    langevin::minimize_options<float> options;
    options.max_calls = period_budget;
    options.seed = 2026u + static_cast<std::uint32_t>(k);
    options.target_value = tracking_tolerance;
    for (int warm_start = 0; warm_start < 2; ++warm_start) {
      tracking_tally& tally = warm_start != 0 ? warm : cold;
      const std::uint64_t start = langevin_port::ticks();
      if (!solve_period(limits, options, problem, warm_start != 0 && k > 0 ? &previous : nullptr)) return false;
      tally.ticks += langevin_port::ticks() - start;
      const auto r = tracker.result();
      tally.solved += r.status == langevin::status::ok && r.value <= tracking_tolerance ? 1 : 0;
      tally.calls += r.calls;
      tally.worst = r.calls > tally.worst ? r.calls : tally.worst;
      tally.per_period[k] = static_cast<std::uint16_t>(r.calls);
      for (const float q : r.x) fold(fingerprint, langevin_port::bits(q));
      fold(fingerprint, static_cast<std::uint32_t>(r.calls));
      if (warm_start == 0) continue;
      if (k > 0 && (previous[1] < 0.0f) != (r.x[1] < 0.0f)) {  // the elbow (theta_2) changed sides
        ++flips;
        langevin_port::text<256> line;
        line << "  period " << k << ": the elbow flips, theta_2 " << decimal(rounded(100.0f * previous[1]), 2).text
             << " -> " << decimal(rounded(100.0f * r.x[1]), 2).text << " rad; warm start " << r.calls << " calls, cold "
             << static_cast<std::uint32_t>(cold.per_period[k]) << '\n';
        langevin_port::write(line);
      }
      previous = r.x;
    }
  }
  write_tally("cold (uniform random start):        ", cold);
  write_tally("warm (previous period's solution):  ", warm);
  const bool kept =
      warm.solved == tracking_periods && warm.solved >= cold.solved && warm.calls < cold.calls && flips > 0;
  langevin_port::text<160> verdict;
  const std::uint64_t warm_calls = warm.calls > 0u ? warm.calls : 1u;
  const auto hundredths = static_cast<std::int64_t>((200u * cold.calls / warm_calls + 1u) / 2u);
  verdict << "  warm start: " << decimal(hundredths, 2).text << "x fewer calls, " << warm.solved - cold.solved
          << " more periods solved, " << flips << " elbow flip(s)\n";
  langevin_port::write(verdict);
  return kept;
}

}  // namespace

int main() {
  const langevin::box<float, 3> limits{{-joint_limit, -joint_limit, -joint_limit}, {joint_limit, joint_limit, joint_limit}};
  langevin_port::text<128> hello;
  hello << "firmware: 3-link arm inverse kinematics on " << langevin_port::name() << '\n';
  langevin_port::write(hello);

  std::uint32_t fingerprint = 2166136261u;  // FNV-1a over every result bit pattern
  bool all_reached = true;
  int descent_trapped = 0;
  for (int t = 0; t < target_count; ++t) {
    const pose_error problem{targets[t]};
    langevin::minimize_options<float> options;  // float options: no double arithmetic on the device
    options.max_calls = budget;
    options.seed = 2026u;
    options.target_value = 1e-9f;  // stop as soon as the pose is exact to ~30 micrometres
    const std::uint64_t start = langevin_port::ticks();
    const auto r = langevin::minimize(problem, limits, options);
    const std::uint64_t elapsed = langevin_port::ticks() - start;

    // The same budget of projected gradient descent from the straight arm, for comparison.
    joints posture{0.0f, 0.0f, 0.0f};
    float descent_energy = 0.0f;
    for (std::uint64_t n = 0; n < budget; ++n) {
      joints g{};
      descent_energy = problem(posture, g);
      for (std::size_t i = 0; i < 3; ++i) {
        const float next = posture[i] - 0.02f * g[i];
        posture[i] = next > joint_limit ? joint_limit : (next < -joint_limit ? -joint_limit : next);
      }
    }
    const bool reached = r.status == langevin::status::ok && r.value < 1e-6f;
    all_reached = all_reached && reached;
    descent_trapped += descent_energy > 1e-4f ? 1 : 0;

    langevin_port::text<320> line;
    line << "target " << t << " (";
    line.fixed(targets[t].x, 2) << ", ";
    line.fixed(targets[t].y, 2) << ", phi ";
    line.fixed(targets[t].phi, 2) << "): joints (";
    for (int i = 0; i < 3; ++i) {
      line.fixed(r.x[static_cast<std::size_t>(i)], 4) << (i < 2 ? ", " : ") rad, error ");
    }
    line.scientific(r.value, 2) << ", " << r.calls << " calls, ";
    line << static_cast<std::uint64_t>(elapsed * 1000000u / langevin_port::ticks_per_second()) << " us; gradient descent error ";
    line.scientific(descent_energy, 2) << '\n';
    langevin_port::write(line);

    langevin_port::text<128> bits;
    bits << "  bits";
    for (const float q : r.x) {
      bits << ' ';
      bits.hex(langevin_port::bits(q), 8);
    }
    bits << " value ";
    bits.hex(langevin_port::bits(r.value), 8) << '\n';
    langevin_port::write(bits);
    for (const float q : r.x) fold(fingerprint, langevin_port::bits(q));
  }
  langevin_port::text<128> trapped;
  trapped << "gradient descent from the zero posture stayed trapped (error > 1e-4) on " << descent_trapped << " of "
          << target_count << " targets\n";
  langevin_port::write(trapped);

  const bool tracked = track_moving_target(limits, fingerprint);
  langevin_port::text<160> summary;
  summary << "result fingerprint ";
  summary.hex(fingerprint, 8) << " (the " << target_count << " targets, then " << tracking_periods
                              << " tracking periods cold and warm)\n";
  langevin_port::write(summary);

  langevin::minimize_options<float> resume_options;  // a long run: the whole budget, no early stop
  resume_options.max_calls = 1200u;
  resume_options.seed = 2026u;
  const bool resumed = resume_after_resets(pose_error{targets[5]}, limits, resume_options);
  langevin_port::write(!all_reached ? "firmware: FAILED (a target was not reached)\n"
                       : !tracked   ? "firmware: FAILED (the warm start did not track with fewer calls)\n"
                       : !resumed   ? "firmware: FAILED (the resumed run differs)\n"
                                    : "firmware: ok\n");
  return all_reached && tracked && resumed ? 0 : 1;
}
