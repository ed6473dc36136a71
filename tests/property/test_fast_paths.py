"""The fast paths give exactly what the general code gives (issue 14: no output changes).

Each fast path has a slow twin that it must agree with on every input: the indexed lowest-free
address and the walk over the subnet, the indenting JSON writer and the json module, the
uniform-table writer and Go's tabwriter, the template's plain-field path and the executor.
"""

from __future__ import annotations

import ipaddress
import json

from hypothesis import given
from hypothesis import strategies as st

from dockersim.docker.render.inspect_json import indent_json
from dockersim.docker.render.table import TabWriter, uniform_table
from dockersim.docker.render.template import Exec, parse
from dockersim.docker.render.template_funcs import BASIC_TABLE
from dockersim.model.network import Endpoint
from dockersim.model.tables import EndpointTable, lowest_free_ip

SUBNET = ipaddress.IPv4Network("10.9.0.0/27")  # 30 hosts: small enough to fill up
GATEWAY = "10.9.0.1"
RANGES = st.sampled_from([None, "10.9.0.8/29", "10.9.0.16/28", "10.9.0.0/28"])

# an operation: ("add", container number, requested host number or None) or ("drop", number)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 40), st.none() | st.integers(2, 30)),
        st.tuples(st.just("drop"), st.integers(0, 40), st.none()),
    ),
    max_size=80,
)


@given(OPS, RANGES)
def test_the_indexed_lowest_free_address_is_the_walks(ops, ip_range):
    table = EndpointTable()
    pool = ipaddress.IPv4Network(ip_range) if ip_range else None
    for op, number, requested in ops:
        key = f"c{number}"
        if op == "drop":
            table.pop(key, None)
            continue
        expected = lowest_free_ip(SUBNET, [e.ip for e in table.values()] + [GATEWAY], pool)
        assert table.lowest_free(SUBNET, GATEWAY, pool) == expected
        ip = f"10.9.0.{requested}" if requested is not None else expected
        if ip:
            table[key] = Endpoint(key, ip, "")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=30,
)


@given(json_values | st.floats(allow_nan=False) | st.dictionaries(st.integers(), st.text()))
def test_indented_json_is_the_json_modules(value):
    assert indent_json(value) == json.dumps(
        value, indent=4, separators=(",", ": "), ensure_ascii=False
    )


texts = st.text(alphabet=st.sampled_from('a{}"\\\n é<'), max_size=5)
# a network's containers: mappings of text with one set of keys, sometimes broken by a row
# with other keys, another order or a value that is not text
rows_of_text = st.lists(texts, min_size=1, max_size=4, unique=True).flatmap(
    lambda keys: st.dictionaries(
        texts,
        st.one_of(
            st.lists(texts, min_size=len(keys), max_size=len(keys)).map(
                lambda values: dict(zip(keys, values, strict=True))
            ),
            st.dictionaries(texts, texts | st.integers(), max_size=3),
        ),
        min_size=1,
        max_size=5,
    )
)


@given(rows_of_text, st.booleans())
def test_rows_of_text_are_indented_as_the_json_module_does(value, nested):
    document = {"Containers": value, "Name": "x"} if nested else value
    assert indent_json(document) == json.dumps(
        document, indent=4, separators=(",", ": "), ensure_ascii=False
    )


cells = st.text(alphabet=st.sampled_from("ab é漢\x01-"), max_size=6)


@given(
    st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(cells, min_size=n, max_size=n), max_size=6)
    )
)
def test_a_uniform_table_is_what_the_tabwriter_writes(rows):
    lines = ["\t".join(row) for row in rows]
    fast = uniform_table(lines)
    writer = TabWriter(10, 1, 3, " ", 0)
    for line in lines:
        writer.write(line + "\n")
    slow = writer.flush()
    if fast is not None:
        assert fast == slow
    else:  # only a table of one column (or no rows) is left to the writer
        assert not rows or len(rows[0]) == 1


def test_a_ragged_table_is_left_to_the_tabwriter():
    assert uniform_table(["a\tb", "c"]) is None
    assert uniform_table(["a\tb\nc", "d\te"]) is None


FIELDS = st.sampled_from(["A", "B", "Names", "x"])


@given(
    st.lists(st.tuples(st.text(alphabet="ab\t ", max_size=3), FIELDS), max_size=4),
    st.dictionaries(FIELDS, st.text(max_size=3) | st.integers() | st.none(), max_size=4),
)
def test_the_plain_field_path_is_the_executors(parts, data):
    text = "".join(f"{literal}{{{{.{field}}}}}" for literal, field in parts)
    tmpl = parse(text)
    assert tmpl.parts is not None
    slow = Exec(tmpl.trees, tmpl.text, BASIC_TABLE, False).run("", data)
    assert tmpl.execute(data) == slow


def test_templates_with_more_than_fields_take_the_executor():
    assert parse("{{.A}} {{if .B}}x{{end}}").parts is None
    assert parse("{{.A | upper}}").parts is None
    assert parse("{{.A.B}}").parts is None
    assert parse("{{$x := .A}}").parts is None


def _ipaddress_number(text: str) -> int:
    try:
        return int(ipaddress.IPv4Address(text))
    except ValueError:
        return -1


OCTETS = st.one_of(
    st.integers(0, 300).map(str),
    st.sampled_from(["", "00", "01", "007", "1000", "٣", "+1", " 1", "0x1", "-0"]),
)


@given(st.lists(OCTETS, min_size=1, max_size=6).map(".".join) | st.text(max_size=20))
def test_a_dotted_quad_reads_as_ipaddress_reads_it(text):
    from dockersim.model.tables import _to_int

    assert _to_int(text) == _ipaddress_number(text)
