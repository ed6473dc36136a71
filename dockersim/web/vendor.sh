#!/usr/bin/env bash
# Re-vendor the page's front-end packages from the npm registry into static/vendor/.
# Usage: bash dockersim/web/vendor.sh   (needs npm; checks each tarball's sha256 against the
# one recorded below, so a re-run gives the same files; to upgrade, change the versions and
# sums here and in static/vendor/VENDORED.md together).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dest="$here/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # package version sha256 -> unpacked in $work/<name>
    local package="$1" version="$2" sum="$3" name="${1##*/}"
    (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
    local tarball
    tarball="$(ls "$work"/*"$name-$version.tgz")"
    echo "$sum  $tarball" | sha256sum --check --quiet
    mkdir -p "$work/$name"
    tar -xzf "$tarball" -C "$work/$name"
}

fetch @xterm/xterm 6.0.0 908e66e04af6c8dc6b00dd3b54de088e2e81e5ed866284fd6c2fb3c2d1c7a3f6
fetch @xterm/addon-fit 0.11.0 26003b4517a132b64e4ff228fd88a5fda3fff5e606c76093f6dcff772e9ecec0

mkdir -p "$dest"
cp "$work/xterm/package/lib/xterm.mjs" "$dest/xterm.mjs"
cp "$work/xterm/package/css/xterm.css" "$dest/xterm.css"
cp "$work/xterm/package/LICENSE" "$dest/LICENSE.xterm"
cp "$work/addon-fit/package/lib/addon-fit.mjs" "$dest/addon-fit.mjs"
cp "$work/addon-fit/package/LICENSE" "$dest/LICENSE.addon-fit"
# the bundles end with a source map comment; the maps are not shipped
sed -i '/^\/\/# sourceMappingURL=/d' "$dest/xterm.mjs" "$dest/addon-fit.mjs"
echo "vendored into $dest"
