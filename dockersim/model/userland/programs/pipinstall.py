"""`pip install`: requirements, the resolver's order, and what pip prints while it works.

Output as pip 25 prints it (`Collecting X (from Y->Z)`, `  Downloading W.metadata (S)`, then
each wheel with a progress bar past 512 KiB, `Installing collected packages:` in pip's
topological order, the uninstalls of replaced versions, `Successfully installed` sorted);
the transfer rates on the progress bars are estimates.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import pkgindex as index
from dockersim.model.userland.programs.pipsite import Installed, installed, remove, write_dist

if TYPE_CHECKING:
    from dockersim.model.userland.programs.pip import Pip

_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*")
BAR = "━" * 40


@attrs.define
class Requirement:
    name: str  # as written
    spec: str
    #: what asked for it: `-r requirements.txt (line 1)`, a chain `Jinja2>=3.1.2->flask`, ""
    origin: str
    depth: int
    order: float

    @property
    def key(self) -> str:
        return index.canonical(self.name)

    @property
    def text(self) -> str:
        return self.name + self.spec


def parse(text: str, origin: str, depth: int, order: float) -> Requirement | None:
    found = _REQUIREMENT.fullmatch(text.split(";")[0])
    if found is None or (found.group(3) and not re.match(r"[<>=!~]", found.group(3))):
        return None
    if found.group(2):
        raise ValueError(f"extras ({found.group(1)}{found.group(2)})")
    return Requirement(found.group(1), found.group(3).replace(" ", ""), origin, depth, order)


def _requirements_file(run: Pip, name: str) -> list[tuple[str, str]] | None:
    try:
        text = run.ctx.fs.read(name, run.ctx.cwd).decode(errors="replace")
    except FsError:
        run.ctx.err.write(
            "ERROR: Could not open requirements file: [Errno 2] No such file or directory: "
            f"'{name}'\n"
        )
        return None
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        line = re.split(r"(^|\s)#", line)[0].strip()
        if line and not line.startswith("-"):
            found.append((line, f"-r {name} (line {number})"))
    return found


def _pick(reqs: list[Requirement], run: Pip) -> index.Release | None:
    """The newest release in the index meeting every requirement on that project."""
    python = tuple(int(p) for p in run.python.split(".")[:2])
    for release in sorted(
        index.releases().get(reqs[0].key, []),
        key=lambda r: index.version_key(r.version),
        reverse=True,
    ):
        if release.python <= python and all(index.satisfies(release.version, r.spec) for r in reqs):
            return release
    return None


def _not_found(run: Pip, req: Requirement) -> int:
    versions = ", ".join(index.history(req.key)) or "none"
    run.ctx.err.write(
        f"ERROR: Could not find a version that satisfies the requirement {req.text} "
        f"(from versions: {versions})\nERROR: No matching distribution found for {req.text}\n"
    )
    return 1


def install(run: Pip, args: list[str]) -> int:
    ctx = run.ctx
    options: set[str] = set()
    lines: list[tuple[str, str]] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-r", "--requirement") or arg.startswith("--requirement="):
            name = (
                arg.partition("=")[2] if "=" in arg else (args[i + 1] if i + 1 < len(args) else "")
            )
            i += 1 if "=" in arg else 2
            found = _requirements_file(run, name)
            if found is None:
                return 1
            lines += found
            continue
        if arg.startswith("-"):
            if arg not in (
                "-U",
                "--upgrade",
                "--no-cache-dir",
                "-q",
                "--quiet",
                "--root-user-action=ignore",
                "--disable-pip-version-check",
                "--no-compile",
                "--force-reinstall",
            ):
                raise ctx.not_simulated(f"option {arg} of pip install")
            options.add(arg)
        else:
            lines.append((arg, ""))
        i += 1
    if not lines:
        ctx.err.write(
            'ERROR: You must give at least one requirement to install (see "pip help install")\n'
        )
        return 1
    upgrade = bool(options & {"-U", "--upgrade"})
    roots: list[Requirement] = []
    for n, (text, origin) in enumerate(lines):
        try:
            req = parse(text, origin, 0, n)
        except ValueError as exc:
            raise ctx.not_simulated(f"pip install with {exc}") from None
        if req is None:
            ctx.err.write(f"ERROR: Invalid requirement: '{text}'\n")
            return 1
        roots.append(req)
    have = installed(run)
    criteria: dict[str, list[Requirement]] = {}
    chosen: dict[str, index.Release | Installed] = {}
    pending: list[str] = []
    graph: dict[str, list[str]] = {}
    names: dict[str, str] = {}

    def decide(reqs: list[Requirement]) -> index.Release | Installed | None:
        """The installed version if it does (and may) stay, else the newest that fits."""
        current = have.get(reqs[0].key)
        best = _pick(reqs, run)
        if current is not None and all(index.satisfies(current.version, r.spec) for r in reqs):
            eager = "--force-reinstall" in options or (upgrade and reqs[0].depth == 0)
            if (
                not eager
                or best is None
                or (best.version == current.version and "--force-reinstall" not in options)
            ):
                return current
        return best

    def add(req: Requirement) -> int:
        """A requirement met: pip's `Collecting` (or `already satisfied`) for a new project."""
        if req.key in criteria:
            criteria[req.key].append(req)
            return 0
        criteria[req.key] = [req]
        names[req.key] = req.name
        found = decide([req])
        if found is None:
            return _not_found(run, req)
        chosen[req.key] = found
        pending.append(req.key)
        where = f" (from {req.origin})" if req.origin else ""
        if isinstance(found, Installed):
            run.say(
                f"Requirement already satisfied: {req.text} in {run.site}{where} "
                f"({found.version})\n"
            )
            return 0
        run.say(f"Collecting {req.text}{where}\n")
        wheel = index.wheel(found, run.python, run.ctx.proc.arch)
        run.say(f"  Downloading {wheel}.metadata ({index.size_text(found.metadata)})\n")
        return 0

    for req in roots:
        if add(req):
            run.notice(options)
            return 1
    order: list[str] = []
    while pending:
        pending.sort(key=lambda k: _preference(criteria[k], run.version))
        key = pending.pop(0)
        order.append(key)
        graph[key] = []
        parent = criteria[key][0]
        for dep in chosen[key].requires:
            dep, wanted = index.applies(dep, run.python)
            if not wanted:
                continue
            sub = parse(dep, _chain(parent), parent.depth + 1, float("inf"))
            if sub is None:
                continue
            graph[key].append(sub.key)
            if add(sub):
                run.notice(options)
                return 1
    todo = [k for k in order if isinstance(chosen[k], index.Release)]
    for key in todo:
        release = chosen[key]
        assert isinstance(release, index.Release)
        wheel = index.wheel(release, run.python, run.ctx.proc.arch)
        run.say(_download(wheel, release.size))
    if todo:
        ctx.rec.advance(0.5 + sum(_size(chosen[k]) for k in todo) / 50e6)
        _finish(run, [k for k in _install_order(graph, set(todo))], chosen, names, have)
    run.root_warning(options)
    run.notice(options)
    return 0


