"""Bounded YAML loading with positions (dockersim.scenario.yamlsafe)."""

from __future__ import annotations

from typing import Any

import pytest
from yaml.composer import Composer
from yaml.nodes import MappingNode, SequenceNode

from dockersim.scenario import yamlsafe
from dockersim.scenario.problems import ScenarioError
from dockersim.scenario.yamlsafe import MAX_BYTES, load_file, load_text


def error_of(text: str) -> str:
    with pytest.raises(ScenarioError) as info:
        load_text(text, "s.yaml")
    return str(info.value)


def test_scalars_follow_the_yaml_1_2_core_schema():
    # given words YAML 1.1 would turn into booleans, times and dates
    text = "on: node2\nyes: no\nt: 1:20\nd: 2025-06-15\nn: 0x1f\nf: 1.5\nb: true\nz: ~\ns: '7'\n"
    # when
    doc = load_text(text)
    # then
    assert doc.data == {
        "on": "node2",
        "yes": "no",
        "t": "1:20",
        "d": "2025-06-15",
        "n": 31,
        "f": 1.5,
        "b": True,
        "z": None,
        "s": "7",
    }


def test_positions_of_keys_and_values_are_one_based():
    doc = load_text("steps:\n  - run: docker ps\n    expect: {exit: 0}\n")
    assert doc.keys[("steps", 0, "expect")] == (3, 5)
    assert doc.values[("steps", 0, "expect", "exit")] == (3, 20)
    assert doc.mark(("steps", 0, "nothing", "here")) == (2, 5)


def test_load_file_reads_utf8(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("title: Café\n", encoding="utf-8")
    assert load_file(path).data == {"title": "Café"}


def test_error_malformed_yaml():
    # the parser stops at the end of the file; the error points just after the last text
    assert error_of("steps: [1, 2\n").splitlines()[0] == (
        "s.yaml:1:13: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence at line 1, column 8)"
    )


def test_error_duplicate_key():
    assert error_of("title: a\ntitle: b\n") == (
        "s.yaml:2:1: duplicate key 'title' (first given on line 1)\n    title: b\n    ^"
    )


def test_error_alias_bomb():
    # given the "billion laughs": ten aliases per level, nine levels
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    # when / then
    assert error_of("\n".join(lines) + "\n").startswith(
        "s.yaml:1:37: refused: more than 100000 values (an alias bomb?)"
    )


def test_error_too_many_aliases():
    text = "a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"
    assert error_of(text).splitlines()[0] == "s.yaml:2:405: refused: more than 100 aliases (*name)"


def test_error_self_referencing_anchor():
    assert error_of("a: &a [*a]\n").splitlines()[0] == (
        "s.yaml:1:4: refused: nested deeper than 64 levels"
    )


def test_error_nesting_too_deep():
    text = "a:" + "".join(f"\n{'  ' * (i + 1)}k{i}:" for i in range(70)) + " x\n"
    assert error_of(text).splitlines()[0] == "s.yaml:64:127: refused: nested deeper than 64 levels"


def test_error_python_tags_are_refused():
    assert error_of("a: !!python/object/apply:os.system [ls]\n").splitlines()[0] == (
        "s.yaml:1:4: unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system"
    )


def test_error_empty_file():
    assert error_of("# nothing\n") == "s.yaml: the file is empty"


def test_error_two_documents():
    assert error_of("a: 1\n---\nb: 2\n").splitlines()[0] == (
        "s.yaml:2:1: invalid YAML: but found another document "
        "(expected a single document in the stream at line 1, column 1)"
    )


def test_error_non_scalar_key():
    assert error_of("? [a, b]\n: c\n").splitlines()[0] == (
        "s.yaml:1:3: a mapping key must be plain text"
    )


def test_error_file_over_one_megabyte(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    with pytest.raises(ScenarioError) as info:
        load_file(path)
    assert str(info.value) == f"{path}: the file is larger than 1 MB (1048576 bytes)"


def test_error_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"title: caf\xe9\n")
    with pytest.raises(ScenarioError) as info:
        load_file(path)
    assert str(info.value) == f"{path}: the file is not UTF-8 text (byte 10)"


def test_error_missing_file(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_file(tmp_path / "nope.yaml")
    assert (
        str(info.value)
        == f"{tmp_path / 'nope.yaml'}: cannot read the file: No such file or directory"
    )


def test_error_undefined_alias():
    assert error_of("a: *nowhere\n").splitlines()[0] == (
        "s.yaml:1:4: invalid YAML: found undefined alias 'nowhere'"
    )


def test_error_duplicate_anchor():
    assert error_of("a: &x 1\nb: &x 2\n").splitlines()[0] == (
        "s.yaml:2:4: invalid YAML: second occurrence "
        "(found duplicate anchor 'x'; first occurrence at line 1, column 4)"
    )


def _tree(node: Any) -> Any:
    """A node graph as comparable values: kinds, tags, marks, values; an alias as the
    number of the node it repeats."""
    seen: dict[int, int] = {}

    def walk(node: Any) -> Any:
        if id(node) in seen:
            return ("alias", seen[id(node)])
        seen[id(node)] = len(seen)
        head = (type(node).__name__, node.tag, node.start_mark.index, node.end_mark.index)
        if isinstance(node, MappingNode):
            return (*head, [(walk(k), walk(v)) for k, v in node.value])
        if isinstance(node, SequenceNode):
            return (*head, [walk(v) for v in node.value])
        return (*head, node.value, node.style)

    return walk(node)


class _PyYAMLComposer(Composer, yamlsafe._ParserBase, yamlsafe._CoreResolver):  # type: ignore[misc]
    """PyYAML's own composer over the same parser and resolver (the reference)."""

    def __init__(self, text: str) -> None:
        yamlsafe._ParserBase.__init__(self, text)
        Composer.__init__(self)
        yamlsafe._CoreResolver.__init__(self)


def _composed(loader: Any) -> Any:
    try:
        return _tree(loader.get_single_node())
    finally:
        loader.dispose()


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [x, 'y', {c: ~}]\nd: !!str 5\ne: ! 5\n",
        "base: &b {x: 1, y: [1, 2]}\nuse: *b\nmore: [*b, &s plain, *s]\n",
        "- ''\n- \"\"\n- 0x1f\n- .inf\n- -.5e3\n- True\n- null\n- |\n  block\n",
        "steps:\n  - run: docker ps\n    expect: {exit: 0, stdout: {contains: [a, b]}}\n",
    ],
)
def test_composed_nodes_are_pyyamls(text):
    # given a text with flow and block collections, anchors, aliases, tags and every kind
    # of plain scalar
    # when the loader composes it (its own composer, with the limits)
    ours = _composed(yamlsafe._Loader(text))
    # then the node graph is the one PyYAML's composer builds from the same events
    assert ours == _composed(_PyYAMLComposer(text))
