#!/usr/bin/env bash
# The engine's architecture figures, measured from its compiled classes with jdeps (so fully
# qualified names written inline count as much as imports):
#   - dependencies that run upward: class A -> class B where B's layer is above A's;
#   - pairs of packages that depend on each other both ways;
#   - the largest source file (lines) of the engine, and of every module's main sources;
#   - public top-level types: in all, in the API packages (io.recast.engine, .api, .metrics) and
#     outside them (before the internal packages, everything outside the API was public API).
# The layers, from the bottom up (a package's layer is the first pattern that matches it):
#   api      io.recast.engine.api, and the old root value types (options, results, exceptions)
#   sql      *.sql
#   runtime  *.runtime
#   steps    every other package of the engine
#   run      *.run, and the old orchestration packages job and plan
#   facade   io.recast.engine (the facade class) and io.recast.engine.metrics
# Usage: scripts/architecture.sh            (compiles the engine afresh first: mvn -pl engine clean compile)
#        scripts/architecture.sh --list     (also lists every upward dependency and two-way pair)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

classes=engine/target/classes
mvn -B -ntp -q -pl engine clean compile >&2
deps=$(mktemp)
trap 'rm -f "$deps"' EXIT
jdeps -verbose:class -filter:none -e 'io\.recast\..*' "$classes" > "$deps"

python3 - "$deps" "${1:-}" <<'EOF'
import os, re, sys, collections

deps_file, mode = sys.argv[1], sys.argv[2]
ROOT = "io.recast.engine"
OLD_FACADE = {"io.recast.engine.Rewriter", "io.recast.engine.Recast"}

def outer(c):
    return c.split("$")[0]

def package(c):
    return c.rsplit(".", 1)[0]

def layer(c):
    p = package(c)
    if p == ROOT:
        return 5 if c in OLD_FACADE else 0
    rest = p[len(ROOT) + 1:].split(".")
    if rest[0] == "api":
        return 0
    if rest[0] == "metrics":
        return 5
    last = rest[-1]
    if last == "sql":
        return 1
    if last == "runtime":
        return 2
    if last == "run" or (rest[0] in ("job", "plan") and len(rest) == 1):
        return 4
    return 3

NAMES = {0: "api", 1: "sql", 2: "runtime", 3: "steps", 4: "run", 5: "facade"}
edges = set()
for line in open(deps_file):
    m = re.match(r"\s+(io\.recast\.engine\S*)\s+->\s+(io\.recast\.engine\S*)\s", line)
    if m:
        a, b = outer(m.group(1)), outer(m.group(2))
        if a != b:
            edges.add((a, b))

upward = sorted((a, b) for a, b in edges if layer(b) > layer(a))
pkg_edges = {(package(a), package(b)) for a, b in edges if package(a) != package(b)}
two_way = sorted({tuple(sorted(e)) for e in pkg_edges if (e[1], e[0]) in pkg_edges})

def largest_of(dirs):
    best, where = 0, ""
    for top in dirs:
        for d, _, names in os.walk(top):
            for n in names:
                if n.endswith(".java"):
                    path = os.path.join(d, n)
                    lines = open(path, encoding="utf-8").read().count("\n")
                    if lines > best:
                        best, where = lines, path
    return best, where

src = "engine/src/main/java"
largest, largest_path, files, public, public_outside_api = 0, "", 0, 0, 0
all_largest, all_largest_path = largest_of(["engine/src/main/java", "cli/src/main/java", "benchmarks/src/main/java"])
for d, _, names in os.walk(src):
    for n in names:
        if not n.endswith(".java"):
            continue
        path = os.path.join(d, n)
        files += 1
        text = open(path, encoding="utf-8").read()
        lines = text.count("\n")
        if lines > largest:
            largest, largest_path = lines, path
        if re.search(r"^public\s+(?:(?:final|abstract|sealed|non-sealed|static)\s+)*(?:class|interface|record|enum|@interface)\s", text, re.M):
            public += 1
            pkg = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
            api = pkg in (ROOT, ROOT + ".api", ROOT + ".metrics")
            if not api:
                public_outside_api += 1

packages = sorted({package(a) for a, _ in edges} | {package(b) for _, b in edges})
print(f"packages                         {len(packages)}")
print(f"dependencies that run upward     {len(upward)}")
print(f"two-way package pairs            {len(two_way)}")
print(f"largest source file              {largest} lines ({largest_path})")
print(f"largest in any module's main     {all_largest} lines ({all_largest_path})")
print(f"public top-level types           {public} of {files}: {public - public_outside_api} in the API packages, "
      f"{public_outside_api} outside them")
if mode == "--list":
    for a, b in upward:
        print(f"  up   {a} ({NAMES[layer(a)]}) -> {b} ({NAMES[layer(b)]})")
    for a, b in two_way:
        print(f"  both {a} <-> {b}")
EOF
