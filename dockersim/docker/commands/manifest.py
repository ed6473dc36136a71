"""`docker manifest inspect` (docker/cli cli/command/manifest/inspect.go).

For a multi-platform image the CLI rebuilds the list from each child manifest and prints it with
a three-space indent; `-v` prints each entry's reference, descriptor and raw manifest.
"""

from __future__ import annotations

import base64
import json

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.errors import DockerError
from dockersim.model.reference import parse_reference


@attrs.frozen
class ManifestInspectOptions(Options):
    verbose: bool


def run_manifest_inspect(ctx: Context, opts: ManifestInspectOptions) -> None:
    name = opts.args[-1]
    ref = parse_reference(name)
    if ref.is_name_only:
        ref = ref.with_default_tag()
    try:
        raw = ctx.engine.distribution_manifest(ref)
    except DockerError:
        raw = None
    if raw is not None:
        ctx.out(json.dumps(json.loads(raw), indent="\t") + "\n")
        return
    try:
        index, built = ctx.engine.distribution_index(ref)
    except DockerError:
        raise ctx.fail(f"no such manifest: {ref.normalized}") from None
    if not opts.verbose:
        entries = []
        for desc in index.manifests:
            entry_json = desc.to_json()
            entries.append(
                {
                    "mediaType": entry_json["mediaType"],
                    "size": entry_json["size"],
                    "digest": entry_json["digest"],
                    "platform": entry_json["platform"],
                }
            )
        listing = {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": entries,
        }
        ctx.out(json.dumps(listing, indent=3) + "\n")
        return
    items = []
    for desc in index.manifests:
        image = built[str(desc.digest)]
        items.append(
            {
                "Ref": f"{ref.normalized}@{desc.digest}",
                "Descriptor": desc.to_json(),
                "Raw": base64.b64encode(image.manifest_bytes).decode(),
                "OCIManifest": image.manifest.to_json(),
            }
        )
    ctx.out(json.dumps(items, indent="\t") + "\n")
