#!/usr/bin/env bash
# The test command: set everything up, lint, then run the whole pytest suite twice, on the
# embedded SQLite database and on a real PostgreSQL server. Arguments go to pytest.
#
#   bash scripts/test.sh                     # everything
#   bash scripts/test.sh -k tenancy -x       # a selection, both databases
#   FAZHI_SKIP_POSTGRES=1 bash scripts/test.sh   # SQLite only
#
# Environment:
#   FAZHI_TEST_POSTGRES_URL  use this PostgreSQL database instead of starting a private server
#                            (postgresql+psycopg://user@host:port/db; the tests may empty it)
#   FAZHI_TEST_POSTGRES_PORT first port to try for the private server (default 55432)
#   FAZHI_SKIP_POSTGRES=1    skip the PostgreSQL pass
#   FAZHI_SKIP_LINT=1        skip ruff
#   PYTEST_ADDOPTS           extra pytest options for both passes (e.g. "-n 4"; the default is
#                            one worker per core, "-p no:xdist" runs in one process)
# The tests see FAZHI_TEST_DATABASE=sqlite or =postgres (with FAZHI_TEST_POSTGRES_URL).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash scripts/setup.sh
# shellcheck disable=SC1091
source "$VENV/bin/activate"
# Never let the tests touch a database configured for running the app (DATABASE_URL).
unset DATABASE_URL FAZHI_ENV

REPORTS="$(mktemp -d "${TMPDIR:-/tmp}/fazhi-junit.XXXXXX")"
# shellcheck disable=SC2016  # expanded when the trap runs
on_exit 'pg_stop; rm -rf "$REPORTS"'

if [ "${FAZHI_SKIP_LINT:-0}" != 1 ]; then
    say "ruff check"
    ruff check --quiet . || die "ruff found problems (fix them, or see 'ruff check --fix')"
fi

declare -a SUMMARY=()
failed=0

# run_pytest NAME ARGS...: one pass of the suite; records its outcome in SUMMARY.
run_pytest() {
    local name="$1" rc=0; shift
    say "pytest on $name"
    python -m pytest --junitxml="$REPORTS/$name.xml" "$@" || rc=$?
    case "$rc" in
        0) SUMMARY+=("$name: passed") ;;
        1) SUMMARY+=("$name: FAILED (some tests failed)"); failed=1 ;;
        5) SUMMARY+=("$name: FAILED (pytest collected no tests, exit 5: there must be tests to run)"); failed=1 ;;
        2) SUMMARY+=("$name: FAILED (pytest exit 2: interrupted, or errors while collecting)"); failed=1 ;;
        3) SUMMARY+=("$name: FAILED (pytest exit 3: internal error)"); failed=1 ;;
        4) SUMMARY+=("$name: FAILED (pytest exit 4: usage error: bad option, or a plugin in addopts failed to import)"); failed=1 ;;
        *) SUMMARY+=("$name: FAILED (pytest exit $rc)"); failed=1 ;;
    esac
}

# One pytest worker per core (pytest-xdist; an idle worker steals queued tests, so a long test
# does not leave the other cores waiting; each worker copies the session's migrated template
# database), unless the caller chose: -n N, --numprocesses, or -p no:xdist for one process.
declare -a PARALLEL=(-n auto --dist worksteal)
case " $* ${PYTEST_ADDOPTS:-} " in
    *" -n"* | *"--numprocesses"* | *"no:xdist"*) PARALLEL=() ;;
esac

FAZHI_TEST_DATABASE=sqlite run_pytest sqlite "${PARALLEL[@]}" "$@"

if [ "${FAZHI_SKIP_POSTGRES:-0}" = 1 ]; then
    SUMMARY+=("postgres: skipped (FAZHI_SKIP_POSTGRES=1)")
else
    if [ -z "${FAZHI_TEST_POSTGRES_URL:-}" ]; then
        pg_start
    else
        say "using the PostgreSQL server given by FAZHI_TEST_POSTGRES_URL"
    fi
    FAZHI_TEST_DATABASE=postgres run_pytest postgres "${PARALLEL[@]}" "$@"
    pg_stop
fi

# One closing line over both passes, counted from pytest's own JUnit reports.
totals="$(python - "$REPORTS" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET
t = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in glob.glob(sys.argv[1] + "/*.xml"):
    root = ET.parse(path).getroot()
    for suite in ([root] if root.tag == "testsuite" else root.iter("testsuite")):
        for key in t:
            t[key] += int(suite.get(key, 0))
passed = t["tests"] - t["failures"] - t["errors"] - t["skipped"]
print(f"{passed} passed, {t['failures'] + t['errors']} failed, {t['skipped']} skipped")
PY
)" || totals=""
echo
say "summary"
for line in "${SUMMARY[@]}"; do say "  $line"; done
[ -n "$totals" ] && echo "total: $totals"
exit "$failed"
