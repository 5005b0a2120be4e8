#!/usr/bin/python3
"""Runs bench_minimize (langevin::minimize) and dual_annealing.py (scipy) on the same
functions, boxes, budgets (2000 d calls) and seeds in one go and prints one table with
our figures against scipy's and the ratios.

    /usr/bin/python3 tests/bench/compare_minimize.py --bench build/host/tests/bench/bench_minimize
    /usr/bin/python3 tests/bench/compare_minimize.py --seeds 20 --dims 10     # quicker

Ratios: calls = scipy's mean calls to success / ours (> 1: we need fewer calls);
time = scipy's mean wall time per run / ours. Float rows are ours only (scipy runs in
double); they are listed with scipy's double figures for reference.
"""

import argparse
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def find_bench():
    candidates = sorted(glob.glob(os.path.join(ROOT, "build", "*", "tests", "bench", "bench_minimize")),
                        key=os.path.getmtime, reverse=True)
    return candidates[0] if candidates else None


def parse(text):
    rows = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or line.startswith("method"):
            continue
        f = line.split()
        if len(f) < 8:
            continue
        method, function, d, precision = f[0], f[1], int(f[2]), f[3]
        rows[(method, function, d, precision)] = {
            "success": float(f[5].rstrip("%")),
            "calls": float(f[6]),
            "ms": float(f[7]),
        }
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", help="path of the bench_minimize executable (default: newest build/*)")
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--dims", type=int, nargs="+", default=[2, 10, 30])
    parser.add_argument("--functions", nargs="+",
                        default=["rastrigin", "ackley", "styblinski_tang", "double_well"])
    args = parser.parse_args()

    bench = args.bench or find_bench()
    if not bench or not os.path.exists(bench):
        sys.exit("bench_minimize not found: configure with -DLANGEVIN_BUILD_BENCHMARKS=ON, build, "
                 "or pass --bench PATH")
    common = ["--seeds", str(args.seeds), "--dims"] + [str(d) for d in args.dims] + \
             ["--functions"] + args.functions
    ours = subprocess.run([bench] + common + ["--precision", "double", "float"],
                          check=True, capture_output=True, text=True).stdout
    print(ours, end="", flush=True)
    scipy = subprocess.run([sys.executable, os.path.join(HERE, "dual_annealing.py")] + common,
                           check=True, capture_output=True, text=True).stdout
    print(scipy, end="", flush=True)
    a = parse(ours)
    b = parse(scipy)

    print()
    print(f"# side by side: {args.seeds} seeds, budget 2000 d; success % / mean calls to success / ms per run;"
          " ratio = scipy / ours")
    head = (f"{'function':<16} {'d':>3} {'prec':<6} | {'langevin::minimize':>22} | {'dual_annealing':>22} | "
            f"{'dual_annealing+jac':>22} | {'calls ratio':>11} {'+jac':>6} | {'time ratio':>10}")
    print(head)
    print("-" * len(head))
    for precision in ("double", "float"):
        for function in args.functions:
            for d in args.dims:
                ours_row = a.get(("langevin::minimize", function, d, precision))
                da = b.get(("dual_annealing", function, d, "double"))
                daj = b.get(("dual_annealing+jac", function, d, "double"))
                if ours_row is None:
                    continue

                def cell(r):
                    if r is None:
                        return f"{'-':>22}"
                    return f"{r['success']:5.0f}% {r['calls']:7.0f} {r['ms']:7.1f}"

                def ratio(x, y, key):
                    if x is None or y is None or not y[key] or y[key] != y[key] or x[key] != x[key]:
                        return float("nan")
                    return x[key] / y[key]

                print(f"{function:<16} {d:>3} {precision:<6} | {cell(ours_row)} | {cell(da)} | {cell(daj)} | "
                      f"{ratio(da, ours_row, 'calls'):11.2f} {ratio(daj, ours_row, 'calls'):6.2f} | "
                      f"{ratio(da, ours_row, 'ms'):10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
