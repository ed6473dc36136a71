"""What mongosh's commands do on a mongod's data, and what it prints for them.

`evaluate(server, db, statement)` returns (stdout, stderr, the database now in use, an exit
status when the statement ends the shell). The server's data is mongo.load/save's JSON in the
container's /data/db, read at each statement and written after each change.
"""

from __future__ import annotations

import re
from typing import Any

from dockersim.engine.programs.mongo import load, save
from dockersim.engine.programs.mongo_values import (
    Doc,
    Unreadable,
    matches,
    object_id,
    read_args,
    show,
)
from dockersim.model.cowfs import CowFS

NOTE = "dockersim: not simulated in mongosh: {what}\n"
_CALL = re.compile(
    r"db\.(?:getCollection\((['\"])(?P<quoted>[^'\"]+)\1\)|(?P<name>[A-Za-z_]\w*))\.(?P<method>\w+)\((?P<args>.*)\)$",
    re.S,
)
_DB_CALL = re.compile(r"db\.(?P<method>\w+)\((?P<args>.*)\)$", re.S)
_WRITES = {
    "insertOne": "insert",
    "insertMany": "insert",
    "deleteOne": "delete",
    "deleteMany": "delete",
    "drop": "drop",
}
_READS = {"find": "find", "findOne": "find", "countDocuments": "aggregate"}
Result = tuple[str, str, str, int | None]


class Server:
    """One mongod's data as a client session sees it."""

    def __init__(self, fs: CowFS, seed: str, now: float) -> None:
        self.fs = fs
        self.seed = seed
        self.now = now
        self.data = load(fs)
        self.version = "8.0.10"
        self.started = now
        self.authenticated = False

    @property
    def auth(self) -> bool:
        return bool(self.data.get("auth"))

    def allowed(self) -> bool:
        return not self.auth or self.authenticated

    def collection(self, db: str, name: str, create: bool = False) -> list[Doc] | None:
        dbs = self.data.setdefault("dbs", {})
        if create:
            return list_of(dbs.setdefault(db, {}).setdefault(name, []))
        found = dbs.get(db, {}).get(name)
        return list_of(found)

    def new_id(self) -> Doc:
        count = int(self.data.get("count", 0)) + 1
        self.data["count"] = count
        return object_id(f"{int(self.now) & 0xFFFFFFFF:08x}{self.seed}{count & 0xFFFFFF:06x}")

    def save(self) -> None:
        save(self.fs, self.data)


def list_of(found: Any) -> list[Doc] | None:
    """A collection's documents as stored (None: no such collection)."""
    if not isinstance(found, list):
        return None
    docs: list[Doc] = found
    return docs


def _unauthorized(command: str) -> str:
    return f"MongoServerError[Unauthorized]: Command {command} requires authentication\n"


def evaluate(server: Server, db: str, statement: str) -> Result:
    text = statement.strip().rstrip(";").strip()
    if text in ("exit", "quit", "exit()", "quit()", ".exit"):
        return "", "", db, 0
    if text in ("show dbs", "show databases"):
        if not server.allowed():
            return "", _unauthorized("listDatabases"), db, None
        return _show_dbs(server), "", db, None
    if text in ("show collections", "show tables"):
        if not server.allowed():
            return "", _unauthorized("listCollections"), db, None
        names = sorted(server.data.get("dbs", {}).get(db, {}))
        return "".join(f"{n}\n" for n in names), "", db, None
    use = re.fullmatch(r"use\s+(\S+)", text)
    if use:
        name = use.group(1)
        return (
            (f"already on db {name}\n" if name == db else f"switched to db {name}\n"),
            "",
            name,
            None,
        )
    if text == "db":
        return f"{db}\n", "", db, None
    if text in ("db.version()", "db.getName()"):
        return f"{server.version if 'version' in text else db}\n", "", db, None
    call = _CALL.match(text)
    if call:
        name = call.group("quoted") or call.group("name")
        out, err = _collection_call(server, db, name, call.group("method"), call.group("args"))
        return out, err, db, None
    db_call = _DB_CALL.match(text)
    if db_call and db_call.group("method") == "dropDatabase" and not db_call.group("args").strip():
        if not server.allowed():
            return "", _unauthorized("dropDatabase"), db, None
        server.data.get("dbs", {}).pop(db, None)
        server.save()
        return f"{{ ok: 1, dropped: '{db}' }}\n", "", db, None
    if re.fullmatch(r"[A-Za-z_$][\w$]*", text) and text not in ("db", "show", "use"):
        return "", f"ReferenceError: {text} is not defined\n", db, None
    try:
        values = read_args(text)
    except Unreadable:
        return "", NOTE.format(what=f"the statement {text!r}"), db, None
    return "".join(show(v) + "\n" for v in values), "", db, None


