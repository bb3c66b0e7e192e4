#!/usr/bin/env bash
# Set up everything Fazhi needs on Debian 12 with Python 3.11: system packages (fonts for the
# circular PDFs, WeasyPrint's libraries, poppler, PostgreSQL for the tests), a virtualenv in
# .venv and the project installed in it with its test extras. Safe to run again: it only does
# what is missing (apt only for absent packages, pip only when pyproject.toml changed).
#
# Environment: FAZHI_PYTHON  interpreter to build .venv with (default: python3.11, else python3)
#              FAZHI_SETUP_SKIP_APT=1  leave system packages alone
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
    PIP_ROOT_USER_ACTION=ignore

# ------------------------------------------------------------------ interpreter
PY="${FAZHI_PYTHON:-}"
if [ -z "$PY" ]; then
    if command -v python3.11 >/dev/null 2>&1; then PY=python3.11; else PY=python3; fi
fi
command -v "$PY" >/dev/null 2>&1 || die "$PY not found: Fazhi needs Python 3.11 or newer"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
    die "$PY is $("$PY" -V 2>&1); Fazhi needs Python 3.11 or newer"

# ------------------------------------------------------------------ Debian packages
installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

# Fonts: Noto CJK (黑体/宋体), AR PL KaitiM GB (楷体), FandolFang from texlive-lang-chinese (仿宋).
# Libraries WeasyPrint loads at run time; pdftotext/pdftoppm for the PDF tests; PostgreSQL for tests;
# Debian's chromium for the browser journeys (tests/browser: Playwright drives /usr/bin/chromium, so
# nothing downloads a browser build at test time).
PACKAGES=(fonts-noto-cjk fonts-arphic-gkai00mp libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
    poppler-utils postgresql postgresql-contrib chromium)
NO_RECOMMENDS=(texlive-lang-chinese)
# Debian's own python3 has no ensurepip without python3-venv; other builds (pyenv, …) bring it.
if ! "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1; then PACKAGES+=(python3-venv); fi

if [ "${FAZHI_SETUP_SKIP_APT:-0}" != 1 ]; then
    command -v dpkg-query >/dev/null 2>&1 || die "this script expects Debian (dpkg/apt); install the packages by hand and set FAZHI_SETUP_SKIP_APT=1"
    missing=() missing_nr=()
    for p in "${PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
    for p in "${NO_RECOMMENDS[@]}"; do installed "$p" || missing_nr+=("$p"); done
    if [ "${#missing[@]}" -gt 0 ] || [ "${#missing_nr[@]}" -gt 0 ]; then
        say "installing Debian packages: ${missing[*]} ${missing_nr[*]}"
        APT=(as_root env DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0
            -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
        quietly "apt-get update" as_root apt-get -q -o DPkg::Lock::Timeout=600 update
        if [ "${#missing[@]}" -gt 0 ]; then
            quietly "apt-get install ${missing[*]}" "${APT[@]}" install "${missing[@]}"
        fi
        if [ "${#missing_nr[@]}" -gt 0 ]; then
            quietly "apt-get install ${missing_nr[*]}" "${APT[@]}" install --no-install-recommends "${missing_nr[@]}"
        fi
    fi

    # texlive keeps FandolFang in its own tree, which fontconfig (and so WeasyPrint) does not
    # search; point fontconfig at it once.
    FONTCONF=/etc/fonts/conf.d/09-fazhi-fandol.conf
    if ! fc-list : family 2>/dev/null | grep 'FandolFang' >/dev/null; then
        fandol="$(find /usr/share/texlive /usr/share/texmf /usr/share/fonts -name 'FandolFang-Regular.otf' \
            -print -quit 2>/dev/null || true)"
        if [ -z "$fandol" ]; then
            warn "FandolFang (仿宋) not found after installing texlive-lang-chinese; circulars fall back to another face"
        else
            conf="$(mktemp)"
            cat >"$conf" <<XML
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<!-- Written by Fazhi's scripts/setup.sh: the Fandol fonts (FandolFang 仿宋) from texlive. -->
<fontconfig>
  <dir>$(dirname "$fandol")</dir>
</fontconfig>
XML
            as_root install -m 644 "$conf" "$FONTCONF"
            rm -f "$conf"
            quietly "fc-cache" as_root fc-cache -s
        fi
    fi
fi

# ------------------------------------------------------------------ virtualenv and the package
STAMP="$VENV/.fazhi-install-stamp"
want_stamp="$(cat pyproject.toml | sha256sum | cut -d' ' -f1) $ROOT $("$PY" -c 'import sys; print(sys.version.split()[0])')"

if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    warn "$VENV is broken or too old; building it again"
    rm -rf "$VENV"
fi
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" != "$want_stamp" ] &&
    [ "$(cut -d' ' -f2- "$STAMP")" != "$(cut -d' ' -f2- <<<"$want_stamp")" ]; then
    # The repository moved or the interpreter changed: the venv's scripts point elsewhere.
    say "rebuilding $VENV (repository path or Python changed)"
    rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV with $("$PY" -V 2>&1)"
    rm -rf "$VENV"
    quietly "python -m venv" "$PY" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$want_stamp" ] ||
    ! "$VENV/bin/python" -c 'import importlib.metadata as m; m.distribution("fazhi")' >/dev/null 2>&1; then
    say "installing Fazhi and its dependencies into .venv (pip install -e '.[test]')"
    rm -f "$STAMP"
    quietly "pip install -e '.[test]'" "$VENV/bin/python" -m pip install -q -e '.[test]'
    printf '%s\n' "$want_stamp" >"$STAMP"
fi
say "ready: $("$VENV/bin/python" -V 2>&1) in .venv"
