#!/usr/bin/python3
"""Reference figures for langevin::minimize: scipy.optimize.dual_annealing on the same
test functions, boxes, budgets and seeds as tests/bench/bench_minimize.cpp.

Run with Debian's interpreter and python3-scipy:
    /usr/bin/python3 tests/bench/dual_annealing.py            # full table (slow: minutes)
    /usr/bin/python3 tests/bench/dual_annealing.py --seeds 10 --dims 10

Each row: success rate over the seeds (success = |f(best) - f*| < tol), mean number of
calls until the first evaluated point within tol (over successful runs), and mean wall
time per run. The budget is maxfun = 2000 d, as for our minimizer.

Variant "dual_annealing" is scipy's default: the annealing chain and the L-BFGS-B local
search both use only function values (the local search differentiates by finite
differences, every one of those evaluations counts). Variant "dual_annealing+jac" hands
L-BFGS-B the analytic gradient, which is what our minimizer gets from every call; a value
and a gradient at the same point count as one call, like one call of our problem.

--suite runs the issue-18 benchmark set (benchmark_functions.hpp through the compiled
library, benchmark_functions.py) instead, success f <= f* + 1e-4 max(1, |f*|), and writes
one JSON line per run to --raw (same fields as bench_minimize --suite --raw). In the "+jac"
variant minimizer_kwargs = {method: L-BFGS-B, jac, bounds, options: {maxiter: the default
min(max(6 d, 100), 1000)}}: any non-empty minimizer_kwargs replaces dual_annealing's own
local-search defaults (scipy's LocalSearchWrapper fills them in only when it is empty), so
this dictionary restates them and adds only the gradient. Runs go to --jobs processes.
"""

import argparse
import math
import os
import sys
import time

import numpy as np
from scipy.optimize import dual_annealing


def _tilted_double_well_minimum_1d(tilt):
    """Global minimum of (x^2 - 1)^2 + tilt x, from the roots of 4 x^3 - 4 x + tilt = 0
    (trigonometric form of the depressed cubic x^3 - x + tilt / 4 = 0)."""
    q = tilt / 4.0
    r = 2.0 / math.sqrt(3.0)
    phi = math.acos(1.5 * q * math.sqrt(3.0) * -1.0) / 3.0
    roots = [r * math.cos(phi - 2.0 * math.pi * k / 3.0) for k in range(3)]
    return min((x * x - 1.0) ** 2 + tilt * x for x in roots)


TILT = 0.3


class Problem:
    def __init__(self, name, half_width, fstar_per_dim, value, gradient):
        self.name = name
        self.half_width = half_width
        self.fstar_per_dim = fstar_per_dim
        self.value = value
        self.gradient = gradient


def rastrigin(x):
    return 10.0 * x.size + float(np.sum(x * x - 10.0 * np.cos(2.0 * np.pi * x)))


def rastrigin_grad(x):
    return 2.0 * x + 20.0 * np.pi * np.sin(2.0 * np.pi * x)


def ackley(x):
    d = x.size
    r = math.sqrt(float(np.sum(x * x)) / d)
    c = float(np.sum(np.cos(2.0 * np.pi * x))) / d
    return -20.0 * math.exp(-0.2 * r) - math.exp(c) + 20.0 + math.e


def ackley_grad(x):
    d = x.size
    r = math.sqrt(float(np.sum(x * x)) / d)
    c = float(np.sum(np.cos(2.0 * np.pi * x))) / d
    g = (2.0 * np.pi / d) * math.exp(c) * np.sin(2.0 * np.pi * x)
    if r > 0.0:
        g = g + (4.0 / d) * math.exp(-0.2 * r) / r * x
    return g


def styblinski_tang(x):
    return 0.5 * float(np.sum(x ** 4 - 16.0 * x * x + 5.0 * x))


def styblinski_tang_grad(x):
    return 2.0 * x ** 3 - 16.0 * x + 2.5


def double_well(x):
    return float(np.sum((x * x - 1.0) ** 2 + TILT * x))


def double_well_grad(x):
    return 4.0 * x * (x * x - 1.0) + TILT


