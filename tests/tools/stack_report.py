#!/usr/bin/env python3
"""Worst-case stack use of the library's public entry points on a Cortex-M build.

Inputs are produced by the `langevin_stack_entries` firmware (tests/tools/stack_report_entries.cpp,
built on the Cortex-M presets with -fstack-usage -fcallgraph-info=su):

  * the GCC call-graph file (.ci, VCG format): one node per function of the translation
    unit with its exact frame size ("N bytes (static)"), one edge per call GCC emitted;
  * the linked ELF: functions GCC did not compile here (libgcc's soft-float and 64-bit
    helpers, memcpy, ...) appear in the .ci as external nodes without a size. Their frames
    are bounded from the disassembly (arm-none-eabi-objdump -d): every stack-decrementing
    instruction of the function body is summed (push/stmdb sp!, vpush, sub sp, pre-indexed
    stores to sp), and every call or branch into another function adds that function's bound.
    This over-approximates (it assumes every push runs, without the matching pops) and is
    therefore a safe upper bound.

Each entry point is an extern "C" function whose name starts with
  stack_step_   a per-step function: must stay within --step-limit bytes (default 256);
  stack_entry_  any other public entry point (a whole run, a shuffle, ...): --entry-limit.
The caller's buffers are passed by pointer or reference, so they are not part of the figure.

Prints a Markdown table (worst-case bytes, own frame, deepest call chain) and exits 1 if an
entry exceeds its limit or its stack use is unbounded (recursion, indirect or dynamic calls,
dynamic stack allocation).
"""

import argparse
import re
import subprocess
import sys

UNBOUNDED = None


def parse_callgraph(path):
    """Returns (frames, edges, locations): frames[name] = bytes or None (external), edges[name] = [callee]."""
    frames, edges, qualifiers, pretty = {}, {}, {}, {}
    node_re = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
    edge_re = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)"')
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = node_re.search(line)
            if m:
                name, label = m.group(1), m.group(2)
                parts = label.split("\\n")
                pretty[name] = parts[0]
                size = re.search(r"(\d+) bytes \(([^)]*)\)", label)
                if size:
                    frames[name] = int(size.group(1))
                    qualifiers[name] = size.group(2)
                else:
                    frames.setdefault(name, None)
                edges.setdefault(name, [])
                continue
            m = edge_re.search(line)
            if m:
                edges.setdefault(m.group(1), []).append(m.group(2))
    return frames, edges, qualifiers, pretty


REGISTER_RANGE = re.compile(r"([rsd])(\d+)-[rsd]?(\d+)")


def register_list_bytes(text, default_width=4):
    inner = text[text.find("{") + 1 : text.find("}")]
    total = 0
    for item in inner.split(","):
        item = item.strip()
        if not item:
            continue
        width = 8 if item.startswith("d") else default_width
        m = REGISTER_RANGE.match(item)
        count = int(m.group(3)) - int(m.group(2)) + 1 if m else 1
        total += width * count
    return total


def parse_immediate(text):
    m = re.search(r"#(-?)(0x[0-9a-fA-F]+|\d+)", text)
    if not m:
        return 0
    return int(m.group(2), 0)


