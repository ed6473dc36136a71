"""node's `http` module for the node evaluator: `http.createServer(handler).listen(port)`.

A listening server keeps the process alive (the loop's `holds`). The engine hands it a request
(`dispatch`): the handler gets an IncomingMessage (`method`, `url`, `headers`, its body as
'data' and 'end' events) and a ServerResponse (`statusCode`, `setHeader`, `writeHead`,
`write`, `end`); what it ends with is the response, with the headers node adds (`Date`,
`Connection: keep-alive`, `Keep-Alive: timeout=5`, and `Content-Length` when the whole body
came with `end`, else `Transfer-Encoding: chunked`). Clients (`http.get`, `http.request`) are
not simulated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from dockersim.model.userland.programs.jsevents import emit, emitter_methods
from dockersim.model.userland.programs.jsvalues import (
    NULL,
    UNDEFINED,
    JSArray,
    JSFunction,
    JSObject,
    JSThrow,
    to_number,
    to_string,
    words,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

STATUS = {
    200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 301: "Moved Permanently",
    302: "Found", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized",
    403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
    422: "Unprocessable Entity", 500: "Internal Server Error", 501: "Not Implemented",
    502: "Bad Gateway", 503: "Service Unavailable",
}  # fmt: skip


@attrs.define
class Listening:
    """A server listening: its port and the object the script holds."""

    port: int
    server: JSObject


@attrs.define
class Reply:
    """What a handler answered (None status: it never ended the response)."""

    status: int | None
    reason: str
    headers: list[tuple[str, str]]
    body: str


def _arg(args: list[Any], i: int) -> Any:
    return args[i] if i < len(args) else UNDEFINED


def make_http(realm: Interpreter) -> JSObject:
    """The `http` module."""
    servers: list[Listening] = realm.loop.servers

    def create_server(args: list[Any]) -> Any:
        handler = next((a for a in args if isinstance(a, JSFunction)), None)
        server = JSObject({}, cls="Server", internal={})
        server.props.update(emitter_methods(realm))
        if handler is not None:
            realm.call_sync(server.props["on"], server, ["request", handler])

        def listen(this: Any, more: list[Any]) -> Any:
            port = _arg(more, 0)
            if isinstance(port, JSObject):
                port = port.props.get("port", UNDEFINED)
            number = 0 if port is UNDEFINED else to_number(port)
            if not (number == int(number) and 0 <= number < 65536):
                raise JSThrow("RangeError", "options.port should be >= 0 and < 65536. "
                              f"Received {realm.shown(port)}.")  # fmt: skip
            if any(s.port == int(number) for s in servers):
                error = realm.make_error("Error", f"listen EADDRINUSE: address already in use "
                                         f":::{int(number)}")  # fmt: skip
                error.props.update(code="EADDRINUSE", errno=-98.0, syscall="listen",
                                   address="::", port=number)  # fmt: skip
                realm.loop.ticks.append((JSFunction("", lambda a: emit(
                    realm, server, "error", [error])), []))  # fmt: skip
                return server
            servers.append(Listening(int(number), server))
            realm.loop.holds += 1
            callback = next((a for a in more if isinstance(a, JSFunction)), None)
            if callback is not None:
                realm.call_sync(server.props["once"], server, ["listening", callback])
            realm.loop.ticks.append((JSFunction("", lambda a: emit(
                realm, server, "listening", [])), []))  # fmt: skip
            return server

        def close(this: Any, more: list[Any]) -> Any:
            for item in list(servers):
                if item.server is server:
                    servers.remove(item)
                    realm.loop.holds -= 1
            callback = _arg(more, 0)
            if isinstance(callback, JSFunction):
                realm.loop.immediate(callback, [])
            return server

        def address(this: Any, more: list[Any]) -> Any:
            for item in servers:
                if item.server is server:
                    return JSObject({"address": "::", "family": "IPv6", "port": float(item.port)})
            return NULL

        server.props.update(
            listen=JSFunction("listen", method=listen),
            close=JSFunction("close", method=close),
            address=JSFunction("address", method=address),
        )
        return server

    codes = JSObject({str(code): reason for code, reason in STATUS.items()})
    return JSObject(
        {"createServer": JSFunction("createServer", create_server), "STATUS_CODES": codes,
         "METHODS": JSArray(["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"])},
        tag="http", known=words("get request Agent globalAgent ClientRequest IncomingMessage "
                                "ServerResponse Server OutgoingMessage validateHeaderName"),
    )  # fmt: skip


def dispatch(realm: Interpreter, port: int, method: str, url: str,
             headers: list[tuple[str, str]], body: str,
             until: float | None = None) -> Reply | None:  # fmt: skip
    """Hand one request to the server listening on `port` and run the loop until it
    answered (no timer due after `until` ms runs); None when nothing listens there."""
    found = next((s for s in realm.loop.servers if s.port == port), None)
    if found is None:
        return None
    reply = Reply(None, "", [], "")
    state: dict[str, Any] = {"headers": {}, "chunks": [], "sent": False, "status": 200.0}
    req = JSObject({"method": method, "url": url, "httpVersion": "1.1",
                    "headers": JSObject({k.lower(): v for k, v in headers})},
                   cls="IncomingMessage", internal={})  # fmt: skip
    req.props.update(emitter_methods(realm))
    req.props["setEncoding"] = JSFunction("setEncoding", method=lambda this, a: this)
    res = JSObject({"statusCode": 200.0, "statusMessage": UNDEFINED, "headersSent": False},
                   cls="ServerResponse", internal={})  # fmt: skip
    res.props.update(emitter_methods(realm))

    def set_header(this: Any, args: list[Any]) -> Any:
        name = to_string(_arg(args, 0))
        value = _arg(args, 1)
        shown = ", ".join(to_string(v) for v in value.items) if isinstance(value, JSArray) \
            else to_string(value)  # fmt: skip
        state["headers"][name.lower()] = (name, shown)
        return res

    def write_head(this: Any, args: list[Any]) -> Any:
        res.props["statusCode"] = to_number(_arg(args, 0))
        rest = list(args[1:])
        if rest and isinstance(rest[0], str):
            res.props["statusMessage"] = rest.pop(0)
        if rest and isinstance(rest[0], JSObject):
            for key in rest[0].ordered_keys():
                set_header(res, [key, rest[0].props[key]])
        return res

    def write(this: Any, args: list[Any]) -> Any:
        state["chunks"].append(realm.string(to_string(_arg(args, 0))))
        state["streamed"] = True
        res.props["headersSent"] = True
        return True

    def end(this: Any, args: list[Any]) -> Any:
        if reply.status is not None:
            return res
        chunk = _arg(args, 0)
        if chunk is not UNDEFINED and not isinstance(chunk, JSFunction):
            state["chunks"].append(realm.string(to_string(chunk)))
        status = int(to_number(res.props.get("statusCode", 200.0)))
        message = res.props.get("statusMessage")
        reply.status = status
        reply.reason = message if isinstance(message, str) else STATUS.get(status, "unknown")
        reply.body = "".join(state["chunks"])
        reply.headers = [pair for pair in state["headers"].values()]
        res.props["headersSent"] = True
        res.props["writableEnded"] = True
        realm.loop.immediate(JSFunction("", lambda a: emit(realm, res, "finish", [])), [])
        return res

    res.props.update(
        setHeader=JSFunction("setHeader", method=set_header),
        getHeader=JSFunction("getHeader", method=lambda this, a: state["headers"].get(
            to_string(_arg(a, 0)).lower(), (None, UNDEFINED))[1]),
        removeHeader=JSFunction("removeHeader", method=lambda this, a: state["headers"].pop(
            to_string(_arg(a, 0)).lower(), None) and UNDEFINED),
        writeHead=JSFunction("writeHead", method=write_head),
        write=JSFunction("write", method=write),
        end=JSFunction("end", method=end),
    )  # fmt: skip
    emit(realm, found.server, "request", [req, res])

    def deliver(args: list[Any]) -> Any:
        if body:
            emit(realm, req, "data", [body])
        emit(realm, req, "end", [])
        return UNDEFINED

    realm.loop.immediate(JSFunction("", deliver), [])
    realm.loop.run(until)
    if reply.status is not None:
        reply.headers = _node_headers(reply, state.get("streamed", False))
    return reply


def _node_headers(reply: Reply, streamed: bool) -> list[tuple[str, str]]:
    """The handler's headers and those node adds after them."""
    out = list(reply.headers)
    names = {name.lower() for name, _ in out}
    if "date" not in names:
        out.append(("Date", "<date>"))
    out += [("Connection", "keep-alive"), ("Keep-Alive", "timeout=5")]
    if "content-length" not in names and "transfer-encoding" not in names:
        if streamed:
            out.append(("Transfer-Encoding", "chunked"))
        else:
            out.append(("Content-Length", str(len(reply.body.encode()))))
    return out