def _size(found: index.Release | Installed) -> int:
    return found.size if isinstance(found, index.Release) else 0


def _finish(
    run: Pip,
    keys: list[str],
    chosen: dict[str, index.Release | Installed],
    names: dict[str, str],
    have: dict[str, Installed],
) -> None:
    run.say(f"Installing collected packages: {', '.join(names[k] for k in keys)}\n")
    done = []
    for key in keys:
        release = chosen[key]
        assert isinstance(release, index.Release)
        old = have.get(key)
        if old is not None:
            run.say(
                f"  Attempting uninstall: {names[key]}\n"
                f"    Found existing installation: {old.name} {old.version}\n"
                f"    Uninstalling {old.name}-{old.version}:\n"
                f"      Successfully uninstalled {old.name}-{old.version}\n"
            )
            remove(run, old)
        meta = _metadata_name(release)
        dist = Installed(
            meta,
            release.version,
            list(release.requires),
            f"{index.display(key).replace('-', '_')}-{release.version}.dist-info",
        )
        write_dist(run, dist)
        done.append(f"{names[key]}-{release.version}")
    run.say(f"Successfully installed {' '.join(sorted(done))}\n")


def _metadata_name(release: index.Release) -> str:
    """The Name in a release's METADATA (pip list shows it): est. for the Pallets projects."""
    special = {
        "werkzeug": "Werkzeug",
        "jinja2": "Jinja2",
        "markupsafe": "MarkupSafe",
        "django": "Django",
        "sqlalchemy": "SQLAlchemy",
        "pygments": "Pygments",
    }
    if release.name == "flask":
        return (
            "flask" if index.version_key(release.version) >= index.version_key("3.1.1") else "Flask"
        )
    return special.get(release.name, release.name)


def requirement_name(requirement: str) -> str:
    found = _REQUIREMENT.match(requirement)
    return found.group(1) if found else requirement


def _chain(req: Requirement) -> str:
    return req.text + (f"->{req.origin}" if req.origin else "")


def _preference(reqs: list[Requirement], pip: str) -> tuple[object, ...]:
    """pip's order for deciding projects (resolvelib's `get_preference`): pinned first; then
    before pip 25.1 the shallower, after it the upper-bounded; then the ones asked for (in
    order), the ones with a specifier, and by name."""
    specs = ",".join(r.spec for r in reqs)
    pinned = "==" in specs and "*" not in specs
    unfree = bool(specs)
    order = min(r.order for r in reqs)
    if pip >= "25.1":
        bounded = bool(re.search(r"<|~=", specs))
        return (not pinned, not bounded, order, not unfree, reqs[0].key)
    return (not pinned, min(r.depth for r in reqs), order, not unfree, reqs[0].key)


def _download(wheel: str, size: int) -> str:
    """`Downloading W (S)`, with pip's progress bar for files past 512 KiB."""
    text = f"Downloading {wheel} ({index.size_text(size)})\n"
    if size > 512 * 1024:
        done = index.size_text(size).split()
        rate = "45.2 MB/s" if size > 5e6 else "18.6 MB/s"  # est.
        text += f"   {BAR} {done[0]}/{done[0]} {done[1]} {rate} eta 0:00:00\n"
    return text


def _install_order(graph: dict[str, list[str]], todo: set[str]) -> list[str]:
    """pip's installation order: weights from pruning leaves (a leaf weighs the size of the
    graph left), heaviest first, then by name descending."""
    left = {k: [c for c in v if c in graph] for k, v in graph.items()}
    weights: dict[str, int] = {}
    while left:
        leaves = [k for k, children in left.items() if not any(c in left for c in children)]
        if not leaves:  # a cycle: what is left weighs the same
            leaves = list(left)
        for leaf in leaves:
            weights[leaf] = len(left)
        for leaf in leaves:
            del left[leaf]
    return sorted(todo, key=lambda k: (weights.get(k, 0), k), reverse=True)
