// A device task: calibrating a 3-axis magnetometer on the device. The raw readings of a
// magnetometer inside a product are distorted by the product itself: nearby steel and
// magnets add a constant hard-iron offset b, and the sensor's axes have different gains
// (diagonal soft iron). A reading of the local field h (|h| = F, known for the place:
// ~50 uT) is
//
//     raw = b + h / s + noise,      so that the calibration  s * (raw - b) = h  (elementwise)
//
// and the six parameters (b, s) are fitted to readings taken while the user turns the
// device around: the calibrated readings must lie on the sphere of radius F. The residual
// of one reading is r = |s * (raw - b)| - F. One reading in twenty is a gross outlier (a
// motor switching on nearby adds 30-80 uT along its axis), so the loss is Huber's: r^2 / 2
// within +-1.5 uT (three noise widths), linear beyond, which bounds an outlier's pull.
//
// The fit is annealed mini-batch SGD (langevin::annealing_sgd) from the factory default
// b = 0, s = 1, with a cooling learning rate and a little injected noise cooled with it.
// The parameters have different natural sizes: offsets in tens of uT, gains near 1 with
// a lever arm of F = 50 uT, so the loss is ~F^2 times more curved in s than in b. No single
// learning rate suits both; a diagonal preconditioner does (annealing_sgd's `fixed`
// preconditioner; see fit() for why fixed rather than RMSprop).
//
// Everything is static memory (300 readings: 3.6 KiB), float arithmetic only, and the
// library's deterministic math: the result bits are the same on every port, and the
// example prints their fingerprint, which its second test checks. Writes magnetometer.svg
// (XY plane) and magnetometer_xz.svg: raw and calibrated readings with the circle of
// radius F. Exits non-zero unless the robust fit is within 1 uT and 1.5% of the truth and
// clearly better than a least-squares fit, than the raw readings and than the same fit
// without a preconditioner.
#include <array>
#include <cstdint>

#include <langevin/math.hpp>
#include <langevin/optimize/annealing_sgd.hpp>
#include <langevin/random/normal.hpp>
#include <langevin/random/pcg32.hpp>
#include <langevin/random/uniform.hpp>

#include "port.hpp"
#include "print.hpp"
#include "svg_plot.hpp"

namespace {

using vec3 = std::array<float, 3>;
using parameters = std::array<float, 6>;  // b_x, b_y, b_z (uT), s_x, s_y, s_z

struct reading {
  vec3 raw;  // uT
};

constexpr std::size_t reading_count = 300;
constexpr float field = 50.0f;                          // F: the local field's magnitude, uT
constexpr vec3 true_offset{25.0f, -12.0f, 40.0f};       // b, uT
constexpr vec3 true_scale{1.15f, 0.9f, 1.05f};          // s
constexpr float noise = 0.5f;                           // uT per axis
constexpr std::size_t outlier_every = 20;               // 5% of the readings
constexpr vec3 motor_axis{0.48f, 0.6f, -0.64f};         // unit vector: the spikes' direction

std::array<reading, reading_count> readings;

float norm(const vec3& v) { return langevin::math::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]); }

// The readings as the device would record them, and the true field of each: the device is
// turned to directions uniform over the sphere (normalised Gaussian triples).
// `visit(i, h, raw, outlier)` sees each reading; the same stream every time it is called.
template <class Visit>
void record(Visit&& visit) {
  langevin::pcg32 rng{2026u, 3u};
  for (std::size_t i = 0; i < reading_count; ++i) {
    vec3 direction{};
    float length = 0.0f;
    while (length < 1e-3f) {  // a zero triple has no direction (never happens in practice)
      for (float& x : direction) x = langevin::normal<float>(rng);
      length = norm(direction);
    }
    vec3 h{}, raw{};
    for (std::size_t j = 0; j < 3; ++j) {
      h[j] = field * direction[j] / length;
      raw[j] = true_offset[j] + h[j] / true_scale[j] + noise * langevin::normal<float>(rng);
    }
    const bool outlier = i % outlier_every == outlier_every / 2;
    if (outlier) {
      const float spike = langevin::uniform<float>(rng, 30.0f, 80.0f);
      for (std::size_t j = 0; j < 3; ++j) raw[j] += spike * motor_axis[j];
    }
    visit(i, h, raw, outlier);
  }
}

vec3 calibrate(const parameters& p, const vec3& raw) {
  return {p[3] * (raw[0] - p[0]), p[4] * (raw[1] - p[1]), p[5] * (raw[2] - p[2])};
}