def householder_rotation(d):
    """Q = H(u) H(v), u_i = i + 1, v_i = (-1)^i (1 + i mod 3): as in bench_minimize.cpp."""
    u = np.arange(1, d + 1, dtype=float)
    v = np.array([(-1.0 if i % 2 else 1.0) * (1 + i % 3) for i in range(d)])
    hu = np.eye(d) - 2.0 * np.outer(u, u) / u.dot(u)
    hv = np.eye(d) - 2.0 * np.outer(v, v) / v.dot(v)
    return hu @ hv


def rot_rastrigin(x):
    return rastrigin(householder_rotation(x.size) @ x)


def rot_rastrigin_grad(x):
    q = householder_rotation(x.size)
    return q.T @ rastrigin_grad(q @ x)


def _lunacek_parts(x):
    d = x.size
    mu1 = 2.5
    s = 1.0 - 1.0 / (2.0 * math.sqrt(d + 20.0) - 8.2)
    mu2 = -math.sqrt((mu1 * mu1 - 1.0) / s)
    a = float(np.sum((x - mu1) ** 2))
    b = d + s * float(np.sum((x - mu2) ** 2))
    return mu1, mu2, s, a, b


def lunacek(x):
    mu1, _, _, a, b = _lunacek_parts(x)
    return min(a, b) + 10.0 * float(np.sum(1.0 - np.cos(2.0 * np.pi * (x - mu1))))


def lunacek_grad(x):
    mu1, mu2, s, a, b = _lunacek_parts(x)
    funnel = 2.0 * (x - mu1) if a <= b else 2.0 * s * (x - mu2)
    return funnel + 20.0 * np.pi * np.sin(2.0 * np.pi * (x - mu1))


def michalewicz(x):
    i = np.arange(1, x.size + 1)
    return -float(np.sum(np.sin(x) * np.sin(i * x * x / np.pi) ** 20))


def michalewicz_grad(x):
    i = np.arange(1, x.size + 1)
    a = i * x * x / np.pi
    s = np.sin(a)
    return -np.cos(x) * s ** 20 - np.sin(x) * 20.0 * s ** 19 * np.cos(a) * 2.0 * i * x / np.pi


# Honesty checks (--extra): non-separable, double funnel, narrow valleys. Michalewicz's f* is
# known to 6 digits for d = 10 only (success there: |f - f*| < 1e-3).
EXTRA = {
    "rot_rastrigin": Problem("rot_rastrigin", 5.12, 0.0, rot_rastrigin, rot_rastrigin_grad),
    "lunacek": Problem("lunacek", 5.12, 0.0, lunacek, lunacek_grad),
}

PROBLEMS = {
    "rastrigin": Problem("rastrigin", 5.12, 0.0, rastrigin, rastrigin_grad),
    "ackley": Problem("ackley", 35.0, 0.0, ackley, ackley_grad),
    "styblinski_tang": Problem("styblinski_tang", 5.0, -39.16616570377142,
                               styblinski_tang, styblinski_tang_grad),
    "double_well": Problem("double_well", 2.0, _tilted_double_well_minimum_1d(TILT),
                           double_well, double_well_grad),
}


class Counter:
    """Counts calls, remembers the first call that reached the target."""

    def __init__(self, problem, fstar, tol):
        self.problem = problem
        self.fstar = fstar
        self.tol = tol
        self.calls = 0
        self.first_success = None
        self.last_x = None

    def _note(self, value):
        if self.first_success is None and abs(value - self.fstar) < self.tol:
            self.first_success = self.calls

    def value(self, x):
        self.calls += 1
        self.last_x = np.array(x, copy=True)
        v = self.problem.value(np.asarray(x, dtype=float))
        self._note(v)
        return v

    def gradient(self, x):
        if self.last_x is None or not np.array_equal(self.last_x, x):
            self.calls += 1
            self.last_x = np.array(x, copy=True)
            self._note(self.problem.value(np.asarray(x, dtype=float)))
        return self.problem.gradient(np.asarray(x, dtype=float))


