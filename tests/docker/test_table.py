"""Tables as the docker CLI aligns them, Ellipsis, and display widths.

Golden outputs are docker/cli's testdata files; "observed" outputs were printed by the docker CLI
28.2.2 binary against a stub daemon. The TabWriter vectors are data from docker/cli
`cli/command/formatter/tabwriter/tabwriter_test.go` (its fork of Go's text/tabwriter).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersim.docker.render.table import (
    ALIGN_RIGHT,
    DEBUG,
    DISCARD_EMPTY_COLUMNS,
    FILTER_HTML,
    TAB_INDENT,
    TabWriter,
    display_width,
    docker_tabwriter,
    ellipsis,
    go_quote,
    render_table,
)
from dockersim.model import humanize

PS_HEADER = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"]


def test_render_table_empty_docker_ps() -> None:
    assert render_table([PS_HEADER]) == (
        "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n"
    )


def test_render_table_history_golden_simple() -> None:
    # given: cli/command/image/testdata/history-command-success.simple.golden
    rows = [
        ["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"],
        ["123456789012", "Less than a second ago", "", "0B", "none"],
    ]
    # then
    assert render_table(rows) == (
        "IMAGE          CREATED                  CREATED BY   SIZE      COMMENT\n"
        "123456789012   Less than a second ago                0B        none\n"
    )


def test_render_table_history_golden_non_human() -> None:
    rows = [
        ["IMAGE", "CREATED AT", "CREATED BY", "SIZE", "COMMENT"],
        ["abcdef", "2017-01-01T12:00:03Z", "rose", "0", "new history item!"],
    ]
    assert render_table(rows) == (
        "IMAGE     CREATED AT             CREATED BY   SIZE      COMMENT\n"
        "abcdef    2017-01-01T12:00:03Z   rose         0         new history item!\n"
    )


def test_render_table_container_list_golden() -> None:
    # given: cli/command/container/testdata/container-list-without-format.golden
    ports = ["", "", "80-82/tcp", "81/udp", "8.8.8.8:82->82/tcp"]
    common = ["container_id", "busybox:latest", '"top"', "About a minute ago", "Up 1 minute"]
    rows = [PS_HEADER] + [[*common, port, f"c{i}"] for i, port in enumerate(ports, 1)]
    # then
    assert render_table(rows) == (
        "CONTAINER ID   IMAGE            COMMAND   CREATED              STATUS        PORTS"
        "                NAMES\n"
        'container_id   busybox:latest   "top"     About a minute ago   Up 1 minute          '
        "              c1\n"
        'container_id   busybox:latest   "top"     About a minute ago   Up 1 minute          '
        "              c2\n"
        'container_id   busybox:latest   "top"     About a minute ago   Up 1 minute   80-82/tcp'
        "            c3\n"
        'container_id   busybox:latest   "top"     About a minute ago   Up 1 minute   81/udp   '
        "            c4\n"
        'container_id   busybox:latest   "top"     About a minute ago   Up 1 minute   '
        "8.8.8.8:82->82/tcp   c5\n"
    )


def test_render_table_empty_last_cell_keeps_padding() -> None:
    """Observed: `docker history` rows with no comment end in the SIZE column's padding."""
    rows = [
        ["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"],
        ["123456789012", "2 weeks ago", '/bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…', "0B", ""],
        [
            "<missing>",
            "2 months ago",
            "RUN /bin/sh -c echo 你好世界你好世界你好世界…",
            "1e+03kB",
            "x",
        ],
        ["<missing>", "24 months ago", "ADD file:abc in /", "74.8MB", ""],
    ]
    assert render_table(rows).splitlines(keepends=True) == [
        "IMAGE          CREATED         CREATED BY                                      SIZE"
        "      COMMENT\n",
        '123456789012   2 weeks ago     /bin/sh -c #(nop)  CMD ["nginx" "-g" "daemon…   0B  '
        "      \n",
        "<missing>      2 months ago    RUN /bin/sh -c echo 你好世界你好世界你好世界…   1e+03kB"
        "   x\n",
        "<missing>      24 months ago   ADD file:abc in /                               74.8MB"
        "    \n",
    ]


