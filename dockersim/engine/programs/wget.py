"""wget (busybox and GNU): downloads to a file or stdout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.netview import view_of
from dockersim.engine.programs import Program
from dockersim.engine.programs.client import SYN_TIMEOUT, request, seconds, split_options, split_url

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def wget(ctx: Ctx) -> int:
    args, valued = split_options(ctx.argv[1:], "TUPYoeO")
    quiet = any(a in ("-q", "--quiet") or (a.startswith("-q") and "O" in a) for a in args)
    to_stdout = valued.get("O") == "-" or "-qO-" in args
    urls = [a for a in args if not a.startswith("-") and a != "-"]
    if not urls:
        ctx.err.write("BusyBox v1.37.0 multi-call binary.\n\nUsage: wget [-cqS] URL\n")
        return 1
    url = urls[0]
    view = view_of(ctx)
    if view is None:
        return 1
    host, port, path = split_url(url)
    outcome, response = request(view, "GET", url, "Wget")
    if outcome.status == "unresolved":
        ctx.err.write(f"wget: bad address '{host}'\n")
        return 1
    if not quiet:
        ctx.err.write(f"Connecting to {host} ({outcome.address or host}:{port})\n")
    if outcome.status == "refused":
        ctx.err.write(
            f"wget: can't connect to remote host ({outcome.address}): Connection refused\n"
        )
        return 1
    if outcome.status == "timeout":
        ctx.rec.advance(seconds(valued.get("T"), SYN_TIMEOUT))
        ctx.err.write("wget: download timed out\n")
        return 1
    if outcome.status in ("tls", "plain", "untrusted"):  # HTTPS is not modelled for wget
        raise ctx.not_simulated(f"wget with TLS ({outcome.status}: {url})")
    if response is None or response.status >= 400:
        status = f"{response.status} {response.reason}" if response else "bad header line"
        ctx.err.write(f"wget: server returned error: HTTP/1.1 {status}\n")
        return 1
    body = response.body
    if to_stdout:
        if not quiet:
            ctx.err.write("writing to stdout\n")
        ctx.write(body.decode(errors="replace"))
        if not quiet:
            ctx.err.write(
                f"-                    100% |********************************|   {len(body)}  "
                "0:00:00 ETA\nwritten to stdout\n"
            )
        return 0
    name = valued.get("O") or path.rsplit("/", 1)[-1] or "index.html"
    ctx.fs.write(name, body, ctx.cwd)
    if not quiet:
        ctx.err.write(
            f"saving to '{name}'\n{name:<20} 100% |********************************|   "
            f"{len(body)}  0:00:00 ETA\n'{name}' saved\n"
        )
    return 0


PROGRAM = Program(wget)
