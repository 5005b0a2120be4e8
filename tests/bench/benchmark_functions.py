#!/usr/bin/python3
"""The issue-18 benchmark set on the Python side.

Two versions of every function:
  * the compiled one (benchmark_functions.hpp through libbenchmark_functions_c.so, loaded
    with ctypes): value and exact gradient in one call, the very code bench_minimize uses.
    SciPy's runs (dual_annealing.py --suite) use it, so both sides minimize the same bits.
  * an independent NumPy version of every value, box and f* below (written from the cited
    definitions, not from the C++), so that a slip in either is caught:
        /usr/bin/python3 tests/bench/benchmark_functions.py --check [--library PATH]
    compares both at fixed random points for d = 2, 10, 30 (ctest benchmark_functions_python).

Sources: see benchmark_functions.hpp ([JY] Jamil & Yang 2013, [SB] Surjanovic & Bingham's
virtual library, [BBOB] 2009 noiseless set, [CEC05], [BF12] HappyCat, [AG] Gavana).
"""

import argparse
import ctypes
import glob
import math
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


# ------------------------------ compiled functions (ctypes) ------------------------------

def find_library():
    found = sorted(glob.glob(os.path.join(ROOT, "build", "*", "tests", "bench", "libbenchmark_functions_c.so")),
                   key=os.path.getmtime, reverse=True)
    return found[0] if found else None


class Compiled:
    """One function of the compiled set; evaluate(x) -> (value, gradient) is one call."""

    def __init__(self, lib, index):
        self._lib = lib
        self.index = index
        self.name = lib.bf_name(index).decode()
        self.kind = lib.bf_kind(index).decode()
        self.source = lib.bf_source(index).decode()
        self.lower = lib.bf_lower(index)
        self.upper = lib.bf_upper(index)
        self.unique_minimizer = bool(lib.bf_unique_minimizer(index))

    def fstar(self, d):
        return self._lib.bf_fstar(self.index, d)

    def xstar(self, d):
        x = np.zeros(d)
        self._lib.bf_xstar(self.index, d, x.ctypes.data_as(ctypes.POINTER(ctypes.c_double)))
        return x

    def evaluate(self, x):
        x = np.ascontiguousarray(x, dtype=float)
        g = np.empty_like(x)
        v = self._lib.bf_evaluate(self.index, x.size, x.ctypes.data_as(ctypes.POINTER(ctypes.c_double)),
                                  g.ctypes.data_as(ctypes.POINTER(ctypes.c_double)))
        return v, g


def load(library=None):
    """Name -> Compiled, in table order."""
    path = library or find_library()
    if not path or not os.path.exists(path):
        sys.exit("libbenchmark_functions_c.so not found: configure with -DLANGEVIN_BUILD_BENCHMARKS=ON, "
                 "build the target benchmark_functions_c, or pass --library PATH")
    lib = ctypes.CDLL(path)
    dp = ctypes.POINTER(ctypes.c_double)
    for name in ("bf_name", "bf_kind", "bf_source"):
        getattr(lib, name).restype = ctypes.c_char_p
        getattr(lib, name).argtypes = [ctypes.c_int]
    for name in ("bf_lower", "bf_upper"):
        getattr(lib, name).restype = ctypes.c_double
        getattr(lib, name).argtypes = [ctypes.c_int]
    lib.bf_fstar.restype = ctypes.c_double
    lib.bf_fstar.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.bf_xstar.restype = None
    lib.bf_xstar.argtypes = [ctypes.c_int, ctypes.c_int, dp]
    lib.bf_evaluate.restype = ctypes.c_double
    lib.bf_evaluate.argtypes = [ctypes.c_int, ctypes.c_int, dp, dp]
    lib.bf_unique_minimizer.argtypes = [ctypes.c_int]
    return {f.name: f for f in (Compiled(lib, i) for i in range(lib.bf_count()))}


# ----------------------------- independent NumPy definitions -----------------------------

def _newton(f, df, x):
    for _ in range(60):
        x -= f(x) / df(x)
    return x


def _householder_rotation(d):
    u = np.arange(1.0, d + 1.0)
    v = np.array([(-1.0) ** i * (1 + i % 3) for i in range(d)])
    hu = np.eye(d) - 2.0 * np.outer(u, u) / u.dot(u)
    hv = np.eye(d) - 2.0 * np.outer(v, v) / v.dot(v)
    return hu @ hv


def rastrigin(x):
    return 10.0 * x.size + np.sum(x ** 2 - 10.0 * np.cos(2 * np.pi * x))


def ackley(x):
    n = x.size
    return (-20.0 * np.exp(-0.2 * np.sqrt(np.sum(x ** 2) / n)) - np.exp(np.sum(np.cos(2 * np.pi * x)) / n)
            + 20.0 + np.e)


def griewank(x):
    i = np.arange(1, x.size + 1)
    return 1.0 + np.sum(x ** 2) / 4000.0 - np.prod(np.cos(x / np.sqrt(i)))


