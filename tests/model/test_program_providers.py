"""The table of which module registers which program is true, and lookups import only what
they need (issue 14: `docker run alpine echo hi` must not import tar, pip or the evaluators)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys

from dockersim.model.userland import programs

PACKAGE = "dockersim.model.userland.programs"


def test_every_program_a_module_registers_is_in_the_table_under_that_module():
    for module in set(programs.PROVIDERS.values()):
        importlib.import_module(f"{PACKAGE}.{module}")
    registered = {
        name: fn.__module__.removeprefix(PACKAGE + ".")
        for name, fn in programs.REGISTRY.items()
        if fn.__module__.startswith(PACKAGE + ".")
        and fn.__module__.removeprefix(PACKAGE + ".") in set(programs.PROVIDERS.values())
    }
    assert registered == programs.PROVIDERS


def test_a_lookup_imports_the_module_of_that_program_only():
    script = f"""
import sys
from dockersim.model.userland import programs
from dockersim.model.userland.runner import shell_program  # the shells: always there
loaded = lambda: sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("{PACKAGE}."))
before = set(loaded())
assert programs.lookup("echo") is not None
assert programs.lookup("python3.12") is not None  # a versioned name finds its module too
assert programs.lookup("no-such-program") is None
print(sorted(set(loaded()) - before))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    new = ast.literal_eval(done.stdout)  # a list of module names
    assert "system" in new and "pkgs" in new
    assert not {"archive", "pip", "sed", "devtools", "jq"} & set(new)
