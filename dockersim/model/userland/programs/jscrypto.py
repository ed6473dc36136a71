"""node's `crypto` module for the node evaluator: what tutorials and the packages of the
offline npm index use, `randomUUID()` and `createHash(alg).update(text).digest(enc)`.

Random values are deterministic: the n-th UUID of a process is made from its host name, its
pid and n (so a server run again to rebuild its memory makes the same ones, node_http.py);
real node draws them from the kernel. The rest of `crypto` says it is not simulated.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from dockersim.model.userland.programs.jsvalues import (
    UNDEFINED,
    JSFunction,
    JSObject,
    JSThrow,
    to_string,
    words,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.jseval import Interpreter

MEMBERS = words(
    """randomUUID createHash randomBytes randomInt randomFillSync getRandomValues createHmac
    createCipheriv createDecipheriv pbkdf2 pbkdf2Sync scrypt scryptSync timingSafeEqual
    webcrypto subtle generateKeyPair generateKeyPairSync createSign createVerify getHashes"""
)
ALGORITHMS = {"sha1": "sha1", "sha256": "sha256", "sha512": "sha512", "md5": "md5"}


def make_crypto(realm: Interpreter, hostname: str, pid: int) -> JSObject:
    """The `crypto` module."""
    drawn = [0]

    def random_uuid(args: list[Any]) -> Any:
        drawn[0] += 1
        raw = bytearray(hashlib.sha256(f"{hostname}:{pid}:{drawn[0]}".encode()).digest()[:16])
        raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
        raw[8] = (raw[8] & 0x3F) | 0x80  # the RFC 4122 variant
        text = raw.hex()
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"

    def create_hash(args: list[Any]) -> Any:
        name = to_string(args[0]) if args else "undefined"
        algorithm = ALGORITHMS.get(name.lower())
        if algorithm is None:
            raise JSThrow("Error", "Digest method not supported")
        state = hashlib.new(algorithm)
        hasher = JSObject({}, cls="Hash")

        def update(this: Any, more: list[Any]) -> Any:
            state.update(to_string(more[0] if more else UNDEFINED).encode())
            return hasher

        def digest(this: Any, more: list[Any]) -> Any:
            encoding = to_string(more[0]) if more and more[0] is not UNDEFINED else ""
            if encoding == "hex":
                return state.hexdigest()
            if encoding == "base64":
                return base64.b64encode(state.digest()).decode()
            raise realm_unsupported(f"hash.digest('{encoding}') (Buffers)")

        hasher.props.update(update=JSFunction("update", method=update),
                            digest=JSFunction("digest", method=digest))  # fmt: skip
        return hasher

    return JSObject(
        {"randomUUID": JSFunction("randomUUID", random_uuid),
         "createHash": JSFunction("createHash", create_hash)},
        tag="crypto", known=MEMBERS,
    )  # fmt: skip


def realm_unsupported(what: str) -> Exception:
    from dockersim.model.userland.programs.jsvalues import Unsupported

    return Unsupported(what)
