#!/usr/bin/python3
"""Runs bench_minimize (langevin::minimize) and dual_annealing.py (scipy) on the same
functions, boxes, budgets (2000 d calls) and seeds in one go and prints one table with
our figures against scipy's and the ratios.

    /usr/bin/python3 tests/bench/compare_minimize.py --bench build/host/tests/bench/bench_minimize
    /usr/bin/python3 tests/bench/compare_minimize.py --seeds 20 --dims 10     # quicker

Ratios: calls = scipy's mean calls to success / ours (> 1: we need fewer calls);
time = scipy's mean wall time per run / ours. Float rows are ours only (scipy runs in
double); they are listed with scipy's double figures for reference.

--suite: the issue-18 benchmark set (benchmark_functions.hpp, 25 functions) at --dims
(default 10), 30 seeds, budget 2000 d calls, success f <= f* + 1e-4 max(1, |f*|), for
langevin::minimize, dual_annealing and dual_annealing with the analytic gradient (its
minimizer_kwargs restate scipy's local-search defaults, since a non-empty dictionary
replaces them, and add jac). Raw JSON lines go to --raw-dir (one per run, both sides);
then a Markdown table with one row per function is printed, and with --diagnostics the
bookkeeping of the failed runs (gap, stall, calls on faces, non-finite outputs):

    /usr/bin/python3 tests/bench/compare_minimize.py --suite --dims 10 --jobs 2
    /usr/bin/python3 tests/bench/compare_minimize.py --suite --table-only --dims 10 30 --diagnostics
"""

import argparse
import glob
import json
import math
import os
import statistics
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


SUITE_METHODS = ("langevin::minimize", "dual_annealing", "dual_annealing+jac")


def read_records(paths):
    records = []
    for path in paths:
        if os.path.exists(path):
            with open(path) as f:
                records.extend(json.loads(line) for line in f if line.strip())
    return records


def group(records):
    out = {}
    for r in records:
        out.setdefault((r["method"], r["function"], r["d"]), []).append(r)
    return out


def summary(runs):
    hits = [r["first_hit"] for r in runs if r["success"]]
    return {"n": len(runs), "success": len(hits), "calls": statistics.mean(hits) if hits else math.nan,
            "ms": statistics.mean(r["ms"] for r in runs)}


def suite_table(records, d, order):
    """Markdown: one row per function at dimension d; cells success % / mean calls to
    success / ms per run; ratios = dual_annealing's ms per run / ours (same machine)."""
    groups = group(r for r in records if r["d"] == d)
    lines = [f"| d = {d} | kind | langevin::minimize | dual_annealing | dual_annealing + jac | "
             f"speed ratio (plain) | speed ratio (+jac) | seeds |",
             "|---|---|---|---|---|---:|---:|---:|"]
    totals = {m: [0, 0] for m in SUITE_METHODS}
    common = 0
    ratios = {"plain": [], "jac": []}
    worse = []
    for name in order:
        cells = {}
        for m in SUITE_METHODS:
            runs = groups.get((m, name, d))
            cells[m] = summary(runs) if runs else None
        if cells["langevin::minimize"] is None and cells["dual_annealing"] is None:
            continue
        kind = next(r["kind"] for m in SUITE_METHODS for r in groups.get((m, name, d), [])[:1])

        def cell(c):
            if c is None:
                return "-"
            calls = "-" if math.isnan(c["calls"]) else f"{c['calls']:.0f}"
            return f"{100.0 * c['success'] / c['n']:.0f}% / {calls} / {c['ms']:.1f} ms"

        def ratio(c, key):
            ours = cells["langevin::minimize"]
            if c is None or ours is None:
                return "-"
            value = c["ms"] / ours["ms"]
            ratios[key].append(value)
            return f"{value:.0f}"

        if all(cells[m] for m in SUITE_METHODS):  # overall figures over functions every method ran
            common += 1
            for m in SUITE_METHODS:
                totals[m][0] += cells[m]["success"]
                totals[m][1] += cells[m]["n"]
        ours = cells["langevin::minimize"]
        best_da = max((cells[m]["success"] / cells[m]["n"] for m in SUITE_METHODS[1:] if cells[m]), default=None)
        flag = ""
        if ours and best_da is not None and ours["success"] / ours["n"] < best_da:
            flag = " **(below dual_annealing)**"
            worse.append(name)
        seeds = "/".join(sorted({str(c["n"]) for c in cells.values() if c}))
        lines.append(f"| {name}{flag} | {kind} | {cell(ours)} | {cell(cells['dual_annealing'])} | "
                     f"{cell(cells['dual_annealing+jac'])} | {ratio(cells['dual_annealing'], 'plain')} | "
                     f"{ratio(cells['dual_annealing+jac'], 'jac')} | {seeds} |")

    def overall(m):
        s, n = totals[m]
        return f"{100.0 * s / n:.1f}% of {n} runs" if n else "-"

    def geo(values):
        return f"{math.exp(statistics.mean(math.log(v) for v in values)):.0f} (geometric mean)" if values else "-"

    lines.append(f"| **all ({common} functions run by all three)** | | {overall('langevin::minimize')} | {overall('dual_annealing')} | "
                 f"{overall('dual_annealing+jac')} | {geo(ratios['plain'])} | {geo(ratios['jac'])} | |")
    lines.append("")
    lines.append(f"Below dual_annealing (either mode) at d = {d}: {', '.join(worse) if worse else 'none'}.")
    return "\n".join(lines)