def levy(x):
    w = 1.0 + (x - 1.0) / 4.0
    body = np.sum((w[:-1] - 1.0) ** 2 * (1.0 + 10.0 * np.sin(np.pi * w[:-1] + 1.0) ** 2))
    return np.sin(np.pi * w[0]) ** 2 + body + (w[-1] - 1.0) ** 2 * (1.0 + np.sin(2 * np.pi * w[-1]) ** 2)


def styblinski_tang(x):
    return 0.5 * np.sum(x ** 4 - 16.0 * x ** 2 + 5.0 * x)


def rotated_rastrigin(x):
    return rastrigin(_householder_rotation(x.size) @ x)


def schwefel_2_26(x):
    return 418.9829 * x.size - np.sum(x * np.sin(np.sqrt(np.abs(x))))


def lunacek(x):
    n = x.size
    mu1 = 2.5
    s = 1.0 - 1.0 / (2.0 * math.sqrt(n + 20.0) - 8.2)
    mu2 = -math.sqrt((mu1 ** 2 - 1.0) / s)
    return (min(np.sum((x - mu1) ** 2), n + s * np.sum((x - mu2) ** 2))
            + 10.0 * np.sum(1.0 - np.cos(2 * np.pi * (x - mu1))))


def deceptive(x):
    n = x.size
    a = np.arange(1, n + 1) / (n + 1.0)
    g = np.where(x < 0.8 * a, 0.8 - x / a,
                 np.where(x < a, 5.0 * x / a - 4.0,
                          np.where(x < (1.0 + 4.0 * a) / 5.0, 5.0 * (x - a) / (a - 1.0) + 1.0,
                                   (x - 1.0) / (1.0 - a) + 0.8)))
    return -np.mean(g) ** 2


def salomon(x):
    r = np.linalg.norm(x)
    return 1.0 - np.cos(2 * np.pi * r) + 0.1 * r


def schaffer_f6(x):
    t = x ** 2 + np.roll(x, -1) ** 2
    return np.sum(0.5 + (np.sin(np.sqrt(t)) ** 2 - 0.5) / (1.0 + 0.001 * t) ** 2)


def happy_cat(x):
    n = x.size
    r2 = np.sum(x ** 2)
    return abs(r2 - n) ** 0.25 + (0.5 * r2 + np.sum(x)) / n + 0.5


def stretched_v_sine(x):
    t = x[:-1] ** 2 + x[1:] ** 2
    return np.sum(t ** 0.25 * (np.sin(50.0 * t ** 0.1) ** 2 + 0.1))


def weierstrass(x):
    k = np.arange(21)
    a, b = 0.5 ** k, 3.0 ** k
    terms = np.sum(a[None, :] * np.cos(2 * np.pi * b[None, :] * (x[:, None] + 0.5)))
    return terms - x.size * np.sum(a * -1.0)  # cos(pi 3^k) = -1


def whitley(x):
    y = 100.0 * (x[:, None] ** 2 - x[None, :]) ** 2 + (1.0 - x[None, :]) ** 2
    return np.sum(y ** 2 / 4000.0 - np.cos(y) + 1.0)


def schwefel_2_22(x):
    return np.sum(np.abs(x)) + np.prod(np.abs(x))


def schwefel_2_21(x):
    return np.max(np.abs(x))


def alpine_1(x):
    return np.sum(np.abs(x * np.sin(x) + 0.1 * x))


def xin_she_yang_2(x):
    return np.sum(np.abs(x)) * np.exp(-np.sum(np.sin(x ** 2)))


def alpine_2(x):
    return -np.prod(np.sqrt(x) * np.sin(x))


def deb_3(x):
    return -np.mean(np.sin(5 * np.pi * (x ** 0.75 - 0.05)) ** 6)


def rosenbrock(x):
    return np.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def ellipsoid(x):
    n = x.size
    z = _householder_rotation(n) @ x
    return np.sum(10.0 ** (6.0 * np.arange(n) / (n - 1)) * z ** 2)


def schwefel_1_2(x):
    return np.sum(np.cumsum(x) ** 2)


def dixon_price(x):
    i = np.arange(2, x.size + 1)
    return (x[0] - 1.0) ** 2 + np.sum(i * (2.0 * x[1:] ** 2 - x[:-1]) ** 2)


_ST_X = _newton(lambda v: 2 * v ** 3 - 16 * v + 2.5, lambda v: 6 * v ** 2 - 16, -2.9)
_SCHWEFEL_S = _newton(lambda s: math.sin(s) + 0.5 * s * math.cos(s),
                      lambda s: 1.5 * math.cos(s) - 0.5 * s * math.sin(s), 20.5)
_ALPINE_X = _newton(lambda v: math.sin(v) + 2 * v * math.cos(v), lambda v: 3 * math.cos(v) - 2 * v * math.sin(v), 7.9)