// Per-reading loss of the residual r = |s * (raw - b)| - F and its gradient in (b, s).
// Huber's loss with threshold `delta`: r^2 / 2 for |r| <= delta, delta (|r| - delta / 2)
// beyond; a huge delta is plain least squares. annealing_sgd hands each call a zeroed
// gradient buffer.
struct sphere_fit {
  float delta;
  float operator()(const parameters& p, const reading& m, parameters& g) const {
    vec3 d{}, v{};
    for (std::size_t j = 0; j < 3; ++j) {
      d[j] = m.raw[j] - p[j];
      v[j] = p[3 + j] * d[j];
    }
    const float length = norm(v);
    const float r = length - field;
    const float magnitude = langevin::math::abs(r);
    const float pull = magnitude <= delta ? r : (r > 0.0f ? delta : -delta);  // d loss / d r
    if (length > 1e-6f) {
      const float w = pull / length;  // d r / d v = v / |v|
      for (std::size_t j = 0; j < 3; ++j) {
        g[j] = -w * v[j] * p[3 + j];
        g[3 + j] = w * v[j] * d[j];
      }
    }
    return magnitude <= delta ? 0.5f * r * r : delta * (magnitude - 0.5f * delta);
  }
};

constexpr float huber_delta = 1.5f;       // uT: three noise widths
constexpr float least_squares = 1e30f;    // a threshold no residual reaches
constexpr std::size_t batch = 10;
constexpr std::uint64_t epochs = 60;      // 1800 steps, 18000 reading gradients
constexpr std::uint64_t steps = epochs * (reading_count / batch);

struct fit_result {
  parameters p;
  langevin::status status;
};

// The fit with Huber threshold `delta`, under preconditioning `mode`, from lr = `rate`.
//
// Why a fixed preconditioner: the parameters' scales are known before any reading arrives.
// Near the solution the mean loss curves like s_j^2 / 3 in b_j and like F^2 / (5 s_j^2) in
// s_j (a gain acts on a field of size F), so G = (1, 1, 1, 1/F^2, 1/F^2, 1/F^2) makes the
// six about equally curved: SGD then moves as if it fitted (b, F s), two fields in uT. G
// is the same for every unit of the product, needs no state, and being constant keeps the
// stationary law of the injected noise exact. RMSprop (preconditioning::rmsprop) learns G
// from the gradients instead and makes every coordinate's step about lr in size: too much
// for a gain near 1 (from lr ~ 0.4 a gain jumps through zero into its mirror image, which
// fits as well: the loss sees only s_j^2) and little for a 40 uT offset. On these readings
// it works near lr = 0.3 only; the fixed G works for any lr from 1 to 30 (measured).
fit_result fit(float delta, langevin::preconditioning mode, float rate) {
  static langevin::annealing_sgd<float, 6, reading_count> sgd;  // static: 1.1 KiB off the stack
  langevin::annealing_sgd_options<float> o;
  o.batch_size = batch;
  o.batches = langevin::sampling::without_replacement;
  o.seed = 7u;
  o.preconditioner = mode;
  // Learning rate cooled geometrically by 100 over the run. A little injected noise, cooled
  // twice as fast from T = 1 (in units of the summed loss, uT^2): its step is
  // sqrt(2 lr T G / N), 0.08 uT on an offset at the start, and the preconditioner scales it
  // per parameter like the gradient step.
  o.learning_rate = langevin::schedule<float>::geometric(rate, 0.99744f);
  o.temperature = langevin::schedule<float>::geometric(1.0f, 0.99488f);
  const parameters start{0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f};  // factory default: b = 0, s = 1
  constexpr float gain = 1.0f / (field * field);
  const parameters diagonal{1.0f, 1.0f, 1.0f, gain, gain, gain};
  fit_result result{{}, sgd.init(reading_count, o)};
  if (result.status == langevin::status::ok && mode == langevin::preconditioning::fixed) {
    result.status = sgd.set_preconditioner(diagonal);
  }
  if (result.status == langevin::status::ok) result.status = sgd.place(start);
  if (result.status == langevin::status::ok) result.status = sgd.run(sphere_fit{delta}, readings, steps).status;
  result.p = sgd.current();
  return result;
}

// How far a calibration is from the truth.
struct errors {
  float offset;    // largest |b_j - true b_j|, uT
  float scale;     // largest |s_j / true s_j - 1|
  float field_rms;  // RMS of |calibrated - true field| over the clean readings, uT (the
                    // noise alone gives ~0.9: sqrt(3) x 0.5 uT x the gains)
};

