"""What `docker compose ps`, `ls` and `logs` print (cmd/formatter, cmd/compose)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.compose import ops

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container


def short_name(c: Container) -> str:
    """The name without the project (`web-1`), as the log prefixes show it."""
    project = c.config.labels.get(ops.PROJECT, "")
    name = c.display_name
    return name[len(project) + 1 :] if name.startswith(project + "-") else name


def ps_table(engine: Engine, containers: list[Container]) -> str:
    """cmd/formatter/container.go: NAME IMAGE COMMAND SERVICE CREATED STATUS PORTS."""
    from dockersim.docker.commands.ps import ports_text
    from dockersim.docker.render.gofmt import go_quote
    from dockersim.docker.render.table import ellipsis, render_table
    from dockersim.model.humanize import human_duration

    rows = [("NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS")]
    for c in containers:
        rows.append((
            c.display_name,
            c.image_ref,
            go_quote(ellipsis(c.ps_command, 20)),
            c.config.labels.get(ops.SERVICE, ""),
            f"{human_duration(engine.now - c.created)} ago",
            c.state.status_text(engine.now),
            ports_text(c),
        ))  # fmt: skip
    return render_table(rows)


def ls_table(engine: Engine, all_: bool) -> list[tuple[str, str, str]]:
    """pkg/compose/ls.go: one row per project, statuses counted and sorted, config files."""
    projects: dict[str, list[Container]] = {}
    for c in engine.container_list():
        project = c.config.labels.get(ops.PROJECT)
        if project is None or (not all_ and not c.state.running):
            continue
        projects.setdefault(project, []).append(c)
    rows = []
    for name in sorted(projects):
        containers = projects[name]
        counts: dict[str, int] = {}
        files: list[str] = []
        for c in containers:
            counts[c.state.status] = counts.get(c.state.status, 0) + 1
            for f in c.config.labels.get("com.docker.compose.project.config_files", "").split(","):
                if f not in files:
                    files.append(f)
        status = ", ".join(f"{s}({n})" for s, n in sorted(counts.items()))
        rows.append((name, status, ",".join(files)))
    return rows


def log_lines(
    engine: Engine, containers: list[Container], tail: int | None, prefix: bool
) -> tuple[list[tuple[float, str, str]], int]:
    """(time, stream, line) for each log line, oldest first, with the `web-1  | ` prefix
    (cmd/formatter/logs.go: names padded to the longest plus one); also the prefix width.
    Output without a newline waits for the rest of its line, as the daemon's log copier
    keeps a partial line (stamped with the time of its first part) until its end."""
    width = max((len(short_name(c)) for c in containers), default=0) + 1
    out: list[tuple[float, str, str]] = []
    now = engine.now
    for c in containers:
        lines: list[tuple[float, str, str]] = []
        partial: dict[str, tuple[float, str]] = {}
        for when, stream, text in c.logs:
            if when > now:
                continue
            if stream in partial:
                first, head_text = partial.pop(stream)
                when, text = first, head_text + text
            if not text.endswith("\n"):
                text, _, rest = text.rpartition("\n")
                partial[stream] = (when, rest)
            for line in text.splitlines():
                lines.append((when, stream, line))
        if tail is not None:
            lines = lines[-tail:] if tail > 0 else []
        head = f"{short_name(c):<{width}} | " if prefix else ""
        out.extend((when, stream, f"{head}{line}\n") for when, stream, line in lines)
    out.sort(key=lambda item: item[0])
    return out, width
