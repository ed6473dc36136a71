#!/usr/bin/env bash
# Installs what the browser tests need (tests/web/): Debian's chromium, driven by Playwright
# from PyPI (installed with the test extras; `playwright install` is never run: the tests
# launch /usr/bin/chromium), and the Pyodide package from the npm registry for the static
# export's test, packed into the cache dockersim/web/pyodide_dist.py reads. Never fails the
# CI run: on a problem it prints one line starting "install-browser: NOT INSTALLED" and exits
# 0, and those tests then skip with the reason.
set -u

say() { echo "install-browser: $*"; }

if command -v chromium >/dev/null 2>&1; then
    say "chromium already present: $(chromium --version 2>/dev/null | head -1)"
elif [ "$(id -u)" != 0 ]; then
    say "NOT INSTALLED: chromium needs root to install; the browser tests will skip"
else
    log="$(mktemp)"
    if { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
        --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
        say "installed: $(chromium --version 2>/dev/null | head -1)"
    else
        tail -n 5 "$log" | sed 's/^/install-browser:   /'
        say "NOT INSTALLED: apt-get failed; the browser tests will skip"
    fi
    rm -f "$log"
fi

version="$(python -c 'from dockersim.web.pyodide_dist import VERSION; print(VERSION)' 2>/dev/null)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/dockersim"
if [ -z "$version" ]; then
    say "NOT INSTALLED: no Pyodide version pinned; the export's browser test will skip"
elif ls "$cache"/pyodide-"$version".tgz >/dev/null 2>&1; then
    say "pyodide $version already in $cache"
elif command -v npm >/dev/null 2>&1 && mkdir -p "$cache" \
    && (cd "$cache" && npm pack --silent "pyodide@$version" >/dev/null 2>&1); then
    say "pyodide $version packed into $cache"
else
    say "NOT INSTALLED: npm pack pyodide@$version failed; the export's browser test will skip"
fi
exit 0