def run(problem, d, seeds, tol, with_jac, budget, bounds=None, fstar=None):
    fstar = problem.fstar_per_dim * d if fstar is None else fstar
    bounds = bounds or [(-problem.half_width, problem.half_width)] * d
    successes = 0
    calls_to_success = []
    wall = 0.0
    for seed in range(1, seeds + 1):
        counter = Counter(problem, fstar, tol)
        kwargs = {}
        if with_jac:
            kwargs["minimizer_kwargs"] = {
                "method": "L-BFGS-B",
                "jac": counter.gradient,
                "bounds": bounds,
                "options": {"maxiter": min(max(6 * d, 100), 1000)},
            }
        start = time.perf_counter()
        result = dual_annealing(counter.value, bounds, maxfun=budget, seed=seed, **kwargs)
        wall += time.perf_counter() - start
        if abs(problem.value(result.x) - fstar) < tol:
            successes += 1
            calls_to_success.append(counter.first_success
                                    if counter.first_success is not None else counter.calls)
    mean_calls = float(np.mean(calls_to_success)) if calls_to_success else float("nan")
    return successes / seeds, mean_calls, 1e3 * wall / seeds


class SuiteCounter:
    """Counts calls of a compiled benchmark function for dual_annealing and keeps the same
    bookkeeping as bench_minimize's suite_problem. value() evaluates value and gradient in
    one call; gradient() at the point of the last call costs nothing, elsewhere one call."""

    def __init__(self, function, target):
        self.function = function
        self.target = target
        self.calls = 0
        self.first_hit = 0
        self.face_calls = 0
        self.nonfinite_calls = 0
        self.tiny_calls = 0
        self.last_improvement = 0
        self.best = math.inf
        self.best_x = None
        self.last_x = None
        self.last_g = None

    def _call(self, x):
        x = np.array(x, dtype=float)
        self.calls += 1
        v, g = self.function.evaluate(x)
        self.last_x, self.last_g = x, g
        if np.any(x == self.function.lower) or np.any(x == self.function.upper):
            self.face_calls += 1
        ax = np.abs(x)
        if np.any((ax > 0.0) & (ax < 1e-12)):
            self.tiny_calls += 1
        if not (math.isfinite(v) and np.all(np.isfinite(g))):
            self.nonfinite_calls += 1
        if math.isfinite(v) and v < self.best:
            self.best, self.best_x, self.last_improvement = v, x, self.calls
        if self.first_hit == 0 and v <= self.target:
            self.first_hit = self.calls
        return v

    def value(self, x):
        return self._call(x)

    def gradient(self, x):
        if self.last_x is None or not np.array_equal(self.last_x, x):
            self._call(x)
        return self.last_g.copy()


_SUITE = None


def _suite_worker_init(library):
    global _SUITE
    import benchmark_functions
    _SUITE = benchmark_functions.load(library)


def suite_run(task):
    """One dual_annealing run of the suite: (variant, name, d, seed) -> JSON-ready record."""
    import benchmark_functions
    variant, name, d, seed = task
    function = _SUITE[name]
    fstar = function.fstar(d)
    counter = SuiteCounter(function, benchmark_functions.success_target(fstar))
    bounds = [(function.lower, function.upper)] * d
    budget = 2000 * d
    kwargs = {}
    if variant.endswith("+jac"):
        kwargs["minimizer_kwargs"] = {
            "method": "L-BFGS-B",
            "jac": counter.gradient,
            "bounds": bounds,
            "options": {"maxiter": min(max(6 * d, 100), 1000)},
        }
    start = time.perf_counter()
    result = dual_annealing(counter.value, bounds, maxfun=budget, seed=seed, **kwargs)
    seconds = time.perf_counter() - start
    success = 0 < counter.first_hit <= budget
    x = counter.best_x if counter.best_x is not None else np.asarray(result.x)
    return {"method": variant, "function": name, "kind": function.kind, "d": d, "seed": seed, "budget": budget,
            "success": bool(success), "first_hit": counter.first_hit, "calls": counter.calls,
            "best": counter.best, "fstar": fstar, "ms": 1e3 * seconds, "face_calls": counter.face_calls,
            "nonfinite_calls": counter.nonfinite_calls, "tiny_coord_calls": counter.tiny_calls,
            "last_improvement": counter.last_improvement, "status": str(result.message[0] if isinstance(
                result.message, list) else result.message), "x": [float(v) for v in x]}


