"""Engine-level image operations over the tiny test catalog (daemon semantics, no CLI text)."""

import pytest

from dockersim.errors import Conflict, NotFound
from dockersim.model.reference import parse_reference as ref


def statuses(result):
    return [(m.id, m.status) for m in result.messages]


def test_pull_shares_base_layer(mini):
    # given
    mini.image_pull(ref("app:2"))
    # when
    result = mini.image_pull(ref("other:latest"))
    # then
    lines = statuses(result)
    assert lines[1][1] == "Already exists"
    assert lines[2][1] == "Pulling fs layer"
    assert lines[-1] == ("", "Status: Downloaded newer image for other:latest")


def test_pull_alias_of_present_image_has_no_layer_lines(mini):
    mini.image_pull(ref("app:2"))
    result = mini.image_pull(ref("app:latest"))
    assert [s for _, s in statuses(result)][1:2] == [statuses(result)[1][1]]
    assert statuses(result)[1][1].startswith("Digest: sha256:")
    assert statuses(result)[-1] == ("", "Status: Downloaded newer image for app:latest")


def test_pull_again_is_up_to_date(mini):
    mini.image_pull(ref("app:2"))
    assert statuses(mini.image_pull(ref("app:2")))[-1] == (
        "",
        "Status: Image is up to date for app:2",
    )


def test_error_pull_unknown_repository(mini):
    with pytest.raises(NotFound) as exc:
        mini.image_pull(ref("nope:latest"))
    assert str(exc.value) == (
        "pull access denied for nope, repository does not exist or may require 'docker login': "
        "denied: requested access to the resource is denied"
    )
    assert mini.world.images == {}


def test_error_pull_unknown_tag(mini):
    with pytest.raises(NotFound) as exc:
        mini.image_pull(ref("app:9"))
    assert str(exc.value) == "manifest for app:9 not found: manifest unknown: manifest unknown"


def test_error_pull_missing_platform_is_a_stream_error(mini):
    from dockersim.model.image import Platform

    result = mini.image_pull(ref("app:1"), Platform.parse("linux/arm64"))
    assert statuses(result) == [("1", "Pulling from library/app")]
    assert result.error == "no matching manifest for linux/arm64 in the manifest list entries"
    assert mini.world.images == {}


def test_platforms_give_different_image_ids(mini):
    from dockersim.model.image import Platform

    amd = mini.image_pull(ref("base:1")).image_id
    arm = mini.image_pull(ref("base:1"), Platform.parse("linux/arm64")).image_id
    assert amd != arm
    assert mini.world.images[arm].config.architecture == "arm64"


def test_pull_by_digest_then_tag_lookup(mini):
    first = mini.image_pull(ref("app:2"))
    digest = statuses(first)[-2][1].removeprefix("Digest: ")
    again = mini.image_pull(ref(f"app@{digest}"))
    assert statuses(again)[0] == (f"docker.io/library/app@{digest}", "Pulling from library/app")
    assert mini.image_get(f"app@{digest}").id == first.image_id


def test_rmi_tag_then_last_tag_deletes_layers(mini):
    mini.image_pull(ref("app:2"))
    mini.image_pull(ref("app:latest"))
    assert [(r.untagged, r.deleted) for r in mini.image_delete("app:latest")] == [
        ("app:latest", "")
    ]
    records = mini.image_delete("app:2")
    assert records[0].untagged == "app:2"
    assert records[1].untagged.startswith("app@sha256:")
    assert records[2].deleted.startswith("sha256:")
    assert len([r for r in records if r.deleted]) == 4  # image + its 3 layers
    assert mini.world.layers == {}


def test_rmi_by_id_with_two_repositories_needs_force(mini):
    image_id = mini.image_pull(ref("app:2")).image_id
    mini.image_tag("app:2", "mine:1")
    with pytest.raises(Conflict) as exc:
        mini.image_delete(image_id[7:19])
    assert str(exc.value) == (
        f"conflict: unable to delete {image_id[7:19]} (must be forced) - image is referenced "
        "in multiple repositories"
    )
    records = mini.image_delete(image_id[7:19], force=True)
    untagged = [r.untagged for r in records if r.untagged]
    # moby's reference store lists references sorted as strings: `:` sorts before `@`
    assert untagged[0] == "app:2" and untagged[1].startswith("app@sha256:")
    assert untagged[2] == "mine:1"


def test_error_rmi_unknown(mini):
    with pytest.raises(NotFound) as exc:
        mini.image_delete("nope")
    assert str(exc.value) == "No such image: nope:latest"


def test_tag_moves_and_old_image_keeps_digest(mini):
    one = mini.image_pull(ref("app:1")).image_id
    mini.image_tag("app:1", "app:latest")
    assert mini.image_get("app:latest").id == one
    mini.image_pull(ref("app:latest"))
    assert mini.image_get("app:latest").id != one
    assert mini.references_of(one) == ["docker.io/library/app:1"]


def test_world_json_round_trip(mini):
    mini.image_pull(ref("app:2"))
    mini.image_tag("app:2", "me/app:v1")
    text = mini.dumps()
    from dockersim.engine import Engine

    again = Engine.loads(text)
    assert again.dumps() == text
    assert again.image_get("me/app:v1").id == mini.image_get("app:2").id