def test_render_table_observed_ps_with_wide_and_escaped_commands() -> None:
    """Observed from `docker ps -a`: COMMAND is Ellipsis(20) first, then strconv.Quote."""
    commands = [
        "/docker-entrypoint.sh nginx -g 'daemon off;'",
        "echo 你好世界你好世界你好世界",
        "echo 👨\u200d👩\u200d👧 é 🇫🇷",
        "printf a\tb\x01\xad\xa0x",
    ]
    rest = [
        ["a1b2c3d4e5f6", "nginx:latest", "3 seconds ago", "Up 2 seconds", "", "web"],
        ["b1b2c3d4e5f6", "busybox", "2 hours ago", "Exited (0) 1 hour ago", "", "cjk"],
        ["c1b2c3d4e5f6", "busybox", "2 days ago", "", "", "emoji"],
        ["d1b2c3d4e5f6", "busybox", "1 years ago", "Exited (1) 2 years ago", "", "ctl"],
    ]
    rows = [PS_HEADER] + [
        [r[0], r[1], go_quote(ellipsis(cmd, 20)), *r[2:]]
        for cmd, r in zip(commands, rest, strict=True)
    ]
    assert render_table(rows).splitlines() == [
        "CONTAINER ID   IMAGE          COMMAND                          CREATED         STATUS"
        "                   PORTS     NAMES",
        'a1b2c3d4e5f6   nginx:latest   "/docker-entrypoint.…"           3 seconds ago   Up 2 '
        "seconds                       web",
        'b1b2c3d4e5f6   busybox        "echo 你好世界你好世…"           2 hours ago     Exited (0)'
        " 1 hour ago              cjk",
        'c1b2c3d4e5f6   busybox        "echo 👨\\u200d👩\\u200d👧 é 🇫🇷"    2 days ago              '
        "                           emoji",
        'd1b2c3d4e5f6   busybox        "printf a\\tb\\x01\\u00ad\\u00a0x"   1 years ago     Exited '
        "(1) 2 years ago             ctl",
    ]