def suite_diagnostics(records, d, order):
    """Per function and method: failures, median gap of the failures' best value above the
    target, median call of their last improvement (the stall point), and shares of all
    calls that landed on a face of the box, returned a non-finite value or gradient, or had
    a coordinate in (0, 1e-12)."""
    groups = group(r for r in records if r["d"] == d)
    lines = [f"| d = {d} | method | failed | median gap of failures (f - f*) | median last improvement "
             f"of failures (call) | calls on a face | non-finite | coordinate in (0, 1e-12) |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for name in order:
        for m in SUITE_METHODS:
            runs = groups.get((m, name, d))
            if not runs:
                continue
            failed = [r for r in runs if not r["success"]]
            calls = sum(r["calls"] for r in runs)
            gap = statistics.median(r["best"] - r["fstar"] for r in failed) if failed else math.nan
            stall = statistics.median(r["last_improvement"] for r in failed) if failed else math.nan
            share = lambda key: f"{100.0 * sum(r[key] for r in runs) / calls:.2f}%"
            lines.append(f"| {name} | {m} | {len(failed)}/{len(runs)} | "
                         f"{'-' if math.isnan(gap) else f'{gap:.3g}'} | {'-' if math.isnan(stall) else f'{stall:.0f}'} | "
                         f"{share('face_calls')} | {share('nonfinite_calls')} | {share('tiny_coord_calls')} |")
    return "\n".join(lines)


def suite_main(args):
    raw_dir = args.raw_dir
    os.makedirs(raw_dir, exist_ok=True)
    ours_paths = [os.path.join(raw_dir, f"minimize_d{d}.jsonl") for d in args.dims]
    scipy_paths = [os.path.join(raw_dir, f"dual_annealing_d{d}.jsonl") for d in args.dims]
    sys.path.insert(0, HERE)
    import benchmark_functions
    order = list(benchmark_functions.REFERENCE)
    if not args.table_only:
        bench = args.bench or find_bench()
        if not bench or not os.path.exists(bench):
            sys.exit("bench_minimize not found: configure with -DLANGEVIN_BUILD_BENCHMARKS=ON, build, "
                     "or pass --bench PATH")
        functions = ["--functions"] + args.functions if args.functions else []
        for d, ours_path, scipy_path in zip(args.dims, ours_paths, scipy_paths):
            for path in (ours_path, scipy_path):
                if os.path.exists(path):
                    os.remove(path)
            subprocess.run([bench, "--suite", "--seeds", str(args.seeds), "--dims", str(d), "--raw", ours_path]
                           + functions, check=True)
            library = os.path.join(os.path.dirname(bench), "libbenchmark_functions_c.so")
            subprocess.run([sys.executable, os.path.join(HERE, "dual_annealing.py"), "--suite", "--seeds",
                            str(args.seeds), "--dims", str(d), "--jobs", str(args.jobs), "--raw", scipy_path,
                            "--library", library] + functions, check=True)
    records = read_records(ours_paths + scipy_paths)
    if args.max_seed:
        records = [r for r in records if r["seed"] <= args.max_seed]
    order += [name for name in dict.fromkeys(r["function"] for r in records) if name not in order]
    for d in args.dims:
        print()
        print(suite_table(records, d, order))
        if args.diagnostics:
            print()
            print(suite_diagnostics(records, d, order))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", help="path of the bench_minimize executable (default: newest build/*)")
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--dims", type=int, nargs="+", default=[2, 10, 30])
    parser.add_argument("--functions", nargs="+", default=None)
    parser.add_argument("--suite", action="store_true", help="the issue-18 benchmark set (see above)")
    parser.add_argument("--jobs", type=int, default=1, help="--suite: scipy worker processes")
    parser.add_argument("--raw-dir", default=os.path.join(HERE, "results"), help="--suite: raw JSON lines")
    parser.add_argument("--table-only", action="store_true", help="--suite: tables from the raw files only")
    parser.add_argument("--diagnostics", action="store_true", help="--suite: also the failure bookkeeping")
    parser.add_argument("--max-seed", type=int, default=0, help="--suite tables: only seeds 1..max-seed")
    args = parser.parse_args()
    if args.suite:
        if args.dims == [2, 10, 30]:
            args.dims = [10]
        if args.seeds == 100:
            args.seeds = 30
        return suite_main(args)
    args.functions = args.functions or ["rastrigin", "ackley", "styblinski_tang", "double_well"]

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
