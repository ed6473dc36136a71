"""What Elasticsearch answers on 9200: the root banner, cluster health, and documents.

Modelled: `GET /` (the banner, pretty-printed as the real one is), `_cluster/health`,
`_cat/health`, and on an index `PUT|POST /<index>/_doc/<id>`, `POST /<index>/_doc`,
`GET /<index>/_doc/<id>` and a match-all `_search`; `?pretty` on all of them. With security
on, the `elastic` user's Basic credentials are checked first (401 as the real node answers).
Documents are searchable at once (the real node waits for its 1s refresh). Anything else
answers 501 with a `dockersim: not simulated` body.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dockersim.engine.programs import Program
from dockersim.engine.programs.elasticsearch import (
    VERSIONS,
    _id,
    _ports,
    _shutdown,
    _tls,
    elasticsearch,
    load,
    save,
    version_of,
)
from dockersim.engine.programs.http import HttpResponse

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.programs import Request
    from dockersim.model.container import Container

CHALLENGE = ('Basic realm="security", charset="UTF-8"', 'Bearer realm="security"', "ApiKey")
REASONS = {200: "OK", 201: "Created", 401: "Unauthorized", 404: "Not Found", 406: "Not Acceptable"}


def pretty(value: Any, depth: int = 0) -> str:
    """JSON as Elasticsearch's `?pretty` prints it (Jackson's default pretty printer)."""
    pad = "  " * (depth + 1)
    if isinstance(value, dict):
        if not value:
            return "{ }"
        items = [f"{pad}{json.dumps(k)} : {pretty(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    if isinstance(value, list):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(pretty(v, depth) for v in value) + " ]"
    return json.dumps(value)


def _json(
    status: int, body: Any, query: str, extra: tuple[tuple[str, str], ...] = ()
) -> HttpResponse:
    text = (
        pretty(body) + "\n"
        if "pretty" in query.split("&")
        else json.dumps(body, separators=(",", ":"))
    )
    data = text.encode()
    headers = (
        *extra,
        ("X-elastic-product", "Elasticsearch"),
        ("content-type", "application/json"),
        ("content-length", str(len(data))),
    )
    return HttpResponse(status, REASONS.get(status, ""), headers, data)


def _error(status: int, kind: str, reason: str, query: str, **more: Any) -> HttpResponse:
    cause = {"type": kind, "reason": reason, **more}
    return _json(status, {"error": {"root_cause": [cause], **cause}, "status": status}, query)


def _unauthorized(request: Request, path: str, query: str) -> HttpResponse:
    user = request.auth.partition(":")[0]
    reason = (
        f"unable to authenticate user [{user}] for REST request [{path}]"
        if request.auth
        else f"missing authentication credentials for REST request [{path}]"
    )
    header = {"WWW-Authenticate": list(CHALLENGE)}
    challenge = tuple(("WWW-Authenticate", c) for c in CHALLENGE)
    cause = {"type": "security_exception", "reason": reason, "header": header}
    body = {"error": {"root_cause": [cause], **cause}, "status": 401}
    return _json(401, body, query, challenge)


def _not_simulated(what: str) -> HttpResponse:
    body = f"dockersim: not simulated in elasticsearch: {what}\n".encode()
    headers = (("content-type", "text/plain"), ("content-length", str(len(body))))
    return HttpResponse(501, "Not Implemented", headers, body)


def _root(container: Container, state: dict[str, Any], query: str) -> HttpResponse:
    version = version_of(container)
    build, _jvm, lucene, wire, index = VERSIONS[version]
    date = container.config.labels.get("org.label-schema.build-date", "")
    body = {
        "name": container.config.hostname,
        "cluster_name": "docker-cluster",
        "cluster_uuid": state["uuid"],
        "version": {
            "number": version,
            "build_flavor": "default",
            "build_type": "docker",
            "build_hash": build,
            "build_date": date,
            "build_snapshot": False,
            "lucene_version": lucene,
            "minimum_wire_compatibility_version": wire,
            "minimum_index_compatibility_version": index,
        },
        "tagline": "You Know, for Search",
    }
    return _json(200, body, query + "&pretty")


def _health(container: Container, state: dict[str, Any]) -> dict[str, Any]:
    """The cluster's health: one node; each index a primary and an unassignable replica (the
    default `number_of_replicas: 1`), the security index (est.) a primary only."""
    indices = len(state["indices"])
    system = 1 if state.get("security") else 0  # est.: .security-7 once security is set up
    primaries = indices + system
    status = "yellow" if indices else "green"
    body: dict[str, Any] = {
        "cluster_name": "docker-cluster",
        "status": status,
        "timed_out": False,
        "number_of_nodes": 1,
        "number_of_data_nodes": 1,
        "active_primary_shards": primaries,
        "active_shards": primaries,
        "relocating_shards": 0,
        "initializing_shards": 0,
        "unassigned_shards": indices,
        "unassigned_primary_shards": 0,
        "delayed_unassigned_shards": 0,
        "number_of_pending_tasks": 0,
        "number_of_in_flight_fetch": 0,
        "task_max_waiting_in_queue_millis": 0,
        "active_shards_percent_as_number": 100.0 * primaries / (primaries + indices)
        if primaries
        else 100.0,
    }
    if version_of(container).startswith("7."):
        del body["unassigned_primary_shards"]
    return body


def _cat_health(engine: Engine, health: dict[str, Any], query: str) -> HttpResponse:
    """`_cat/health`: the columns of the 8.x/9.x table (est.: `unassign.pri` as in 8.16+)."""
    moment = datetime.fromtimestamp(engine.now, UTC)
    row = [
        str(int(engine.now)),
        moment.strftime("%H:%M:%S"),
        health["cluster_name"],
        health["status"],
        "1",
        "1",
        str(health["active_shards"]),
        str(health["active_primary_shards"]),
        "0",
        "0",
        str(health["unassigned_shards"]),
        "0",
        "0",
        "-",
        f"{health['active_shards_percent_as_number']:.1f}%",
    ]
    heads = "epoch timestamp cluster status node.total node.data shards pri relo init unassign "
    heads += "unassign.pri pending_tasks max_task_wait_time active_shards_percent"
    rows = [row]
    if "v" in query.split("&"):
        rows.insert(0, heads.split())
    widths = [max(len(r[i]) for r in rows) for i in range(len(row))]
    text = "".join(
        " ".join(
            cell.ljust(w) if i < 4 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        + "\n"
        for r in rows
    )
    data = text.encode()
    headers = (
        ("X-elastic-product", "Elasticsearch"),
        ("content-type", "text/plain; charset=UTF-8"),
        ("content-length", str(len(data))),
    )
    return HttpResponse(200, "OK", headers, data)


def _documents(
    engine: Engine,
    container: Container,
    state: dict[str, Any],
    request: Request,
    parts: list[str],
    query: str,
) -> HttpResponse:
    method, index = request.method, parts[0]
    docs: dict[str, Any] | None = state["indices"].get(index)
    if parts[1:2] == ["_search"] and method in ("GET", "POST"):
        if docs is None:
            return _missing(index, query)
        if request.body.strip() not in ("", "{}"):
            return _not_simulated("a search with a query (only match-all is modelled)")
        hits = [
            {"_index": index, "_id": key, "_score": 1.0, "_source": json.loads(doc["source"])}
            for key, doc in docs.items()
        ]
        body = {
            "took": 1,
            "timed_out": False,
            "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
            "hits": {
                "total": {"value": len(hits), "relation": "eq"},
                "max_score": 1.0 if hits else None,
                "hits": hits,
            },
        }
        return _json(200, body, query)
    if parts[1:2] != ["_doc"] or len(parts) > 3:
        return _not_simulated(f"{method} /{'/'.join(parts)}")
    key = parts[2] if len(parts) == 3 else ""
    if method == "GET" and key:
        if docs is None:
            return _missing(index, query)
        doc = docs.get(key)
        if doc is None:
            return _json(404, {"_index": index, "_id": key, "found": False}, query)
        body = {
            "_index": index,
            "_id": key,
            "_version": doc["version"],
            "_seq_no": doc["seq_no"],
            "_primary_term": 1,
            "found": True,
            "_source": json.loads(doc["source"]),
        }
        return _json(200, body, query)
    if method in ("PUT", "POST") and (key or method == "POST"):
        kind = request.content_type.split(";")[0].strip()
        if kind != "application/json":
            return _json(
                406,
                {
                    "error": f"Content-Type header [{request.content_type}] is not supported",
                    "status": 406,
                },
                query,
            )
        try:
            json.loads(request.body)
        except ValueError:
            return _not_simulated("a request body that is not JSON (its parse error)")
        docs = state["indices"].setdefault(index, {})
        key = key or _id(f"{index}:{len(docs)}:{engine.now}", "doc")[:20]
        seq = state.get("seq", {}).get(index, -1) + 1
        state.setdefault("seq", {})[index] = seq
        old = docs.get(key)
        version = old["version"] + 1 if old else 1
        docs[key] = {"source": request.body, "version": version, "seq_no": seq}
        save(engine.container_fs(container), state)
        body = {
            "_index": index,
            "_id": key,
            "_version": version,
            "result": "updated" if old else "created",
            "_shards": {"total": 2, "successful": 1, "failed": 0},
            "_seq_no": seq,
            "_primary_term": 1,
        }
        return _json(200 if old else 201, body, query)
    return _not_simulated(f"{method} /{'/'.join(parts)}")


def _missing(index: str, query: str) -> HttpResponse:
    return _error(
        404,
        "index_not_found_exception",
        f"no such index [{index}]",
        query,
        **{
            "resource.type": "index_expression",
            "resource.id": index,
            "index_uuid": "_na_",
            "index": index,
        },
    )


def serve(engine: Engine, container: Container, request: Request) -> HttpResponse | None:
    if request.port != 9200:
        return None  # 9300 speaks the transport protocol, not HTTP
    state = load(engine.container_fs(container))
    if state is None:
        return None
    path, _, query = request.path.partition("?")
    if state.get("security") and request.auth != f"elastic:{state['password']}":
        return _unauthorized(request, path, query)
    parts = [p for p in path.split("/") if p]
    method = request.method
    if not parts and method in ("GET", "HEAD"):
        return _root(container, state, query)
    if parts == ["_cluster", "health"] and method == "GET":
        return _json(200, _health(container, state), query)
    if parts == ["_cat", "health"] and method == "GET":
        return _cat_health(engine, _health(container, state), query)
    if parts and not parts[0].startswith("_") and len(parts) >= 2:
        return _documents(engine, container, state, request, parts, query)
    return _not_simulated(f"{method} {path}")


#: the program TABLE names for `elasticsearch`: its start and log (elasticsearch.py) with the
#: answers on 9200 here, so that this module imports that one and not the other way round
PROGRAM = Program(
    elasticsearch,
    ports=_ports,
    serve=serve,
    tls=_tls,
    shutdown=_shutdown,
    exits={"SIGTERM": 143, "SIGINT": 130},
    memory_mib=1263.5,
)