# name, minwidth, tabwidth, padding, padchar, flags, input, output
GO_VECTORS = [
    ("1a", 8, 0, 1, ".", 0, "", ""),
    ("2", 8, 0, 1, ".", 0, "\n\n\n", "\n\n\n"),
    ("3", 8, 0, 1, ".", 0, "a\nb\nc", "a\nb\nc"),
    ("4a", 8, 0, 1, ".", 0, "\t", ""),
    ("5", 8, 0, 1, ".", 0, "*\t*", "*.......*"),
    ("5c", 8, 0, 1, ".", 0, "*\t*\t", "*.......*"),
    ("5c debug", 8, 0, 1, ".", DEBUG, "*\t*\t", "*.......|*"),
    ("5d", 8, 0, 1, ".", ALIGN_RIGHT, "*\t*\t", ".......**"),
    ("6", 8, 0, 1, ".", 0, "\t\n", "........\n"),
    ("7b", 8, 0, 1, " ", 0, "b) foo\tbar", "b) foo  bar"),
    ("7e", 8, 0, 1, ".", 0, "e) foo\tbar\t\n", "e) foo..bar.....\n"),
    (
        "7f",
        8, 0, 1, ".", FILTER_HTML,
        "f) f&lt;o\t<b>bar</b>\t\n",
        "f) f&lt;o..<b>bar</b>.....\n",
    ),
    (
        "7g debug",
        8, 0, 1, ".", FILTER_HTML | DEBUG,
        "g) f&lt;o\t<b>bar</b>\t non-terminated entity &amp",
        "g) f&lt;o..|<b>bar</b>.....| non-terminated entity &amp",
    ),
    ("9a", 1, 0, 0, ".", 0, "1\t2\t3\t4\n11\t222\t3333\t44444\n", "1.2..3...4\n11222333344444\n"),
    ("9c", 1, 0, 0, ".", 0, "1\t2\t3\t4\f11\t222\t3333\t44444\n", "1234\n11222333344444\n"),
    (
        "9c debug",
        1, 0, 0, ".", DEBUG,
        "1\t2\t3\t4\f11\t222\t3333\t44444\n",
        "1|2|3|4\n---\n11|222|3333|44444\n",
    ),
    ("10b", 5, 0, 0, ".", 0, "1\t2\t3\t4\t\n", "1....2....3....4....\n"),
    (
        "11 wide runes",
        8, 0, 1, ".", 0,
        "本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n",
        "本......b.......c\naa......本本本..cccc....ddddd\naaa.....bbbb\n",
    ),
    (
        "12a",
        8, 0, 1, " ", ALIGN_RIGHT,
        "a\tè\tc\t\naa\tèèè\tcccc\tddddd\t\naaa\tèèèè\t\n",
        "       a       è       c\n      aa     èèè    cccc   ddddd\n     aaa    èèèè\n",
    ),
    (
        "12b",
        2, 0, 0, " ", 0,
        "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n",
        "a  b  c\naa bbbcccc\naaabbbb\n",
    ),
    (
        "13b",
        4, 0, 3, ".", 0,
        "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n666666\t666666\t666666"
        "\t4444\n1\t1\t999999999\t0000000000\n",
        "4444........333...22...1...333\n999999999...22\n7...........22\n...................."
        "88888888\n\n666666...666666...666666......4444\n1........1........999999999...0000000000\n",
    ),
    ("15b", 4, 0, 0, ".", DISCARD_EMPTY_COLUMNS, "a\t\tb", "a.......b"),
    ("15c", 4, 0, 0, ".", DISCARD_EMPTY_COLUMNS, "a\v\vb", "a...b"),
    ("15d", 4, 0, 0, ".", DISCARD_EMPTY_COLUMNS | ALIGN_RIGHT, "a\v\vb", "...ab"),
    (
        "16b",
        100, 100, 0, "\t", DISCARD_EMPTY_COLUMNS,
        "a\vb\v\vd\na\vb\v\vd\ve\na\na\vb\vc\vd\na\vb\vc\vd\ve\n",
        "a\tb\td\na\tb\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
    ),
    (
        "16c debug",
        100, 100, 0, "\t", DISCARD_EMPTY_COLUMNS | DEBUG,
        "a\tb\t\td\na\tb\t\td\te\na\na\tb\tc\td\na\tb\tc\td\te\n",
        "a\t|b\t|\t|d\na\t|b\t|\t|d\t|e\na\na\t|b\t|c\t|d\na\t|b\t|c\t|d\t|e\n",
    ),
    ("tab indent", 0, 4, 1, " ", TAB_INDENT, "\t\tx\ty\n\t\taa\tb\n", "\t\tx  y\n\t\taa b\n"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("minwidth", "tabwidth", "padding", "padchar", "flags", "text", "expected"),
    [case[1:] for case in GO_VECTORS],
    ids=[case[0] for case in GO_VECTORS],
)
def test_tabwriter_vectors(
    minwidth: int, tabwidth: int, padding: int, padchar: str, flags: int, text: str, expected: str
) -> None:
    writer = TabWriter(minwidth, tabwidth, padding, padchar, flags)
    writer.write(text)
    assert writer.flush() == expected


def test_tabwriter_count_runes_is_stdlib_behaviour() -> None:
    writer = TabWriter(8, 0, 1, ".", 0, count_runes=True)
    writer.write("本\tb\n")
    assert writer.flush() == "本.......b\n"


def test_tabwriter_trailing_tab_without_newline_is_not_a_column() -> None:
    writer = docker_tabwriter()
    writer.write("a\t")
    assert writer.flush() == "a"


def test_tabwriter_line_without_tabs_ends_column_blocks() -> None:
    writer = docker_tabwriter()
    writer.write("longer-cell-here\tx\nno tabs\nb\ty\n")
    assert writer.flush() == "longer-cell-here   x\nno tabs\nb         y\n"


def test_tabwriter_flush_returns_only_new_output() -> None:
    writer = docker_tabwriter()
    writer.write("a\tb\n")
    assert writer.flush() == "a         b\n"
    writer.write("c\td\n")
    assert writer.flush() == "c         d\n"
    assert writer.flush() == ""


pieces_of = st.sampled_from(["a", "bb", " ", "本", "é", "e\u0301", "😀", "\t", "\n", "<", ";"])
cell_text = st.lists(pieces_of, max_size=12).map("".join)


@given(st.lists(cell_text, max_size=6))
def test_tabwriter_output_does_not_depend_on_write_boundaries(pieces: list[str]) -> None:
    whole = docker_tabwriter()
    whole.write("".join(pieces))
    split = docker_tabwriter()
    for piece in pieces:
        split.write(piece)
    assert split.flush() == whole.flush()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 1, 3), "negative minwidth, tabwidth, or padding"),
        ((10, -1, 3), "negative minwidth, tabwidth, or padding"),
        ((10, 1, -3), "negative minwidth, tabwidth, or padding"),
    ],
)
def test_error_tabwriter_negative_arguments(args: tuple[int, int, int], message: str) -> None:
    with pytest.raises(ValueError) as info:
        TabWriter(*args)
    assert str(info.value) == message


