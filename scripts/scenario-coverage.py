#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/scenario-coverage.rst against the tests.

Every scenario S1..S85 must have exactly one row; the totals line must match
the rows; every KUnit case a row names (``mgm_...``) must exist; a row that
names a test program (``mgm_scenarios``, ``mgm_nl_test``, ``mgm_protocol.sh``,
``mgmctl_objects.sh``, ``mgm_forward.sh``) must be backed by a result string
starting with "S<n>" in that program; a covered or partial row must name a
test.

Usage: scripts/scenario-coverage.py [--list]
  --list  print, per scenario, the tests found in the tree (to write rows)
"""

import glob
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(TOP, "Documentation", "scenario-coverage.rst")
PROGRAMS = {
    "mgm_scenarios": "selftests/mgm_scenarios.c",
    "mgm_nl_test": "selftests/mgm_nl_test.c",
    "mgm_protocol.sh": "selftests/mgm_protocol.sh",
    "mgmctl_objects.sh": "selftests/mgmctl_objects.sh",
    "mgm_forward.sh": "selftests/mgm_forward.sh",
}


# Programs of the Win32 column (the last one).
WIN32_PROGRAMS = {
    "mgm_win32": "selftests/mgm_win32.c",
}


def kunit_cases():
    cases = set()
    for f in glob.glob(os.path.join(TOP, "kernel/tests/*.c")):
        cases |= set(re.findall(r"KUNIT_CASE\((mgm_\w+)\)", open(f).read()))
    return cases


def program_scenarios(path):
    """Scenario numbers a program reports results for ("S12: ..." etc.)."""
    text = open(os.path.join(TOP, path)).read()
    found = set()
    for m in re.finditer(r'"S(\d+)(?:[-/]S?(\d+))?[:/ -]', text):
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        found |= set(range(lo, hi + 1))
    return found


def rows():
    text = open(DOC).read()
    out = {}
    for m in re.finditer(r"^   \* - S(\d+)\n((?:     - .*\n?)+)", text, re.M):
        cells = re.findall(r"^     - (.*)$", m.group(2), re.M)
        n = int(m.group(1))
        if n in out:
            yield ("error", f"S{n}: more than one row")
        out[n] = cells
    yield ("rows", out)
    tot = re.search(r"^Totals: (\d+) covered, (\d+) partial, (\d+) deferred", text,
                    re.M)
    yield ("totals", tot.groups() if tot else None)


def main():
    cases = kunit_cases()
    progs = {name: program_scenarios(path)
             for name, path in {**PROGRAMS, **WIN32_PROGRAMS}.items()}
    if "--list" in sys.argv:
        for n in range(1, 86):
            ks = sorted(c for c in cases
                        if n in [int(x) for x in re.findall(r"_s(\d+)", c)])
            ps = sorted(p for p, s in progs.items() if n in s)
            print(f"S{n}: kunit {' '.join(ks) or '-'}; programs {' '.join(ps) or '-'}")
        return 0

    errors = []
    table, totals = {}, None
    for kind, val in rows():
        if kind == "error":
            errors.append(val)
        elif kind == "rows":
            table = val
        else:
            totals = val
    missing = [n for n in range(1, 86) if n not in table]
    if missing:
        errors.append("no row for " + ", ".join(f"S{n}" for n in missing))
    count = {"covered": 0, "partial": 0, "deferred": 0}
    win32_count = 0
    for n, cells in sorted(table.items()):
        if len(cells) < 4:
            errors.append(f"S{n}: row has {len(cells)} cells")
            continue
        status, tests = cells[2].strip(), cells[3]
        if status not in count:
            errors.append(f"S{n}: unknown status {status!r}")
            continue
        count[status] += 1
        named = False
        for case in re.findall(r"``(mgm_\w+)``", tests):
            if case in PROGRAMS:
                continue
            named = True
            if case not in cases:
                errors.append(f"S{n}: no KUnit case {case}")
        for prog in PROGRAMS:
            if f"``{prog}``" in tests:
                named = True
                if n not in progs[prog]:
                    errors.append(f"S{n}: {prog} reports no S{n} result")
        if status != "deferred" and not named:
            errors.append(f"S{n}: {status} but names no test")
        # The Win32 column: a program it names must report the scenario.
        win32 = cells[4] if len(cells) > 4 else ""
        for prog in WIN32_PROGRAMS:
            if f"``{prog}``" in win32:
                win32_count += 1
                if n not in progs[prog]:
                    errors.append(f"S{n}: {prog} reports no S{n} result")
    want = (str(count["covered"]), str(count["partial"]), str(count["deferred"]))
    if totals != want:
        errors.append(f"totals line says {totals}, rows say {want}")
    for e in errors:
        print(f"scenario-coverage: {e}", file=sys.stderr)
    if not errors:
        print(f"scenario-coverage: {count['covered']} covered, "
              f"{count['partial']} partial, {count['deferred']} deferred; "
              f"{win32_count} through the Win32 API")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
