# shellcheck shell=bash
# Helpers shared by scripts/*.sh. Source it: it defines ROOT, VENV and functions, and runs nothing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this file
VENV="$ROOT/.venv"

_tag() { printf '[%s]' "$(basename "${0%.sh}")"; }
say() { printf '%s %s\n' "$(_tag)" "$*"; }
warn() { printf '%s 警告 / warning: %s\n' "$(_tag)" "$*" >&2; }
die() { printf '%s 错误 / error: %s\n' "$(_tag)" "$*" >&2; exit 1; }

# quietly DESCRIPTION CMD...: run CMD with its output kept in a log; show the log only on failure.
quietly() {
    local what="$1"; shift
    local log rc=0
    log="$(mktemp "${TMPDIR:-/tmp}/fazhi-log.XXXXXX")"
    "$@" >"$log" 2>&1 </dev/null || rc=$?
    if [ "$rc" -ne 0 ]; then
        printf '%s 错误 / error: %s failed (exit %s). Output:\n' "$(_tag)" "$what" "$rc" >&2
        tail -n 80 "$log" >&2
        rm -f "$log"
        return "$rc"
    fi
    # Warnings still matter: pass through lines that look like them (not pip's notes about
    # index locations of this machine's pip configuration that do not exist).
    grep -iE '^(warning|error|e:|w:)' "$log" | grep -vE 'is ignored: it is neither a file nor a directory' >&2 || true
    rm -f "$log"
}

# as_root CMD...: run CMD as root (sudo when we are not root).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run '$*' and sudo is not installed"
    fi
}

# ---------------------------------------------------------------- private PostgreSQL server
# pg_start: start a throw-away PostgreSQL cluster on 127.0.0.1 (trust auth) and export
#   FAZHI_TEST_POSTGRES_URL. PostgreSQL refuses to run as root, so as root the cluster belongs
#   to the `postgres` user. pg_stop (installed as an EXIT trap by the caller) removes it.
PG_TMP=""
PG_BIN=""
PG_AS=()

pg_start() {
    # shellcheck disable=SC2012  # version-sorted directory names
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] ||
        die "PostgreSQL server binaries not found under /usr/lib/postgresql (run scripts/setup.sh)"
    PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/fazhi-pg.XXXXXX")"
    chmod 755 "$PG_TMP"
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd postgres >/dev/null || die "the 'postgres' user is missing (install postgresql)"
        chown postgres:postgres "$PG_TMP"
        PG_AS=(runuser -u postgres --)
    else
        PG_AS=()
    fi
    # C.UTF-8, not C: with LC_CTYPE=C pg_trgm drops every non-ASCII character (no Chinese trigrams).
    (cd "$PG_TMP" && quietly "initdb" "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres \
        -A trust -E UTF8 --locale=C.UTF-8) || die "initdb failed"
    local port tries=0
    port="${FAZHI_TEST_POSTGRES_PORT:-55432}"
    while :; do
        if ! _port_busy "$port" &&
            (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
                -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
                start >/dev/null 2>&1 </dev/null); then
            break
        fi
        tries=$((tries + 1))
        if [ "$tries" -ge 20 ]; then
            tail -n 30 "$PG_TMP/server.log" >&2 2>/dev/null || true
            die "could not start PostgreSQL (tried ports ${FAZHI_TEST_POSTGRES_PORT:-55432}..$port)"
        fi
        port=$((port + 1))
    done
    PG_PORT="$port"
    quietly "createdb fazhi_test" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres fazhi_test ||
        die "could not create database fazhi_test"
    export FAZHI_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/fazhi_test"
    say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT (data in $PG_TMP)"
}

pg_stop() {
    [ -n "$PG_TMP" ] || return 0
    trap '' PIPE  # the reader of our output may be gone; clean up all the same
    if [ -f "$PG_TMP/data/postmaster.pid" ]; then
        (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w -t 60 stop \
            >/dev/null 2>&1 </dev/null) ||
            (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop \
                >/dev/null 2>&1 </dev/null) || warn "could not stop PostgreSQL in $PG_TMP" || true
        say "PostgreSQL stopped" 2>/dev/null || true
    fi
    rm -rf "$PG_TMP"
    PG_TMP=""
}

# on_exit COMMANDS: run COMMANDS when the script ends, also on Ctrl+C, kill, hang-up or a
# closed output pipe (e.g. `bash scripts/test.sh | head`).
on_exit() {
    # shellcheck disable=SC2064
    trap "$1" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    trap 'exit 141' PIPE
}

_port_busy() {
    # Something already listens on 127.0.0.1:$1?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