errors judge(const parameters& p) {
  errors e{0.0f, 0.0f, 0.0f};
  for (std::size_t j = 0; j < 3; ++j) {
    const float offset = langevin::math::abs(p[j] - true_offset[j]);
    const float scale = langevin::math::abs(p[3 + j] / true_scale[j] - 1.0f);
    e.offset = offset > e.offset ? offset : e.offset;
    e.scale = scale > e.scale ? scale : e.scale;
  }
  float sum = 0.0f;
  std::uint32_t clean = 0;
  record([&](std::size_t, const vec3& h, const vec3& raw, bool outlier) {
    if (outlier) return;
    const vec3 c = calibrate(p, raw);
    const vec3 miss{c[0] - h[0], c[1] - h[1], c[2] - h[2]};
    sum += miss[0] * miss[0] + miss[1] * miss[1] + miss[2] * miss[2];
    ++clean;
  });
  e.field_rms = langevin::math::sqrt(sum / static_cast<float>(clean));
  return e;
}

// `v` with `decimals` decimals, right-aligned in `width` characters.
template <std::size_t C>
langevin_port::text<C>& pad(langevin_port::text<C>& line, float v, int decimals, std::size_t width) {
  langevin_port::text<32> number;
  number.fixed(v, decimals);
  for (std::size_t k = number.size(); k < width; ++k) line << ' ';
  return line << number.c_str();
}

void print_row(const char* name, const parameters& p, const errors& e) {
  langevin_port::text<200> line;
  line << name;
  for (std::size_t j = 0; j < 3; ++j) pad(line, p[j], 2, 7);
  line << ' ';
  for (std::size_t j = 3; j < 6; ++j) pad(line, p[j], 3, 7);
  line << "  |";
  pad(line, e.offset, 2, 7) << " uT ";
  pad(line, 100.0f * e.scale, 2, 6) << " % ";
  pad(line, e.field_rms, 2, 6) << " uT\n";
  langevin_port::write(line);
}

#if LANGEVIN_EXAMPLE_PICTURES
// The plane of axes a and b, seen along axis c: the readings taken with the field within
// ~17 degrees of the plane (|h_c| < 0.3 F; a third of them), raw and calibrated, all the
// outliers, and the circle of radius F on which the calibrated readings should lie.
void draw(const char* path, const char* title, const char* y_label, std::size_t b, example::range y,
          const parameters& p) {
  constexpr std::size_t a = 0;
  const std::size_t c = 3 - b;  // the third axis
  // Equal scales on both axes: the plot area is 610 x 370 px, the ranges 280 x 170 uT.
  example::svg_plot plot(path, title, "x (uT)", y_label, {-80.0, 200.0}, y);
  plot.begin_polyline("#000000", 1.5);
  for (int k = 0; k <= 120; ++k) {
    const float turn = static_cast<float>(k) / 60.0f;
    plot.vertex(field * langevin::math::cos_pi(turn), field * langevin::math::sin_pi(turn));
  }
  plot.end_polyline();
  record([&](std::size_t, const vec3& h, const vec3& raw, bool outlier) {
    if (!outlier && langevin::math::abs(h[c]) >= 0.3f * field) return;
    const vec3 calibrated = calibrate(p, raw);
    plot.markers(&raw[a], &raw[b], 1, outlier ? "#d62728" : "#f08c00", 2.5);
    plot.markers(&calibrated[a], &calibrated[b], 1, outlier ? "#d62728" : "#1f5fbf", 2.5);
  });
  plot.legend("raw readings", "#f08c00");
  plot.legend("calibrated (Huber fit)", "#1f5fbf");
  plot.legend("outliers (motor spikes)", "#d62728");
  plot.legend("|h| = F = 50 uT", "#000000");
  plot.close();
}
#endif

std::uint32_t fingerprint = 2166136261u;  // FNV-1a over the result bits
void mix(const parameters& p) {
  for (const float v : p) {
    const std::uint32_t bits = langevin_port::bits(v);
    for (int k = 0; k < 4; ++k) fingerprint = (fingerprint ^ ((bits >> (8 * k)) & 0xFFu)) * 16777619u;
  }
}

}  // namespace

