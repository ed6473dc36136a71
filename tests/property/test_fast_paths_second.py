"""The second round of fast paths (issue 14) gives exactly what the general code gives.

- the uniform-table writer, now one split over every line, against Go's tabwriter on any
  lines (ragged ones, truncated cells with "…", wide and control characters);
- a table filled column by column against the template executed row by row;
- the lexer's runs of ordinary characters against the words a shell makes of them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from hypothesis import given
from hypothesis import strategies as st

from dockersim.docker.render.lazyrow import LazyRow
from dockersim.docker.render.table import TabWriter, uniform_table
from dockersim.docker.render.template import parse
from dockersim.model.userland.ast import Lit
from dockersim.model.userland.parser import parse as parse_shell

cells = st.text(alphabet=st.sampled_from("ab …é漢\x01-\v"), max_size=5)


def _tabwriter(lines: list[str]) -> str:
    writer = TabWriter(10, 1, 3, " ", 0)
    for line in lines:
        writer.write(line + "\n")
    return writer.flush()


@given(st.lists(st.lists(cells, min_size=1, max_size=4), max_size=6))
def test_any_lines_are_written_as_the_tabwriter_writes_them(rows):
    # given: lines of any shape (ragged, some cells with control or wide characters)
    lines = ["\t".join(row) for row in rows]
    # when: the fast path takes them
    fast = uniform_table(lines)
    # then: what it writes is the tabwriter's; what it declines has a reason
    if fast is not None:
        assert fast == _tabwriter(lines)
    else:
        widths = {len(row) for row in rows}
        assert not rows or len(widths) > 1 or widths == {1} or "\v" in "".join(lines)


def test_truncated_cells_line_up_as_in_docker_ps():
    lines = ["CONTAINER ID\tCOMMAND\tNAMES", 'abc\t"sleep 100000 and…"\tx', "d\te\tlong_name"]
    assert uniform_table(lines) == _tabwriter(lines)
    assert uniform_table(lines) == (
        "CONTAINER ID   COMMAND               NAMES\n"
        'abc            "sleep 100000 and…"   x\n'
        "d              e                     long_name\n"
    )


class _Row(LazyRow):
    __slots__ = ("values",)

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    COLUMNS: ClassVar[dict[str, Any]] = {
        "A": lambda r: r.values["A"],
        "B": lambda r: r.values["B"],
    }


values = st.text(alphabet="ab{}\t", max_size=3) | st.integers(0, 3)


@given(
    st.lists(st.fixed_dictionaries({"A": values, "B": values}), max_size=5),
    st.sampled_from(["{{.A}}\t{{.B}}", "x{{.B}}{{.A}}}", "plain", "{{.A}}{{.A}}"]),
)
def test_columns_filled_at_once_are_the_rows_executed_one_by_one(data, text):
    # given: rows whose fields are text (or, now and then, a number the executor must print)
    rows = [_Row(values) for values in data]
    tmpl = parse(text)
    # when: the whole table is filled column by column
    filled = tmpl.fill_columns(rows, _Row.COLUMNS)
    # then: each line is the template executed on its row, or the fill declines (a number)
    executed = [tmpl.execute(row) for row in rows]
    if filled is None:
        assert any(type(v) is not str for values in data for v in values.values())
    else:
        assert filled == executed


words = st.text(alphabet=st.sampled_from("ab-/.:~,@%+*"), min_size=1, max_size=8)


@given(st.lists(words, min_size=1, max_size=5))
def test_a_command_of_plain_words_is_those_words(argv):
    # given: words of characters a shell takes as they are (a `~` only inside a word)
    argv = [w if not w.startswith("~") else "x" + w for w in argv]
    # when: the command line is parsed
    seq = parse_shell(" ".join(argv) + "\n", "dash")
    # then: one simple command whose words are each one literal, the word itself
    (node, _background), *rest = seq.items
    assert not rest
    assert [w.raw for w in node.words] == argv  # type: ignore[attr-defined]
    assert [[p.text for p in w.parts] for w in node.words] == [[w] for w in argv]  # type: ignore[attr-defined]
    assert all(isinstance(p, Lit) and not p.quoted for w in node.words for p in w.parts)  # type: ignore[attr-defined]
