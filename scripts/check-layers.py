#!/usr/bin/env python3
# Check that instrument/ is layered: no include cycle and no call cycle
# between its files, and the public API (qi_*) only in its api-*.c files.
#
# Usage: check-layers.py SRCDIR BUILDDIR [--layers]
#
# A file and its header are one unit ("control" is control.c and
# control.h; "qemu/module" is instrument/qemu/module.c and .h).  Includes
# come from `#include "..."` lines; calls (and data references) from `nm`
# of each built object: an object's undefined symbol that another object
# of the same link defines is an edge between their units.  Exits 1, with
# one line per problem, on a cycle in either graph, on an object that
# defines a qi_* function outside api-*.c, and on one that uses a qi_*
# function of api-*.c.  --layers prints each unit's layer (the longest
# chain of calls below it) with its line count.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import glob
import os
import re
import subprocess
import sys

# The runtime's entry point for backend modules (qemu/backend.h): exported
# like the API, but no part of it.
ENTRY_POINTS = {"qi_runtime_install"}

# Objects per link: the core library, and each runtime module (which also
# links the core's exports).
LINKS = {
    "core": "instrument/.libs/libqemu_instr_la-*.o",
    "v1": "instrument/qemu/.libs/instr_v1_la-*.o",
    "v2": "instrument/qemu/.libs/instr_v2_la-*.o",
}


def unit_of(path, instrument):
    """The unit of a file under @instrument: its path without extension."""
    return os.path.splitext(os.path.relpath(path, instrument))[0]


def sources(instrument):
    return sorted(glob.glob(os.path.join(instrument, "*.[ch]")) +
                  glob.glob(os.path.join(instrument, "qemu", "*.[ch]")))


def include_graph(srcdir, instrument):
    graph = {}
    include = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    for path in sources(instrument):
        unit = unit_of(path, instrument)
        graph.setdefault(unit, set())
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = include.match(line)
                if not m:
                    continue
                # As the compiler looks: the file's directory, then -I top.
                for base in (os.path.dirname(path), srcdir):
                    target = os.path.normpath(os.path.join(base, m.group(1)))
                    if os.path.exists(target):
                        break
                else:
                    continue
                if os.path.commonpath([target, instrument]) == instrument:
                    other = unit_of(target, instrument)
                    if other != unit:
                        graph[unit].add(other)
    return graph


def nm(path, *flags):
    out = subprocess.run(["nm", *flags, path], check=True,
                         capture_output=True, text=True).stdout
    return [line.split()[-2:] for line in out.splitlines() if line.strip()]


def objects(builddir, instrument):
    """{link: {unit: object path}} for the objects whose source exists."""
    found = {}
    for link, pattern in LINKS.items():
        found[link] = {}
        for obj in glob.glob(os.path.join(builddir, pattern)):
            name = os.path.basename(obj)[:-2].split("-", 1)[1]
            sub = "qemu" if link != "core" else ""
            source = os.path.join(instrument, sub, name + ".c")
            if os.path.exists(source):
                found[link][unit_of(source, instrument)] = obj
    return found


def call_graph(objs, problems):
    graph = {}
    core_defs = {}
    for unit, obj in objs["core"].items():
        for kind, sym in nm(obj, "--defined-only", "--extern-only"):
            core_defs[sym] = unit
    for link, units in objs.items():
        defs = dict(core_defs) if link != "core" else {}
        for unit, obj in units.items():
            for kind, sym in nm(obj, "--defined-only", "--extern-only"):
                defs[sym] = unit
        for unit, obj in units.items():
            graph.setdefault(unit, set())
            for _, sym in nm(obj, "--undefined-only"):
                other = defs.get(sym)
                if other is None:
                    continue
                if (sym.startswith("qi_") and sym not in ENTRY_POINTS and
                        not is_api(unit) and is_api(other)):
                    problems.append("instrument/%s.c uses the public API "
                                    "function %s (instrument/%s.c): call "
                                    "the core function under it"
                                    % (unit, sym, other))
                if other != unit:
                    graph[unit].add(other)
    for sym, unit in sorted(core_defs.items()):
        if (sym.startswith("qi_") and sym not in ENTRY_POINTS and
                not is_api(unit)):
            problems.append("instrument/%s.c defines the public API function "
                            "%s: public functions live in api-*.c"
                            % (unit, sym))
    return graph


def is_api(unit):
    return os.path.basename(unit).startswith("api-")


def cycles(graph):
    """Strongly connected components of more than one unit (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return result


def describe(graph, component):
    """The edges inside @component, e.g. "a -> b, b -> a"."""
    return ", ".join("%s -> %s" % (a, b) for a in component
                     for b in sorted(graph[a]) if b in component)


def layers(graph):
    depth = {}

    def layer(v):
        if v not in depth:
            depth[v] = 0
            depth[v] = 1 + max((layer(w) for w in graph.get(v, ())),
                               default=-1)
        return depth[v]

    for v in graph:
        layer(v)
    return depth


def main(argv):
    if len(argv) < 3:
        print("usage: check-layers.py SRCDIR BUILDDIR [--layers]",
              file=sys.stderr)
        return 2
    srcdir, builddir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    instrument = os.path.join(srcdir, "instrument")
    problems = []
    includes = include_graph(srcdir, instrument)
    objs = objects(builddir, instrument)
    for path in sources(instrument):
        unit = unit_of(path, instrument)
        if path.endswith(".c") and not any(unit in u for u in objs.values()):
            problems.append("instrument/%s.c: no object in %s (build first)"
                            % (unit, builddir))
    calls = call_graph(objs, problems)
    for component in cycles(includes):
        problems.append("include cycle between %d files: %s"
                        % (len(component), describe(includes, component)))
    for component in cycles(calls):
        problems.append("call cycle between %d files: %s"
                        % (len(component), describe(calls, component)))
    if "--layers" in argv and not cycles(calls):
        for unit, depth in sorted(layers(calls).items(),
                                  key=lambda item: (item[1], item[0])):
            files = [p for p in (os.path.join(instrument, unit + ext)
                                 for ext in (".c", ".h")) if os.path.exists(p)]
            count = sum(sum(1 for _ in open(p, encoding="utf-8"))
                        for p in files)
            print("L%d %-18s %5d lines" % (depth, unit, count))
    for problem in problems:
        print("check-layers: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