def _show_dbs(server: Server) -> str:
    rows = {
        "admin": "100.00 KiB" if server.data.get("users") else "40.00 KiB",
        "config": "12.00 KiB",
        "local": "40.00 KiB",
    }  # est.
    for name, colls in server.data.get("dbs", {}).items():
        if any(colls.values()) or colls:
            rows[name] = f"{40 + 32 * max(0, len(colls) - 1):.2f} KiB"  # est.
    width = max(len(n) for n in rows) + 2
    return "".join(f"{n.ljust(width)}{rows[n]}\n" for n in sorted(rows))


def _collection_call(
    server: Server, db: str, name: str, method: str, arg_text: str
) -> tuple[str, str]:
    method_text = method
    if method not in _WRITES and method not in _READS:
        return "", NOTE.format(what=f"the collection method {method_text}()")
    if not server.allowed():
        return "", _unauthorized(_WRITES.get(method) or _READS[method])
    try:
        args = read_args(arg_text)
    except Unreadable as exc:
        return "", NOTE.format(what=str(exc))
    try:
        return _run(server, db, name, method, args)
    except Unreadable as exc:
        return "", NOTE.format(what=str(exc))


def _run(server: Server, db: str, name: str, method: str, args: list[Any]) -> tuple[str, str]:
    query: Doc = args[0] if args and isinstance(args[0], dict) else {}
    if method in ("insertOne", "insertMany"):
        docs = args[0] if args else None
        if method == "insertOne" and not isinstance(docs, dict):
            return "", 'MongoInvalidArgumentError: Argument "doc" must be an object\n'
        if method == "insertMany" and not (
            isinstance(docs, list) and all(isinstance(d, dict) for d in docs)
        ):
            return "", 'MongoInvalidArgumentError: Argument "docs" must be an array of documents\n'
        batch = [docs] if isinstance(docs, dict) else list(docs or [])
        coll = server.collection(db, name, create=True)
        assert coll is not None
        ids = []
        for doc in batch:
            stored = dict(doc) if "_id" in doc else {"_id": server.new_id(), **doc}
            if any(d.get("_id") == stored["_id"] for d in coll):
                server.save()
                key = show({"_id": stored["_id"]})
                return (
                    "",
                    f"MongoServerError: E11000 duplicate key error collection: {db}.{name} "
                    f"index: _id_ dup key: {key}\n",
                )
            coll.append(stored)
            ids.append(stored["_id"])
        server.save()
        if method == "insertOne":
            return show({"acknowledged": True, "insertedId": ids[0]}) + "\n", ""
        return show(
            {"acknowledged": True, "insertedIds": {str(i): v for i, v in enumerate(ids)}}
        ) + "\n", ""
    coll = server.collection(db, name) or []
    if method == "drop":
        existed = server.collection(db, name) is not None
        server.data.get("dbs", {}).get(db, {}).pop(name, None)
        server.save()
        return ("true\n" if existed else "false\n"), ""
    found = [d for d in coll if matches(d, query)]
    if method == "find":
        return (show(found) + "\n" if found else ""), ""
    if method == "findOne":
        return (show(found[0]) if found else "null") + "\n", ""
    if method == "countDocuments":
        return f"{len(found)}\n", ""
    gone = found[:1] if method == "deleteOne" else found
    kept = [d for d in coll if all(d is not g for g in gone)]
    if server.collection(db, name) is not None:
        server.data["dbs"][db][name] = kept
    server.save()
    return show({"acknowledged": True, "deletedCount": len(gone)}) + "\n", ""