class Disassembly:
    """Function bodies of a linked ELF and a conservative stack bound for each."""

    def __init__(self, objdump, elf):
        out = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf], check=True, capture_output=True,
                             text=True).stdout
        self.decrement = {}
        self.callees = {}
        self.indirect = set()
        # objdump labels a body with one of the names at its address; others are aliases
        # (__aeabi_dadd and __adddf3 are the same code).
        symbols = subprocess.run([objdump, "-t", elf], check=True, capture_output=True, text=True).stdout
        names_at = {}
        for line in symbols.splitlines():
            m = re.match(r"^([0-9a-f]+)\s.*\sF\s\S+\s+[0-9a-f]+\s+(?:\.hidden\s+)?(\S+)$", line)
            if m:
                names_at.setdefault(int(m.group(1), 16) & ~1, []).append(m.group(2))
        self.alias = {}
        current = None
        header = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
        insn = re.compile(r"^\s+[0-9a-f]+:\s+(\S+)\s*(.*)$")
        for line in out.splitlines():
            m = header.match(line)
            if m:
                current = m.group(2)
                self.decrement[current] = 0
                self.callees[current] = set()
                for alias in names_at.get(int(m.group(1), 16) & ~1, []):
                    self.alias[alias] = current
                continue
            m = insn.match(line)
            if not m or current is None:
                continue
            mnemonic, operands = m.group(1), m.group(2).split("@")[0].strip()
            base = mnemonic.split(".")[0]
            if base in ("push",) or (base.startswith("stmdb") and operands.startswith("sp!")):
                self.decrement[current] += register_list_bytes(operands)
            elif base == "vpush" or (base.startswith("vstmdb") and operands.startswith("sp!")):
                self.decrement[current] += register_list_bytes(operands)
            elif base in ("sub", "subw", "subs") and re.match(r"sp,\s*(sp,\s*)?#", operands):
                self.decrement[current] += parse_immediate(operands)
            elif base.startswith("str") and re.search(r"\[sp,\s*#-\d+\]!", operands):
                self.decrement[current] += abs(int(re.search(r"#(-\d+)", operands).group(1)))
            elif base.startswith("vstr") and re.search(r"\[sp,\s*#-\d+\]!", operands):
                self.decrement[current] += abs(int(re.search(r"#(-\d+)", operands).group(1)))
            target = re.search(r"<([^>+]+)(\+0x[0-9a-f]+)?>", operands)
            is_branch = base.startswith("b") and not base.startswith("bic") and not base.startswith("bfi") \
                and not base.startswith("bfc") and base != "bkpt"
            if is_branch and target and target.group(1) != current:
                self.callees[current].add(target.group(1))
            elif base in ("blx",) and not target:
                self.indirect.add(current)
            elif base == "mov" and operands.startswith("sp,"):
                self.indirect.add(current)  # stack pointer switched: cannot bound

    def bound(self, name, active=None, memo=None):
        """(bytes or None, chain) for `name` and everything it may call."""
        if memo is None:
            memo = {}
        if active is None:
            active = set()
        name = self.alias.get(name, name)
        if name in memo:
            return memo[name]
        if name not in self.decrement or name in active or name in self.indirect:
            return UNBOUNDED, [name + (" (recursive)" if name in active else " (unknown)")]
        active.add(name)
        worst, chain = 0, []
        for callee in sorted(self.callees[name]):
            size, sub_chain = self.bound(callee, active, memo)
            if size is UNBOUNDED:
                active.discard(name)
                memo[name] = (UNBOUNDED, [name] + sub_chain)
                return memo[name]
            if size > worst:
                worst, chain = size, sub_chain
        active.discard(name)
        memo[name] = (self.decrement[name] + worst, [name] + chain)
        return memo[name]


def resolve_alias(name, frames):
    """GCC emits the base-object constructor/destructor (C2/D2) and makes the complete-object
    one (C1/D1) an alias, but call edges may name either: map an undefined one to its twin."""
    if frames.get(name) is not None:
        return name
    for a, b in (("C1E", "C2E"), ("C2E", "C1E"), ("D1E", "D2E"), ("D2E", "D1E")):
        if a in name:
            twin = name.replace(a, b, 1)
            if frames.get(twin) is not None:
                return twin
    return name


def strip_file_prefix(name):
    """GCC titles local or inline functions "path/file.cpp:symbol"."""
    return re.sub(r"^.*:(?=[A-Za-z_])", "", name) if ".cpp:" in name or ".hpp:" in name else name


def worst_path(name, frames, edges, qualifiers, disassembly, active, memo):
    """(bytes or None, chain of (function, bytes, source)) for the deepest call chain from `name`."""
    name = resolve_alias(name, frames)
    if name in memo:
        return memo[name]
    if name in active:
        return UNBOUNDED, [(name, None, "recursion")]
    own = frames.get(name)
    if own is None:
        if disassembly is not None:
            size, chain = disassembly.bound(strip_file_prefix(name))
            result = (size, [(name, size, "disassembly bound" + ("" if size is not None else ": " + " -> ".join(chain)))])
        else:
            result = (UNBOUNDED, [(name, None, "external, no ELF given")])
        memo[name] = result
        return result
    if "dynamic" in qualifiers.get(name, "") and "bounded" not in qualifiers.get(name, ""):
        memo[name] = (UNBOUNDED, [(name, own, "dynamic stack allocation")])
        return memo[name]
    active.add(name)
    worst, chain = 0, []
    for callee in edges.get(name, []):
        size, sub_chain = worst_path(callee, frames, edges, qualifiers, disassembly, active, memo)
        if size is UNBOUNDED:
            active.discard(name)
            memo[name] = (UNBOUNDED, [(name, own, "gcc")] + sub_chain)
            return memo[name]
        if size > worst or not chain:
            worst, chain = size, sub_chain
    active.discard(name)
    memo[name] = (own + worst, [(name, own, "gcc")] + chain)
    return memo[name]


