#!/usr/bin/env bash
# Installs rootful podman 4.3.1 (Debian) and runc for the `real` parity tests
# (tests/parity/), per shared/spec/oracle.md. Never fails the CI run: on any problem it prints
# one line starting "install-podman: NOT INSTALLED" and exits 0, and those tests then skip.
# The per-run configuration (containers.conf with a nofile limit this machine allows, runc,
# cgroupfs, a private --root/--runroot) is written by dockersim/testing/parity.py into a
# temporary directory at test time, so nothing under /etc is touched here.
set -u

say() { echo "install-podman: $*"; }

if [ "$(id -u)" != 0 ]; then
    say "NOT INSTALLED: needs root (rootful podman); the parity tests will skip"
    exit 0
fi

if command -v podman >/dev/null 2>&1 && command -v runc >/dev/null 2>&1 \
    && [ -x /bin/busybox ]; then
    say "already present: $(podman --version 2>&1)"
else
    log="$(mktemp)"
    if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
        --no-install-recommends podman runc busybox-static; } >"$log" 2>&1; then
        tail -n 5 "$log" | sed 's/^/install-podman:   /'
        say "NOT INSTALLED: apt-get failed; the parity tests will skip"
        rm -f "$log"
        exit 0
    fi
    rm -f "$log"
    say "installed: $(podman --version 2>&1)"
fi

# Smoke test with a throw-away private store, the same configuration the tests use.
tmp="$(mktemp -d)"
nofile="$(ulimit -Hn)"
cat >"$tmp/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]
[engine]
runtime = "runc"
events_logger = "file"
cgroup_manager = "cgroupfs"
CONF
pm() {
    CONTAINERS_CONF="$tmp/containers.conf" timeout 60 podman \
        --root "$tmp/root" --runroot "$tmp/run" --tmpdir "$tmp/tmp" "$@"
}
mkdir -p "$tmp/rootfs/bin" && cp /bin/busybox "$tmp/rootfs/bin/"
if tar -C "$tmp/rootfs" -c . | pm import - smoke:1 >/dev/null 2>&1 \
    && out="$(pm run --rm --network none smoke:1 /bin/busybox echo ok 2>&1)" \
    && [ "$out" = ok ]; then
    say "usable: a container ran"
else
    say "NOT USABLE: podman is installed but a smoke container failed; the parity tests will skip"
fi
pm rm -a -f >/dev/null 2>&1
pm system reset -f >/dev/null 2>&1
umount -R "$tmp/root" >/dev/null 2>&1
umount -R "$tmp/run" >/dev/null 2>&1
rm -rf "$tmp" 2>/dev/null
exit 0
