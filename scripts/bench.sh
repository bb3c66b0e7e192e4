#!/usr/bin/env bash
# Run every benchmark, tests/benchmarks/bench_*.py, one after the other and print its output.
# They are not part of the test command (they take minutes, not seconds).
#
#   bash scripts/bench.sh               # on the embedded SQLite database
#   bash scripts/bench.sh --postgres    # on PostgreSQL too: a private server is started (as in
#                                       # scripts/test.sh) unless FAZHI_TEST_POSTGRES_URL is set
# Other arguments are passed to every benchmark script.
# The benchmarks see FAZHI_BENCH_DATABASE=sqlite or =postgres (with FAZHI_TEST_POSTGRES_URL).
# The load test (tests/benchmarks/bench_load.py: gunicorn + locust, ~12 minutes plus building the
# demo) and the province demo's (tests/benchmarks/bench_province_demo.py: ~25 minutes) run in the
# PostgreSQL pass only; run one alone with
#   bash scripts/bench.sh --postgres --only load    (--only NAME: tests/benchmarks/bench_NAME.py)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

postgres=0 only="" args=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --postgres) postgres=1 ;;
        --only) [ "$#" -ge 2 ] || die "--only needs a benchmark name (e.g. --only load)"; only="$2"; shift ;;
        *) args+=("$1") ;;
    esac
    shift
done

bash scripts/setup.sh
# shellcheck disable=SC1091
source "$VENV/bin/activate"
unset DATABASE_URL FAZHI_ENV
on_exit pg_stop

shopt -s nullglob
if [ -n "$only" ]; then
    [ -f "tests/benchmarks/bench_$only.py" ] || die "no benchmark tests/benchmarks/bench_$only.py"
    benches=("tests/benchmarks/bench_$only.py")
else
    benches=(tests/benchmarks/bench_*.py)
fi
[ "${#benches[@]}" -gt 0 ] || die "no benchmarks found (tests/benchmarks/bench_${only:-*}.py)"

databases=(sqlite)
if [ "$postgres" = 1 ]; then
    databases+=(postgres)
fi
failed=()
for database in "${databases[@]}"; do
    if [ "$database" = postgres ] && [ -z "${FAZHI_TEST_POSTGRES_URL:-}" ]; then
        pg_start
    fi
    for bench in "${benches[@]}"; do
        echo
        say "== $bench on $database =="
        rc=0
        FAZHI_BENCH_DATABASE="$database" python "$bench" "${args[@]}" </dev/null || rc=$?
        [ "$rc" -eq 0 ] || failed+=("$bench on $database (exit $rc)")
    done
done
echo
if [ "${#failed[@]}" -gt 0 ]; then
    for f in "${failed[@]}"; do warn "benchmark failed: $f"; done
    exit 1
fi
say "all ${#benches[@]} benchmark(s) done on: ${databases[*]}"
