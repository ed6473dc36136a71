"""Run a function on a module as soon as it has been imported (at once, if it already has).

The caches the `dockersim` command keeps between processes (attrscode, cli/parsecache) hook a
module they must not import themselves: importing it early would cost the start-up they save.
A finder on `sys.meta_path` waits for the module's name, lets the real finder find it, and
wraps its loader so that the function runs once the module's code has run.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not typing's: dockersim's package start-up does not import typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from types import ModuleType
    from typing import Any


def when_imported(name: str, then: Callable[[ModuleType], None]) -> None:
    """Call `then(module)` once `name` is imported (idempotent per name)."""
    module = sys.modules.get(name)
    if module is not None:
        then(module)
    elif not any(isinstance(f, _Finder) and f.name == name for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder(name, then))


class _Finder:
    """Finds nothing itself: when `name` is imported, wraps the loader that does."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.then = then

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _Loader(spec.loader, self.then)
                return spec
        return None


class _Loader:
    """The real loader, then `then` on the module it ran."""

    def __init__(self, inner: Any, then: Callable[[ModuleType], None]) -> None:
        self.inner = inner
        self.then = then

    def create_module(self, spec: Any) -> Any:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.inner.exec_module(module)
        self.then(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