def run_suite(args):
    import json
    import multiprocessing
    import benchmark_functions
    names = args.functions or list(benchmark_functions.load(args.library))
    tasks = [(variant, name, d, seed) for d in args.dims for name in names for variant in args.variants
             for seed in range(args.first_seed, args.first_seed + args.seeds)]
    raw = open(args.raw, "a") if args.raw else None
    print(f"# scipy {__import__('scipy').__version__} dual_annealing on the issue-18 set, {args.seeds} seeds, "
          f"budget 2000 d calls, success f <= f* + 1e-4 max(1, |f*|)")
    print(f"{'method':<20} {'function':<16} {'d':>3} {'precision':<9} {'budget':>7} "
          f"{'success':>8} {'calls_to_success':>16} {'ms_per_run':>10}", flush=True)
    group = []
    with multiprocessing.Pool(args.jobs, initializer=_suite_worker_init, initargs=(args.library,)) as pool:
        for record in pool.imap(suite_run, tasks):
            if raw:
                raw.write(json.dumps(record) + "\n")
                raw.flush()
            group.append(record)
            if len(group) == args.seeds:
                hits = [r["first_hit"] for r in group if r["success"]]
                r0 = group[0]
                mean_calls = float(np.mean(hits)) if hits else float("nan")
                ms = float(np.mean([r["ms"] for r in group]))
                print(f"{r0['method']:<20} {r0['function']:<16} {r0['d']:>3} {'double':<9} {r0['budget']:>7} "
                      f"{100.0 * len(hits) / len(group):>7.1f}% {mean_calls:>16.0f} {ms:>10.1f}", flush=True)
                group = []
    if raw:
        raw.close()
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--dims", type=int, nargs="+", default=[2, 10, 30])
    parser.add_argument("--functions", nargs="+", default=None)
    parser.add_argument("--tol", type=float, default=1e-5)
    parser.add_argument("--variants", nargs="+", default=["dual_annealing", "dual_annealing+jac"])
    parser.add_argument("--extra", action="store_true", help="only the honesty checks (as bench_minimize --extra)")
    parser.add_argument("--suite", action="store_true", help="the issue-18 benchmark set (benchmark_functions.py)")
    parser.add_argument("--library", help="libbenchmark_functions_c.so for --suite (default: newest build/*)")
    parser.add_argument("--raw", help="--suite: append one JSON line per run to this file")
    parser.add_argument("--jobs", type=int, default=1, help="--suite: worker processes")
    parser.add_argument("--first-seed", type=int, default=1, help="--suite: seeds first-seed .. first-seed + seeds - 1")
    args = parser.parse_args()
    if args.suite:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        return run_suite(args)
    args.functions = args.functions or list(PROBLEMS)

    print(f"# scipy {__import__('scipy').__version__}, {args.seeds} seeds, budget 2000 d calls, "
          f"success |f - f*| < {args.tol:g}")
    header = f"{'method':<20} {'function':<16} {'d':>3} {'precision':<9} {'budget':>7} " \
             f"{'success':>8} {'calls_to_success':>16} {'ms_per_run':>10}"
    print(header)
    if args.extra:
        for variant in args.variants:
            for d in args.dims:
                rows = [(name, p, None, None, args.tol) for name, p in EXTRA.items()]
                if d == 10:
                    rows.append(("michalewicz", Problem("michalewicz", 0.0, 0.0, michalewicz, michalewicz_grad),
                                 [(0.0, math.pi)] * d, -9.66015, 1e-3))
                for name, p, bounds, fstar, tol in rows:
                    rate, mean_calls, ms = run(p, d, args.seeds, tol, variant.endswith("+jac"), 2000 * d,
                                               bounds, fstar)
                    print(f"{variant:<20} {name:<16} {d:>3} {'double':<9} {2000 * d:>7} "
                          f"{100.0 * rate:>7.1f}% {mean_calls:>16.0f} {ms:>10.1f}", flush=True)
        return 0
    for variant in args.variants:
        for name in args.functions:
            for d in args.dims:
                rate, mean_calls, ms = run(PROBLEMS[name], d, args.seeds, args.tol,
                                           variant.endswith("+jac"), 2000 * d)
                print(f"{variant:<20} {name:<16} {d:>3} {'double':<9} {2000 * d:>7} "
                      f"{100.0 * rate:>7.1f}% {mean_calls:>16.0f} {ms:>10.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
