#!/usr/bin/env bash
# Refresh the core's English catalog from the Chinese msgids in code and templates, then compile.
#   bash scripts/i18n.sh            # extract + update + compile
# Translate new entries in core/translations/en/LC_MESSAGES/messages.po, then run it again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYBABEL="${PYBABEL:-.venv/bin/pybabel}"
"$PYBABEL" extract -q -F babel.cfg -k _l -k lazy_gettext -o /tmp/fazhi-messages.pot . 2>/dev/null \
  || "$PYBABEL" extract -F babel.cfg -k _l -k lazy_gettext -o /tmp/fazhi-messages.pot . >/dev/null
"$PYBABEL" update -i /tmp/fazhi-messages.pot -d core/translations -l en --no-fuzzy-matching >/dev/null
"$PYBABEL" compile -d core/translations -l en >/dev/null
echo "core/translations/en updated and compiled"