def make_display(cxxfilt):
    """Readable name of a call-graph node: drops GCC's "file:" prefix, demangles, drops parameters."""
    cache = {}

    def display(name):
        if name in cache:
            return cache[name]
        plain = re.sub(r"^.*:(?=_Z)", "", name)
        readable = plain
        if plain.startswith("_Z") and cxxfilt:
            try:
                readable = subprocess.run([cxxfilt, plain], check=True, capture_output=True, text=True).stdout.strip()
            except (OSError, subprocess.CalledProcessError):
                readable = plain
        depth, cut = 0, len(readable)
        for i, ch in enumerate(readable):
            if ch == "<":
                depth += 1
            elif ch == ">":
                depth -= 1
            elif ch == "(" and depth == 0:
                cut = i
                break
        cache[name] = readable[:cut]
        return cache[name]

    return display


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ci", nargs="+", required=True, help="GCC -fcallgraph-info=su output files (or the objects they belong to)")
    parser.add_argument("--elf", help="linked firmware containing the entry points (for external callees)")
    parser.add_argument("--objdump", default="arm-none-eabi-objdump")
    parser.add_argument("--step-limit", type=int, default=256)
    parser.add_argument("--entry-limit", type=int, default=1024)
    parser.add_argument("--title", default="")
    parser.add_argument("--known-over", nargs="*", default=[], metavar="LABEL=BYTES",
                        help="entry points known to exceed their limit, with the worst case recorded when "
                             "the overrun was accepted as open work: they are reported, and fail only if "
                             "they grow beyond the recorded figure (a ratchet)")
    args = parser.parse_args()

    frames, edges, qualifiers, pretty = {}, {}, {}, {}
    for path in args.ci:
        for suffix in (".o", ".obj"):  # GCC names the call-graph file after the object: x.cpp.o -> x.cpp.ci
            if path.endswith(suffix):
                path = path[: -len(suffix)] + ".ci"
        f, e, q, p = parse_callgraph(path)
        for name, size in f.items():
            if size is not None or name not in frames:
                frames[name] = size
        for name, callees in e.items():
            edges.setdefault(name, []).extend(callees)
        qualifiers.update(q)
        pretty.update(p)
    disassembly = Disassembly(args.objdump, args.elf) if args.elf else None

    # Self-check of the disassembly bound: for every function GCC measured, the bound from
    # the disassembly must be at least GCC's figure, else the instruction parser is wrong.
    if disassembly is not None:
        for title, size in frames.items():
            name = disassembly.alias.get(strip_file_prefix(title), strip_file_prefix(title))
            if size is None or name not in disassembly.decrement:
                continue
            if disassembly.decrement[name] < size:
                print("stack_report: disassembly bound of {} is {} B < GCC's {} B: parser out of date".format(
                    name, disassembly.decrement[name], size), file=sys.stderr)
                return 1

    entries = sorted(n for n in frames if n.startswith(("stack_step_", "stack_entry_")) and frames[n] is not None)
    if not entries:
        print("stack_report: no stack_step_/stack_entry_ functions found in " + " ".join(args.ci), file=sys.stderr)
        return 1

    cxxfilt = args.objdump[: -len("objdump")] + "c++filt" if args.objdump.endswith("objdump") else "c++filt"
    display = make_display(cxxfilt)
    failures = []
    known_notes = []
    if args.title:
        print("### " + args.title + "\n")
    print("| entry point | kind | own frame (B) | worst case (B) | limit (B) | deepest chain |")
    print("|---|---|---:|---:|---:|---|")
    memo = {}
    known_over = {}
    for item in args.known_over:
        label, _, recorded = item.partition("=")
        known_over[label] = int(recorded)
    for name in entries:
        kind = "step" if name.startswith("stack_step_") else "entry"
        limit = args.step_limit if kind == "step" else args.entry_limit
        size, chain = worst_path(name, frames, edges, qualifiers, disassembly, set(), memo)
        chain_text = " -> ".join(
            "{} {}".format(display(fn), "" if b is None else "({}{})".format(
                b, "" if src == "gcc" else ", " + src)).strip() for fn, b, src in chain[1:]) or "-"
        shown = "unbounded" if size is UNBOUNDED else str(size)
        label = name[len("stack_step_"):] if kind == "step" else name[len("stack_entry_"):]
        print("| {} | {} | {} | {} | {} | {} |".format(label, kind, frames[name], shown, limit, chain_text))
        if size is UNBOUNDED:
            failures.append("{}: unbounded stack ({})".format(name, chain_text))
        elif size > limit and label in known_over and size <= known_over[label]:
            known_notes.append("KNOWN {}: {} bytes > limit {} (open work; recorded worst case {} B)".format(
                name, size, limit, known_over[label]))
        elif size > limit:
            failures.append("{}: {} bytes > limit {}".format(name, size, limit))
    print()
    for note in known_notes:
        print(note)
    for failure in failures:
        print("FAIL " + failure)
    if not failures:
        print("all {} entry points within their limits (step functions <= {} B, other entry points <= {} B){}".format(
            len(entries), args.step_limit, args.entry_limit,
            ", except {} known overruns that did not grow".format(len(known_notes)) if known_notes else ""))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
