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
    therefore a safe upper bound. Thumb-1 (ARMv6-M) code moves sp by more than 508 bytes
    with `ldr rN, [pc, #imm]` from the literal pool and `add sp, rN`: the literal is read
    from the disassembly's `.word` lines; an `add sp, rN` whose value cannot be found makes
    the function unbounded.

Call edges come from the .ci file; each is a nested call (the callee's chain adds to the
caller's frame) unless every branch from the caller to the callee in the linked code is a
tail call: a b/b.w/bCC to the callee's entry taken with the caller's frame provably popped
(stack depth 0 by a data-flow pass over the caller's body; see Disassembly). Then the callee
runs at the caller's entry depth: the caller's worst case is max(own frame + deepest nested
chain, deepest tail-called chain). Wherever the depth pass is unsure, the call nests. A
built-in self-test of the classification on hand-written code runs first, and the pass must
find GCC's frame size as the deepest point of every function GCC measured (else all of that
function's calls nest).

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


CONDITIONS = "eq|ne|cs|hs|cc|lo|mi|pl|vs|vc|hi|ls|ge|lt|gt|le|al"
BRANCH = re.compile(r"^b(" + CONDITIONS + r")?(\.[nw])?$")  # b, b.w, beq.n, bls.w ...
CALL = re.compile(r"^blx?(" + CONDITIONS + r")?(\.[nw])?$")  # bl, blx, bleq ...
SP_PLUS_REGISTER = re.compile(r"^sp,\s*(?:sp,\s*)?(r\d+|sl|fp|ip)$")  # add sp, rN (Thumb-1 large frames)
UNKNOWN_OFFSET = -1  # the stack pointer's offset from its value at the function's entry is not known


def stack_effect(mnemonic, operands):
    """Change of the stack depth (bytes, + = deeper) by one instruction, or None if the
    instruction writes sp in a way this parser does not model (the depth becomes unknown)."""
    if mnemonic.startswith("push") or (mnemonic.startswith("stmdb") and operands.startswith("sp!")):
        return register_list_bytes(operands)
    if mnemonic.startswith("pop") or (mnemonic.startswith("ldm") and operands.startswith("sp!")):
        if not mnemonic.startswith("pop") and not mnemonic.startswith("ldmia"):
            return None
        return -register_list_bytes(operands)
    if mnemonic.startswith("vpush") or (mnemonic.startswith("vstmdb") and operands.startswith("sp!")):
        return register_list_bytes(operands)
    if mnemonic.startswith("vpop") or (mnemonic.startswith("vldmia") and operands.startswith("sp!")):
        return -register_list_bytes(operands)
    m = re.match(r"sp,\s*(sp,\s*)?#(\d+)$", operands)
    if m and re.match(r"^(add|addw|adds|sub|subw|subs)(" + CONDITIONS + r")?(\.w)?$", mnemonic):
        return int(m.group(2)) if mnemonic.startswith("sub") else -int(m.group(2))
    if mnemonic.startswith(("str", "vstr")):
        m = re.search(r"\[sp,\s*#-(\d+)\]!", operands)
        if m:
            return int(m.group(1))
        if re.search(r"\[sp(,[^\]]*)?\](!|,)", operands):
            return None  # other write-back forms
        return 0
    if mnemonic.startswith(("ldr", "vldr")):
        if re.match(r"sp\b", operands):
            return None
        m = re.search(r"\[sp\],\s*#(\d+)$", operands)
        if m:
            return -int(m.group(1))
        if re.search(r"\[sp(,[^\]]*)?\](!|,)", operands):
            return None
        return 0
    if re.match(r"sp\s*,", operands) or operands == "sp":
        return None  # mov sp, rX; add sp, rX; ...: not modelled
    if mnemonic.startswith(("stm", "ldm")) and operands.startswith("sp!"):
        return None
    return 0


class Disassembly:
    """Function bodies of a linked ELF and a conservative stack bound for each.

    For every function it also classifies each branch to another function: a `bl`/`blx`
    is a nested call (the caller's frame stays below the callee's), a `b`/`b.w`/`bCC` to
    another function's entry reached with the stack pointer back at its entry value (the
    frame popped) is a tail call: the callee runs at the depth of the caller's caller.
    The stack depth at each instruction comes from a data-flow pass over the body (push,
    pop, ldm/stm with sp!, vpush/vpop, add/sub sp, #imm, pre/post-indexed str/ldr on sp,
    IT blocks); anything it cannot follow (an unmodelled write to sp, code after a table
    branch, two different depths meeting at one instruction) makes the depth unknown, and
    a branch at an unknown depth counts as a nested call. So a tail call is only ever
    credited where the frame is provably gone: the figures stay upper bounds."""

    def __init__(self, objdump=None, elf=None, text=None, symbols=None):
        if text is None:
            text = subprocess.run([objdump, "-d", "--no-show-raw-insn", elf], check=True, capture_output=True,
                                  text=True).stdout
            symbols = subprocess.run([objdump, "-t", elf], check=True, capture_output=True, text=True).stdout
        self.decrement = {}
        self.callees = {}
        self.indirect = set()
        self.body = {}  # name -> [(address, mnemonic, operands)]
        self.call_kinds = {}  # name -> {callee: "nested" or "tail"}
        self.words = {}  # address -> 32-bit value of a literal-pool word (".word" lines)
        self.pc_loads = {}  # (name, index in body) -> (register, literal address) of `ldr rN, [pc, #imm]`
        self.max_depth = {}  # name -> deepest known stack depth (bytes) in the body, or None
        # objdump labels a body with one of the names at its address; others are aliases
        # (__aeabi_dadd and __adddf3 are the same code).
        names_at = {}
        self.linked = set()  # every symbol name of the ELF (None: no table given, assume all)
        for line in (symbols or "").splitlines():
            fields = line.split()
            if fields and re.match(r"^[0-9a-f]+$", fields[0]):
                self.linked.add(fields[-1])
            m = re.match(r"^([0-9a-f]+)\s.*\sF\s\S+\s+[0-9a-f]+\s+(?:\.hidden\s+)?(\S+)$", line)
            if m:
                names_at.setdefault(int(m.group(1), 16) & ~1, []).append(m.group(2))
        self.alias = {}
        current = None
        header = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
        # objdump indents addresses shorter than 8 digits only (code at 0x10000000 is not).
        insn = re.compile(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$")
        for line in text.splitlines():
            m = header.match(line)
            if m:
                current = m.group(2)
                self.decrement[current] = 0
                self.callees[current] = set()
                self.body[current] = []
                for alias in names_at.get(int(m.group(1), 16) & ~1, []):
                    self.alias[alias] = current
                continue
            m = insn.match(line)
            if not m or current is None:
                continue
            mnemonic, operands = m.group(2), m.group(3).split("@")[0].strip()
            address = int(m.group(1), 16)
            if mnemonic == ".word":
                self.words[address] = int(operands, 16) & 0xFFFFFFFF
            literal = re.match(r"^(r\d+|sl|fp|ip),\s*\[pc,\s*#\d+\]\s*@\s*\(([0-9a-f]+)", m.group(3))
            if mnemonic.startswith("ldr") and literal:
                self.pc_loads[(current, len(self.body[current]))] = (literal.group(1), int(literal.group(2), 16))
            self.body[current].append((address, mnemonic, operands))
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
        for name, body in self.body.items():
            for i, (_, mnemonic, operands) in enumerate(body):
                if mnemonic.startswith("add") and SP_PLUS_REGISTER.match(operands):
                    delta = self.sp_register_delta(name, i)
                    if delta is None:
                        self.indirect.add(name)  # sp moved by an unknown amount: cannot bound
                    elif delta > 0:
                        self.decrement[name] += delta
        for name in self.body:
            self.call_kinds[name], self.max_depth[name] = self._classify(name)

    def sp_register_delta(self, name, i):
        """Depth change (bytes, + = deeper) of `add sp, rN` at body[name][i] when rN was loaded
        from the literal pool shortly before (no other write to rN in between), else None."""
        register = SP_PLUS_REGISTER.match(self.body[name][i][2]).group(1)
        for j in range(i - 1, max(-1, i - 13), -1):
            _, mnemonic, operands = self.body[name][j]
            load = self.pc_loads.get((name, j))
            if load is not None and load[0] == register:
                value = self.words.get(load[1])
                if value is None:
                    return None
                signed = value - (1 << 32) if value & 0x80000000 else value
                return -signed
            if re.match(r"^" + register + r"\s*,", operands) and not mnemonic.startswith(("str", "cmp", "tst")):
                return None  # rN written otherwise
            if BRANCH.match(mnemonic) or CALL.match(mnemonic):
                return None
        return None

    def _classify(self, name):
        """Stack depth at every instruction of `name` (a set of possible values) and the kind
        of each branch to another function. Returns ({callee: kind}, deepest known depth)."""
        body = self.body[name]
        index_of = {address: i for i, (address, _, _) in enumerate(body)}
        depth = [set() for _ in body]
        kinds = {}

        def note(callee, kind):
            if kinds.get(callee) != "nested":
                kinds[callee] = kind

        def shifted(offsets, delta):
            if delta is None or UNKNOWN_OFFSET in offsets:
                return {UNKNOWN_OFFSET}
            return {o + delta for o in offsets}

        work = []

        def flow(i, offsets):
            if i >= len(body) or not offsets:
                return
            merged = depth[i] | offsets
            if len(merged) > 1:
                merged = {UNKNOWN_OFFSET}  # two depths meet: give up on this path
            if merged != depth[i]:
                depth[i] = merged
                work.append(i)

        def step(i, offsets, in_it):
            """Effect of instruction i on the path with `offsets`; returns the fall-through
            offsets (empty if the path ends). `in_it`: the instruction is in an IT block and
            the path is the one on which it executes (so a branch there is always taken)."""
            _, mnemonic, operands = body[i]
            target = re.search(r"^([0-9a-f]+)\s*<([^>+]+)(\+0x[0-9a-f]+)?>", operands)
            if BRANCH.match(mnemonic) or mnemonic.startswith(("cbz", "cbnz")):
                may_fall_through = mnemonic.startswith(("cbz", "cbnz")) or (
                    not in_it and BRANCH.match(mnemonic).group(1) not in (None, "al"))
                if mnemonic.startswith(("cbz", "cbnz")):
                    target = re.search(r"([0-9a-f]+)\s*<([^>+]+)(\+0x[0-9a-f]+)?>", operands)
                if target is None:
                    return set()
                if target.group(2) == name:
                    j = index_of.get(int(target.group(1), 16))
                    if j is not None:
                        flow(j, offsets)
                else:
                    tail = offsets == {0} and target.group(3) is None
                    note(target.group(2), "tail" if tail else "nested")
                return offsets if may_fall_through else set()
            if CALL.match(mnemonic):
                if target is not None and target.group(2) != name:
                    note(target.group(2), "nested")
                return offsets
            if mnemonic.startswith("bx") or mnemonic.startswith(("tbb", "tbh", "udf", "bkpt")):
                return set()
            if mnemonic.startswith("add") and SP_PLUS_REGISTER.match(operands):
                effect = self.sp_register_delta(name, i)
            else:
                effect = stack_effect(mnemonic, operands)
            after = shifted(offsets, effect)
            if re.search(r"\bpc\b", operands.split("[")[0]) and (mnemonic.startswith(("pop", "ldm", "ldr", "mov"))):
                return set()  # return (or a computed jump: the rest is unreached, hence unknown)
            return after

        flow(0, {0})
        while work:
            i = work.pop()
            offsets = depth[i]
            mnemonic = body[i][1]
            if re.match(r"^it[te]{0,3}$", mnemonic):
                pattern = mnemonic[1:]
                paths = {True: set(offsets), False: set(offsets)}
                j = i + 1
                for slot in pattern:
                    if j >= len(body):
                        break
                    active = slot == "t"
                    if paths[active]:
                        seen = depth[j] | paths[active]
                        depth[j] = seen if len(seen) == 1 else {UNKNOWN_OFFSET}
                        paths[active] = step(j, paths[active], True)
                    j += 1
                flow(j, paths[True] | paths[False])
                continue
            flow(i + 1, step(i, offsets, False))
        # Branches the pass never reached (after a table branch, say) count as nested calls.
        for i, (_, mnemonic, operands) in enumerate(body):
            target = re.search(r"<([^>+]+)(\+0x[0-9a-f]+)?>", operands)
            if target and target.group(1) != name and (BRANCH.match(mnemonic) or CALL.match(mnemonic)
                                                       or mnemonic.startswith(("cbz", "cbnz"))):
                if not depth[i] or UNKNOWN_OFFSET in depth[i]:
                    note(target.group(1), "nested")
        known = [o for offsets in depth for o in offsets if o != UNKNOWN_OFFSET]
        return kinds, (max(known) if known else None)

    def call_kind(self, caller, callee):
        """"tail" if every branch from caller to callee is a tail call, else "nested"."""
        caller = self.alias.get(caller, caller)
        callee = self.alias.get(callee, callee)
        kinds = self.call_kinds.get(caller, {})
        found = [kind for name, kind in kinds.items() if self.alias.get(name, name) == callee]
        return "tail" if found and all(kind == "tail" for kind in found) else "nested"

    def bound(self, name, active=None, memo=None):
        """(bytes or None, chain) for `name` and everything it may call."""
        if memo is None:
            memo = {}
        if active is None:
            active = set()
        name = self.alias.get(name, name)
        if name in memo:
            return memo[name]
        if self.linked and name not in self.decrement and name not in self.linked:
            # Named in GCC's call graph but absent from the statically linked program: no
            # kept code calls it (a kept call would have pulled it in or failed the link).
            # GCC lists a library call it then did not emit (Thumb-1: __aeabi_idivmod for a
            # division it emitted as unsigned).
            return 0, [name + " (not in the linked program)"]
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
    # A callee reached only by tail calls (see Disassembly) runs after this frame is popped:
    # it adds to the depth at this function's entry, not to its frame.
    worst, chain = own, [(name, own, "gcc")]
    for callee in edges.get(name, []):
        size, sub_chain = worst_path(callee, frames, edges, qualifiers, disassembly, active, memo)
        if size is UNBOUNDED:
            active.discard(name)
            memo[name] = (UNBOUNDED, [(name, own, "gcc")] + sub_chain)
            return memo[name]
        tail = disassembly is not None and disassembly.call_kind(
            strip_file_prefix(name), strip_file_prefix(resolve_alias(callee, frames))) == "tail"
        if tail and size > worst:
            worst, chain = size, [(name, own, "gcc, frame popped before a tail call")] + sub_chain
        elif not tail and own + size > worst:
            worst, chain = own + size, [(name, own, "gcc")] + sub_chain
    active.discard(name)
    memo[name] = (worst, chain)
    return memo[name]


SELF_TEST_DISASSEMBLY = """
00001000 <callee>:
    1000:	push	{r4, lr}
    1002:	pop	{r4, pc}

00001010 <popped_then_branch>:
    1010:	push	{r4, r5, r6, lr}
    1012:	sub	sp, #16
    1014:	cbz	r0, 101e <popped_then_branch+0xe>
    1016:	add	sp, #16
    1018:	ldmia.w	sp!, {r4, r5, r6, lr}
    101c:	b.w	1000 <callee>
    101e:	bl	1000 <callee>
    1022:	add	sp, #16
    1024:	pop	{r4, r5, r6, pc}

00001030 <branch_with_frame>:
    1030:	push	{r4, lr}
    1032:	b.w	1000 <callee>

00001040 <it_block_pop>:
    1040:	push	{r3, lr}
    1042:	cmp	r0, #0
    1044:	itt	eq
    1046:	popeq	{r3, lr}
    1048:	beq.w	1000 <callee>
    104c:	pop	{r3, pc}

00001050 <half_popped>:
    1050:	push	{r3, lr}
    1052:	cmp	r0, #0
    1054:	it	eq
    1056:	popeq	{r3, lr}
    1058:	beq.w	1000 <callee>
    105c:	pop	{r3, pc}

00001060 <sp_switched>:
    1060:	push	{r7, lr}
    1062:	mov	r7, sp
    1064:	sub	sp, #8
    1066:	mov	sp, r7
    1068:	pop	{r7, lr}
    106a:	b.w	1000 <callee>

00001070 <no_frame>:
    1070:	cmp	r0, #0
    1072:	bne.w	1000 <callee>
    1076:	bx	lr

00001080 <after_table_branch>:
    1080:	tbb	[pc, r0]
    1084:	b.w	1000 <callee>

00001100 <thumb1_large_frame>:
    1100:	push	{r4, r5, r6, r7, lr}
    1102:	ldr	r4, [pc, #12]	@ (1110 <thumb1_large_frame+0x10>)
    1104:	add	sp, r4
    1106:	bl	1000 <callee>
    110a:	ldr	r3, [pc, #8]	@ (1114 <thumb1_large_frame+0x14>)
    110c:	add	sp, r3
    110e:	pop	{r4, r5, r6, r7, pc}
    1110:	.word	0xfffffdcc
    1114:	.word	0x00000234

00001120 <thumb1_unknown_frame>:
    1120:	push	{r4, lr}
    1122:	add	sp, r0
    1124:	pop	{r4, pc}

10001090 <high_address>:
10001090:	stmdb	sp!, {r4, r5, r6, r7, r8, r9, sl, lr}
10001094:	sub	sp, #8
10001096:	bl	1000 <callee>
1000109a:	add	sp, #8
1000109c:	ldmia.w	sp!, {r4, r5, r6, r7, r8, r9, sl, pc}
"""


def self_test():
    """Classification of hand-written call sites: True if every one is as expected."""
    d = Disassembly(text=SELF_TEST_DISASSEMBLY, symbols="")
    expected = {"popped_then_branch": "nested", "branch_with_frame": "nested", "it_block_pop": "tail",
                "half_popped": "nested", "sp_switched": "nested", "no_frame": "tail", "after_table_branch": "nested"}
    ok = True
    for caller, kind in expected.items():
        if d.call_kind(caller, "callee") != kind:
            print("stack_report: self-test: {} -> callee is {}, expected {}".format(
                caller, d.call_kind(caller, "callee"), kind), file=sys.stderr)
            ok = False
    # a tail call alone is credited as a tail call; mixed with a nested call it nests
    d2 = Disassembly(text=SELF_TEST_DISASSEMBLY.replace("    101e:\tbl\t1000 <callee>\n", "    101e:\tnop\n"), symbols="")
    if d2.call_kind("popped_then_branch", "callee") != "tail":
        print("stack_report: self-test: popped_then_branch without its bl is not a tail call", file=sys.stderr)
        ok = False
    if d.max_depth.get("popped_then_branch") != 32 or d.max_depth.get("sp_switched") != 16 \
            or d.max_depth.get("high_address") != 40 or d.decrement.get("high_address") != 40 \
            or d.max_depth.get("thumb1_large_frame") != 584 or d.decrement.get("thumb1_large_frame") != 584 \
            or "thumb1_unknown_frame" not in d.indirect:
        print("stack_report: self-test: depths {}".format(d.max_depth), file=sys.stderr)
        ok = False
    return ok


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
        readable = readable.replace("(anonymous namespace)", "{anonymous}")
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
    if not self_test():
        print("stack_report: the tail-call classification failed its self-test", file=sys.stderr)
        return 1

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
            # The depth pass behind the tail-call classification must find GCC's frame as the
            # deepest point of the body; if not, it misreads the code: nest every call.
            if disassembly.max_depth.get(name) != size:
                print("stack_report: note: depth pass finds {} B in {}, GCC says {} B: its calls all count "
                      "as nested".format(disassembly.max_depth.get(name), name, size), file=sys.stderr)
                disassembly.call_kinds[name] = {}

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