int main() {
  record([](std::size_t i, const vec3&, const vec3& raw, bool) { readings[i].raw = raw; });
  using langevin::preconditioning;

  // The calibration: Huber's loss, fixed preconditioner G = (1, 1, 1, 1/F^2, 1/F^2, 1/F^2).
  const std::uint64_t start = langevin_port::ticks();
  const fit_result robust = fit(huber_delta, preconditioning::fixed, 1.0f);
  const std::uint64_t elapsed = langevin_port::ticks() - start;
  // For comparison: plain least squares (same preconditioner), and the Huber fit without a
  // preconditioner at the learning rate the offsets need (the gains overshoot) or one the
  // gains can take (the offsets barely move), and with RMSprop at its best learning rate.
  const fit_result plain = fit(least_squares, preconditioning::fixed, 1.0f);
  const fit_result none_fast = fit(huber_delta, preconditioning::none, 1.0f);
  const fit_result none_slow = fit(huber_delta, preconditioning::none, 1e-3f);
  const fit_result rmsprop = fit(huber_delta, preconditioning::rmsprop, 0.3f);
  const parameters uncalibrated{0.0f, 0.0f, 0.0f, 1.0f, 1.0f, 1.0f};
  const parameters truth{true_offset[0], true_offset[1], true_offset[2], true_scale[0], true_scale[1], true_scale[2]};

  const errors e_robust = judge(robust.p), e_plain = judge(plain.p), e_raw = judge(uncalibrated);
  const errors e_fast = judge(none_fast.p), e_slow = judge(none_slow.p);
  langevin_port::write(
      "                                     b_x    b_y    b_z     s_x    s_y    s_z  |    offset     gain     field\n"
      "                                                  (uT)                        |     error    error   RMS err\n");
  print_row("truth (the noise floor)          ", truth, judge(truth));
  print_row("Huber, fixed G (the calibration) ", robust.p, e_robust);
  print_row("least squares, fixed G           ", plain.p, e_plain);
  print_row("Huber, no preconditioner, lr 1   ", none_fast.p, e_fast);
  print_row("Huber, no preconditioner, lr 1e-3", none_slow.p, e_slow);
  print_row("Huber, RMSprop, lr 0.3           ", rmsprop.p, judge(rmsprop.p));
  print_row("uncalibrated (b = 0, s = 1)      ", uncalibrated, e_raw);
  {
    langevin_port::text<128> line;
    line << "calibration: " << static_cast<std::uint64_t>(steps) << " steps of " << static_cast<std::uint32_t>(batch)
         << " readings in ";
    line.fixed(1e3 * static_cast<double>(elapsed) / static_cast<double>(langevin_port::ticks_per_second()), 1)
        << " ms\n";
    langevin_port::write(line);
  }
  for (const fit_result* r : {&robust, &plain, &none_fast, &none_slow, &rmsprop}) mix(r->p);
  langevin_port::text<64> summary;
  summary << "result fingerprint ";
  summary.hex(fingerprint, 8) << '\n';
  langevin_port::write(summary);

#if LANGEVIN_EXAMPLE_PICTURES
  draw("magnetometer.svg", "Magnetometer calibration: XY plane", "y (uT)", 1, {-80.0, 90.0}, robust.p);
  draw("magnetometer_xz.svg", "Magnetometer calibration: XZ plane", "z (uT)", 2, {-75.0, 95.0}, robust.p);
#endif

  bool ran = true;
  for (const fit_result* r : {&robust, &plain, &none_fast, &none_slow, &rmsprop}) {
    ran = ran && r->status == langevin::status::ok;
  }
  const bool accurate = e_robust.offset < 1.0f && e_robust.scale < 0.015f;
  const bool robust_wins = e_plain.field_rms > 3.0f * e_robust.field_rms && e_raw.field_rms > 10.0f * e_robust.field_rms;
  const bool preconditioner_needed = e_fast.field_rms > 10.0f * e_robust.field_rms &&
                                     e_slow.field_rms > 10.0f * e_robust.field_rms;
  const bool ok = ran && accurate && robust_wins && preconditioner_needed;
  langevin_port::write(!ran           ? "magnetometer: FAILED (a fit stopped early)\n"
                       : !accurate    ? "magnetometer: FAILED (the calibration is off)\n"
                       : !robust_wins ? "magnetometer: FAILED (the Huber fit is not clearly better than least squares)\n"
                       : !preconditioner_needed ? "magnetometer: FAILED (a fit without preconditioner did as well)\n"
                                                : "magnetometer: ok\n");
  return ok ? 0 : 1;
}