# name: (value, lower, upper, f*(d))
REFERENCE = {
    "rastrigin": (rastrigin, -5.12, 5.12, lambda d: 0.0),
    "ackley": (ackley, -32.768, 32.768, lambda d: 0.0),
    "griewank": (griewank, -600.0, 600.0, lambda d: 0.0),
    "levy": (levy, -10.0, 10.0, lambda d: 0.0),
    "styblinski_tang": (styblinski_tang, -5.0, 5.0,
                        lambda d: d * 0.5 * (_ST_X ** 4 - 16 * _ST_X ** 2 + 5 * _ST_X)),
    "rotated_rastrigin": (rotated_rastrigin, -5.12, 5.12, lambda d: 0.0),
    "schwefel_2_26": (schwefel_2_26, -500.0, 500.0,
                      lambda d: d * (418.9829 - _SCHWEFEL_S ** 2 * math.sin(_SCHWEFEL_S))),
    "lunacek": (lunacek, -5.0, 5.0, lambda d: 0.0),
    "deceptive": (deceptive, 0.0, 1.0, lambda d: -1.0),
    "salomon": (salomon, -100.0, 100.0, lambda d: 0.0),
    "schaffer_f6": (schaffer_f6, -100.0, 100.0, lambda d: 0.0),
    "happy_cat": (happy_cat, -2.0, 2.0, lambda d: 0.0),
    "stretched_v_sine": (stretched_v_sine, -10.0, 10.0, lambda d: 0.0),
    "weierstrass": (weierstrass, -0.5, 0.5, lambda d: 0.0),
    "whitley": (whitley, -10.24, 10.24, lambda d: 0.0),
    "schwefel_2_22": (schwefel_2_22, -100.0, 100.0, lambda d: 0.0),
    "schwefel_2_21": (schwefel_2_21, -100.0, 100.0, lambda d: 0.0),
    "alpine_1": (alpine_1, -10.0, 10.0, lambda d: 0.0),
    "xin_she_yang_2": (xin_she_yang_2, -2 * math.pi, 2 * math.pi, lambda d: 0.0),
    "alpine_2": (alpine_2, 0.0, 10.0, lambda d: -(math.sqrt(_ALPINE_X) * math.sin(_ALPINE_X)) ** d),
    "deb_3": (deb_3, 0.0, 1.0, lambda d: -1.0),
    "rosenbrock": (rosenbrock, -5.0, 10.0, lambda d: 0.0),
    "ellipsoid": (ellipsoid, -5.0, 5.0, lambda d: 0.0),
    "schwefel_1_2": (schwefel_1_2, -100.0, 100.0, lambda d: 0.0),
    "dixon_price": (dixon_price, -10.0, 10.0, lambda d: 0.0),
}


def success_target(fstar):
    """Success: f <= f* + 1e-4 max(1, |f*|)."""
    return fstar + 1e-4 * max(1.0, abs(fstar))


def check(library=None, points=40):
    """Compiled against NumPy: same names in the same set, boxes, f*, and values at fixed
    random points (relative 1e-9); f(x*) = f* for the compiled x*. Returns failures."""
    compiled = load(library)
    failures = []
    if sorted(compiled) != sorted(REFERENCE):
        failures.append(f"names differ: {sorted(set(compiled) ^ set(REFERENCE))}")
    rng = np.random.default_rng(2013)
    for name, c in compiled.items():
        if name not in REFERENCE:
            continue
        value, lower, upper, fstar = REFERENCE[name]
        if (c.lower, c.upper) != (lower, upper):
            failures.append(f"{name}: box [{c.lower}, {c.upper}] vs [{lower}, {upper}]")
        for d in (2, 10, 30):
            if abs(c.fstar(d) - fstar(d)) > 1e-10 * max(1.0, abs(fstar(d))):
                failures.append(f"{name} d={d}: f* {c.fstar(d)!r} vs {fstar(d)!r}")
            xs = c.xstar(d)
            if abs(value(xs) - fstar(d)) > 1e-9 * max(1.0, abs(fstar(d))):
                failures.append(f"{name} d={d}: numpy f(x*) = {value(xs)!r}, f* = {fstar(d)!r}")
            for _ in range(points):
                x = lower + (upper - lower) * rng.random(d)
                a, _ = c.evaluate(x)
                b = float(value(x))
                if not abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b)):
                    failures.append(f"{name} d={d}: compiled {a!r} numpy {b!r} at {x.tolist()}")
                    break
    return failures, len(compiled)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare the compiled set with the NumPy one")
    parser.add_argument("--library", help="path of libbenchmark_functions_c.so (default: newest build/*)")
    parser.add_argument("--list", action="store_true", help="print the set as a Markdown table")
    args = parser.parse_args()
    if args.list:
        print("| function | kind | source | box | f* (d = 10) | f* (d = 30) |")
        print("|---|---|---|---|---:|---:|")
        for c in load(args.library).values():
            print(f"| {c.name} | {c.kind} | {c.source} | [{c.lower:g}, {c.upper:g}] | {c.fstar(10):.10g} "
                  f"| {c.fstar(30):.10g} |")
        return 0
    failures, count = check(args.library)
    for line in failures:
        print("FAIL", line)
    print(f"benchmark_functions: {count} functions compared at d = 2, 10, 30")
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
