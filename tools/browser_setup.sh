#!/bin/sh
# Can the real-browser tests run here? Called by `make test`.
# They need Chromium at $CHROMIUM (default /usr/bin/chromium, Debian's package) and
# axe-core from npm (node_modules/). On Debian/Ubuntu this installs what is missing
# (apt-get as root, or through sudo without a password prompt).
# Exit 0: ready. Exit 1: they cannot run here; one line says why (make test runs the rest).
# Exit 2: the same, but BROWSER_TESTS=required (CI): a machine that should run them fails.
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

cannot() {
  if [ "${BROWSER_TESTS:-}" = required ]; then
    echo "make test: the browser tests cannot run: $1" >&2
    exit 2
  fi
  echo "make test: skipping the browser tests (the others run): $1; see README, \"Tests\"" >&2
  exit 1
}

if [ ! -x "$CHROMIUM" ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    cannot "they need Chromium at $CHROMIUM and this is not Debian/Ubuntu (no apt-get); install Chromium and npm, then CHROMIUM=/path/to/chromium make test"
  elif [ "$(id -u)" = 0 ]; then
    { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || cannot "apt-get could not install chromium"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    { sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; } || cannot "apt-get could not install chromium"
  else
    cannot "they need Debian's chromium at $CHROMIUM; install it once with: sudo apt-get install chromium"
  fi
  [ -x "$CHROMIUM" ] || cannot "chromium was installed but is not at $CHROMIUM; set CHROMIUM=/path/to/chromium"
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || cannot "the accessibility checks need axe-core from npm, and npm is not installed"
  npm install --no-audit --no-fund --silent >/dev/null 2>&1 || cannot "npm install (axe-core) failed"
fi
exit 0
