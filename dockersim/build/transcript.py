"""The text the docker CLI prints for a build (pure functions of a `BuildReport`).

BuildKit (buildx 0.2x/0.30, buildkit util/progress/progressui): off a terminal the "plain"
display (`#N name`, `#N <status> done`, `#N 0.123 <log line>`, `#N CACHED`, `#N DONE 0.1s`,
blocks separated by a blank line, after `#0 building with "default" instance using docker
driver`); on a terminal the final screen of the "tty" display (`[+] Building 1.2s (9/9)
FINISHED`, one ` => name   0.0s` line per step, 80 columns). Warnings are summarised at the
end; a failure shows the failed step's last log lines, the Dockerfile excerpt and `ERROR:`.

Classic builder: the daemon's stream, after the CLI's `Sending build context` line.
"""

from __future__ import annotations

from collections.abc import Sequence

from dockersim.build.report import BuildReport, PullMessage, Status, Vertex

DESCRIPTION = 'building with "default" instance using docker driver'
CONSOLE_DESCRIPTION = "docker:default"
WIDTH = 80
ERROR_LOG_LINES = 10


def _status_lines(n: int, status: Status) -> list[str]:
    out = []
    if status.seconds > 0.01 and _opens_first(status):
        out.append(f"#{n} {status.text}\n")
    line = f"#{n} {status.text}"
    if status.seconds > 0.01:
        line += f" {status.seconds:.1f}s"
    if status.done:
        line += " done"
    out.append(line + "\n")
    return out


def _opens_first(status: Status) -> bool:
    return status.text.startswith(("exporting layers", "extracting "))


def plain(report: BuildReport) -> str:
    """The `--progress=plain` display (and `auto` off a terminal)."""
    out: list[str] = [f"#0 {DESCRIPTION}\n"]
    for n, vertex in enumerate(report.vertices, 1):
        out.append("\n")
        out.append(f"#{n} {vertex.name}\n")
        for status in vertex.statuses:
            out.extend(_status_lines(n, status))
        for warning in vertex.warnings:
            out.append(f"#{n} WARN: {warning}\n")
        for log in vertex.logs:
            out.append(f"#{n} {_stamp(log.at)} {log.text}\n")
        if vertex.error:
            out.append(f"#{n} ERROR: {vertex.error}\n")
        elif vertex.cached:
            out.append(f"#{n} CACHED\n")
        else:
            out.append(f"#{n} DONE {vertex.duration:.1f}s\n")
    out.append(_error_logs(report.vertices))
    return "".join(out) + _epilogue(report)


def _stamp(seconds: float) -> str:
    precision = 3 if seconds < 10 else (2 if seconds < 100 else 1)
    return f"{seconds:.{precision}f}"


def _error_logs(vertices: Sequence[Vertex]) -> str:
    out: list[str] = []
    for vertex in vertices:
        if not vertex.error:
            continue
        out.append("------\n")
        out.append(f" > {vertex.name}:\n")
        for log in vertex.logs[-ERROR_LOG_LINES:]:
            out.append(f"{_stamp(log.at)} {log.text}\n")
        out.append("------\n")
    return "".join(out)


def tty(report: BuildReport, width: int = WIDTH) -> str:
    """The final screen of the terminal display (no animation)."""
    total = len(report.vertices)
    finished = "FINISHED" if total else ""
    elapsed = sum(v.duration for v in report.vertices)
    head = f"[+] Building {elapsed:.1f}s ({total}/{total}) {finished}"
    out = [_align(head, CONSOLE_DESCRIPTION, width - 1)[: width - 1] + "\n"]
    for vertex in report.vertices:
        name = vertex.name
        if vertex.cached:
            name = "CACHED " + name
        elif vertex.error:
            name = "ERROR " + name
        out.append(_job(name, vertex.duration, width))
        for status in vertex.statuses:
            out.append(_job("=> " + status.text, status.seconds, width))
        for warning in vertex.warnings:
            out.append(_job("WARN: " + warning, 0.0, width))
    out.append(_error_logs(report.vertices))
    return "".join(out) + _epilogue(report)


def _job(name: str, seconds: float, width: int) -> str:
    seconds = 0.0 if seconds < 0.05 else seconds
    timer = f" {seconds:3.1f}s\n"
    prefix = " => "
    left = width - len(prefix) - len(timer) - 1
    return _align(prefix + name[:left], timer, width)


def _align(left: str, right: str, width: int) -> str:
    return left.ljust(width - len(right) - 1) + " " + right


def _epilogue(report: BuildReport) -> str:
    out = []
    if report.warnings:
        count = len(report.warnings)
        found = "1 warning found" if count == 1 else f"{count} warnings found"
        out.append(f"\n {found} (use docker --debug to expand):\n")
        out.extend(f" - {w}\n" for w in report.warnings)
    failure = report.failure
    if failure is not None:
        out.append(excerpt(report.dockerfile, report.dockerfile_name, failure.lines))
        prefix = "" if failure.bare else "failed to build: failed to solve: "
        out.append(f"ERROR: {prefix}{failure.message}\n")
    return "".join(out)


def excerpt(text: str, name: str, lines: Sequence[int]) -> str:
    """errdefs.Source.Print: the blamed lines with context, `>>>` on the blamed ones."""
    if not lines:
        return ""
    rows = text.split("\n")
    start, end = min(lines), max(lines)
    if start > len(rows) or start < 1:
        return ""
    end = min(end, len(rows))
    pad = 4 if end == start else 2
    first = start
    p = 0
    while p < pad:
        if start > 1:
            start -= 1
            p += 1
        if end != len(rows):
            end += 1
            p += 1
        p += 1
    out = [f"{name}:{first}\n--------------------\n"]
    for number in range(start, end + 1):
        marker = ">>>" if number in lines else "   "
        out.append(f" {number:3d} | {marker} {rows[number - 1]}\n")
    out.append("--------------------\n")
    return "".join(out)


def quiet_id(report: BuildReport) -> str:
    return report.image_id + "\n" if report.image_id else ""


# --- classic builder ---------------------------------------------------------------------------
def classic_stream(report: BuildReport) -> str:
    """The daemon's stream as the CLI prints it off a terminal (pulls one line per message)."""
    out: list[str] = []
    for item in report.stream:
        if isinstance(item, PullMessage):
            out.append(f"{item.id}: {item.status}\n" if item.id else f"{item.status}\n")
        else:
            out.append(item)
    return "".join(out)


def sending_context(size: int) -> str:
    """The CLI's upload progress, last update only (off a terminal)."""
    from dockersim.model.humanize import human_size

    return f"Sending build context to Docker daemon {human_size(size):>8}\r\r\n"