def test_error_tabwriter_padchar_must_be_one_character() -> None:
    with pytest.raises(ValueError) as info:
        TabWriter(10, 1, 3, "  ")
    assert str(info.value) == "padchar must be a single character"


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc", 3),
        ("a\x01\x7fb", 2),  # control characters are 0 wide
        ("本本", 4),
        ("Ａ", 2),  # fullwidth
        ("ｶﾞ", 1),  # halfwidth kana + sound mark: one cluster
        ("e\u0301", 1),  # combining accent
        ("\u05d1\u05b0", 1),  # Hebrew point: not in the combining table, but an extender
        ("กำ", 1),  # Thai SARA AM is a spacing mark
        ("क्षि", 2),  # two clusters: क्, षि
        ("😀", 2),
        ("👍\U0001f3fd", 2),  # skin tone modifier
        ("👨\u200d👩\u200d👧", 2),  # ZWJ sequence: one cluster
        ("🇫🇷", 1),  # regional indicators: one cluster, narrow
        ("🇫🇷🇫", 2),
        ("\u1112\u1161\u11ab", 2),  # Hangul jamo L V T: one cluster
        ("❤\ufe0f", 1),
        ("☰", 2),  # wide since Unicode 16 (go-runewidth v0.0.24)
        ("\U00031350", 2),
        ("\u200b", 0),
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        # docker/cli displayutils_test.go
        ("t🐳ststring", 0, ""),
        ("t🐳ststring", 1, "t"),
        ("t🐳ststring", 2, "t…"),
        ("t🐳ststring", 6, "t🐳st…"),
        ("t🐳ststring", 20, "t🐳ststring"),
        ("你好世界teststring", 0, ""),
        ("你好世界teststring", 1, "你"),
        ("你好世界teststring", 3, "你…"),
        ("你好世界teststring", 6, "你好…"),
        ("你好世界teststring", 20, "你好世界teststring"),
        # more
        ("", 1, ""),
        ("top", -1, ""),
        ("top", 3, "top"),
        ("topper", 5, "topp…"),
        ("/docker-entrypoint.sh nginx -g 'daemon off;'", 20, "/docker-entrypoint.…"),
        ("你好世界teststring", 2, "你好世界teststring"),  # no cut fits: Go returns it whole
        ("你好世界teststring", 5, "你好…"),
        ("e\u0301e\u0301e\u0301", 4, "e\u0301e…"),  # Ellipsis counts a combining mark as 1
        ("☰☰☰☰", 4, "☰☰☰☰"),  # narrow for x/text (Unicode 15.0)
        ("🩵🩵🩵", 4, "🩵…"),  # U+1FA75 is wide in Unicode 15.0
    ],
)
def test_ellipsis(text: str, width: int, expected: str) -> None:
    assert ellipsis(text, width) == expected


def test_go_quote_is_the_model_function() -> None:
    assert go_quote is humanize.go_quote


def test_a_line_ended_by_a_later_write_keeps_its_columns() -> None:
    """The case hypothesis found: a cell terminated by one write and its line ended by the
    next is a line of two cells, not one (which would end the column block)."""
    whole = docker_tabwriter()
    whole.write("aaaaaaaa\t\n\ta")
    split = docker_tabwriter()
    for piece in ["aaaaaaaa\t", "\n", "\ta"]:
        split.write(piece)
    assert split.flush() == whole.flush() == "aaaaaaaa   \n           a"
