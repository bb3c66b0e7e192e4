#!/usr/bin/env bash
# The run command: set everything up, build the embedded SQLite database in the instance folder
# with the demo data (first run only), print the demo logins, then start the Procfile's processes
# on it (web server on http://127.0.0.1:5000, event worker, circular worker, deadline scan).
#
#   bash scripts/run.sh             # set up (if needed) and serve
#   bash scripts/run.sh --reset     # throw the embedded database away and load the demo again
#   bash scripts/run.sh --no-serve  # set up and load, then stop (no server)
#
# Environment: FAZHI_HOST (default 127.0.0.1), FAZHI_PORT (default 5000),
#              FAZHI_INSTANCE_PATH (default ./instance).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

reset=0 serve=1
for arg in "$@"; do
    case "$arg" in
        --reset) reset=1 ;;
        --no-serve) serve=0 ;;
        -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option '$arg' (try --help)" ;;
    esac
done

HOST="${FAZHI_HOST:-127.0.0.1}"
PORT="${FAZHI_PORT:-5000}"
INSTANCE="${FAZHI_INSTANCE_PATH:-$ROOT/instance}"
DB="$INSTANCE/fazhi.sqlite3"
LOGINS="$INSTANCE/demo-logins.txt"
# Everything the demo leaves in the instance folder; --reset removes it.
DEMO_STATE=("$DB" "$DB-wal" "$DB-shm" "$LOGINS" "$LOGINS.tmp" "$INSTANCE/attachments")

if [ "$serve" = 1 ] && (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
    die "$HOST:$PORT is already in use (another Fazhi still running?); stop it or set FAZHI_PORT"
fi

bash scripts/setup.sh
# shellcheck disable=SC1091
source "$VENV/bin/activate"

# This command is the embedded demo: it never touches a database configured for production.
if [ -n "${DATABASE_URL:-}" ]; then
    warn "ignoring DATABASE_URL: scripts/run.sh always uses the embedded SQLite database ($DB)"
    unset DATABASE_URL
fi
if [ -n "${FAZHI_ENV:-}" ] && [ "$FAZHI_ENV" != default ]; then
    warn "ignoring FAZHI_ENV=$FAZHI_ENV: scripts/run.sh runs the default (demo) settings"
    unset FAZHI_ENV
fi
export FLASK_APP=wsgi
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$INSTANCE"

if [ "$reset" = 1 ]; then
    say "--reset: removing the embedded database and demo files in $INSTANCE"
    rm -rf "${DEMO_STATE[@]}"
fi

fresh=0
[ -f "$DB" ] || fresh=1
if [ "$fresh" = 1 ]; then
    # A half-built database would make the next run skip the demo: remove it if we fail.
    trap 'rc=$?; if [ "$rc" -ne 0 ]; then rm -rf "${DEMO_STATE[@]}"; fi' EXIT
fi

say "migrating the database ($DB)"
quietly "flask db upgrade heads" flask --app wsgi db upgrade heads || die "migration failed"

if [ "$fresh" = 1 ]; then
    say "loading the demo data (荆门市 and its counties; first run only)"
    if ! flask --app wsgi demo </dev/null | tee "$LOGINS.tmp"; then
        die "loading the demo data failed (see above); the next run starts from scratch again"
    fi
    mv "$LOGINS.tmp" "$LOGINS"
    # Two years of demo records leave deadlines missed and events to deliver: settle them now, so
    # the suite starts with every 督办 issued and nothing waiting (the workers keep it so).
    say "scanning the demo's deadlines and delivering its events (first run only)"
    quietly "flask deadlines scan" flask --app wsgi deadlines scan --no-deliver || die "the deadline scan failed"
    quietly "flask events work --once" flask --app wsgi events work --once || die "delivering the demo's events failed"
    trap - EXIT
else
    say "the database exists: demo data not loaded again (use --reset to start over)"
fi

URL="http://$HOST:$PORT/"
echo
echo "============================================================"
echo " 法治 Fazhi:  $URL"
if [ "$fresh" = 0 ] && [ -s "$LOGINS" ]; then
    echo " 演示账号 / demo logins (as printed when the demo was loaded):"
    sed 's/^/   /' "$LOGINS"
elif [ "$fresh" = 0 ]; then
    echo " 没有演示账号记录 / no demo logins recorded: create one with"
    echo "   .venv/bin/flask --app wsgi users create"
else
    echo " 演示账号 / demo logins: see above (also kept in $LOGINS)"
fi
echo "============================================================"

if [ "$serve" = 0 ]; then
    exit 0
fi
say "starting the suite on $URL: web server, event worker, circular worker, deadline scan (Ctrl+C stops them all)"
# The same process list as production (Procfile), on the embedded database: without the event
# worker and the scan, events would wait and missed deadlines would draw no 督办 notice.
export FAZHI_HOST="$HOST" FAZHI_PORT="$PORT" FAZHI_WEB_WORKERS="${FAZHI_WEB_WORKERS:-2}"
exec honcho --procfile "$ROOT/Procfile" --app-root "$ROOT" start
