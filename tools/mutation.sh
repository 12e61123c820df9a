#!/bin/sh
# Mutation testing of engine/ with mutmut 3 (configuration: pyproject.toml [tool.mutmut]).
# Not part of `pytest`. Each mutant runs only the engine tests that cover the function it changes.
#
#   tools/mutation.sh engine.rules engine.optim.gradient   mutate and test these modules (one at a time)
#   tools/mutation.sh 'engine.optim.adaptive.xǁAdamǁ*'       a pattern ending in * is passed as it is (here:
#                                                           the methods of one class)
#   tools/mutation.sh --score                               killed / total per module, so far
#   tools/mutation.sh --survivors [MODULE]                  the surviving mutants (then: mutmut show NAME)
#   tools/mutation.sh --rerun [MODULE]                      test the survivors again (after new tests: mutmut
#                                                           keeps a result until the mutated function changes)
#
# JOBS (default 1) worker processes: the machine is shared. Results accumulate in mutants/ (ignored by
# git); delete it after engine/ or the tests changed a lot. Mutants listed in tools/mutation-equivalent.txt
# change no behaviour (docs/design.md says why, by category) and are left out of the score.
set -eu
cd "$(dirname "$0")/.."
JOBS=${JOBS:-1}

score() {
    python - "$@" <<'PY'
import collections, json, pathlib, sys
equivalent = {line.split("#")[0].strip() for line in pathlib.Path("tools/mutation-equivalent.txt").read_text().splitlines()}
equivalent.discard("")
only = sys.argv[1] if len(sys.argv) > 1 else ""
rows = collections.defaultdict(collections.Counter)
for meta in sorted(pathlib.Path("mutants/engine").rglob("*.py.meta")):
    module = str(meta.relative_to("mutants"))[: -len(".py.meta")].replace("/", ".").removesuffix(".__init__")
    for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
        if code is None:
            continue  # not run yet
        status = ("equivalent" if name in equivalent else "killed" if code in (1, 3) else "survived" if code == 0
                  else "no tests" if code in (5, 33) else "timeout" if code in (24, -24, 36, 152, 255) else "other")
        if only == "--survivors":
            if status == "survived":
                print(name)
            continue
        rows[module][status] += 1
if only == "--survivors":
    sys.exit()
total = collections.Counter()
print(f"{'module':34} {'killed':>6} {'total':>6} {'score':>6}  survived  no-tests  timeout  equivalent")
for module, c in sorted(rows.items()):
    n = c["killed"] + c["survived"] + c["no tests"] + c["timeout"] + c["other"]
    total.update(c)
    print(f"{module:34} {c['killed'] + c['timeout']:6} {n:6} {100 * (c['killed'] + c['timeout']) / max(n, 1):5.1f}%"
          f"  {c['survived']:8}  {c['no tests']:8}  {c['timeout']:7}  {c['equivalent']:10}")
n = total["killed"] + total["survived"] + total["no tests"] + total["timeout"] + total["other"]
print(f"{'all':34} {total['killed'] + total['timeout']:6} {n:6} {100 * (total['killed'] + total['timeout']) / max(n, 1):5.1f}%")
PY
}

case "${1:-}" in
    --score) score ;;
    --survivors) shift; score --survivors | grep -F "${1:-engine}" || true ;;
    --rerun)
        shift
        names=$(score --survivors | grep -F "${1:-engine}" || true)
        # shellcheck disable=SC2086  # one argument per mutant name
        [ -z "$names" ] || python -m mutmut run --max-children "$JOBS" $names
        score
        ;;
    "") echo "usage: tools/mutation.sh MODULE... | --score | --survivors [MODULE]" >&2; exit 2 ;;
    *)
        for module in "$@"; do
            case "$module" in
                *\*) python -m mutmut run --max-children "$JOBS" "$module" ;;
                *) python -m mutmut run --max-children "$JOBS" "$module.*" ;;
            esac
        done
        score
        ;;
esac
