"""Generated shell lines on the host (bash) and in containers (dash, busybox ash, bash).

Lines are built from shell fragments a learner or a fuzzer would type: metacharacters,
expansions, arithmetic, redirections, here-docs, printf formats, cut/awk/sed/tr arguments,
hostile words. Every line ends with a status and no traceback; the simulation's limits (steps,
output, memory) stop what would run forever.
"""

from __future__ import annotations

from fuzzkit import budget, check_result, fresh_copy, guarded
from hypothesis import given
from hypothesis import strategies as st

WORDS = st.sampled_from(
    [
        "",
        "x",
        "a b",
        "-",
        "--",
        "-n",
        "-e",
        "0",
        "-1",
        "1",
        "3",
        "99999999999999999999",
        "2147483648",
        "1e400",
        "0x1f",
        "010",
        "08",
        "'a",
        "nan",
        "é",
        "²",
        "\\n",
        "\\c",
        "\\x",
        "\\0101",
        "%",
        "%s",
        "%d",
        "%*d",
        "%.*f",
        "%-5s|",
        "%b",
        "%q",
        "%(%Y)T",
        "%z",
        "%5%",
        "1-x",
        "1-",
        "-2",
        "2-1",
        "1,3",
        ",",
        ":",
        "/etc/passwd",
        "/nope",
        "/",
        ".",
        "*",
        "?",
        "[a-",
        "{a,b}",
        "{1..3}",
        "~",
        "$HOME",
        "${x:-y}",
        "${#x}",
        "${x%%*}",
        "${x/a/b}",
        "${x:?no}",
        "${!x}",
        "$((1/0))",
        "$((2**63))",
        "$((-9223372036854775808/-1))",
        "$((1<<64))",
        "$((x+))",
        "$(echo hi)",
        "`echo hi`",
        "$?",
        "$$",
        "$#",
        "$@",
        "'single'",
        '"double $x"',
        "s/a/b/g",
        "s/(/x/",
        "y/abc/xyz/",
        "{print $1}",
        "{print $1/0}",
        "BEGIN{print 1}",
        "[[:alpha:]]",
        "a-z",
        "z-a",
        "\\",
    ]
)
PROGRAMS = st.sampled_from(
    [
        "echo",
        "printf",
        "cut -c",
        "cut -f",
        "cut -d: -f",
        "awk",
        "sed",
        "sed -n",
        "tr",
        "tr -d",
        "seq",
        "head -n",
        "tail -n",
        "sort -k",
        "sort -n",
        "wc -l",
        "grep",
        "grep -E",
        "expr",
        "test",
        "[",
        "cat",
        "ls",
        "ls -l",
        "find",
        "xargs echo",
        "date +%s",
        "basename",
        "dirname",
        "env",
        "id",
        "stat",
        "read x",
        "set --",
        "shift",
        "export",
        "unset",
        "local",
        "eval",
        "exit",
        "return",
        "kill",
        "sleep",
        "true",
        "false",
        ":",
        "cd",
        "pwd",
        "umask",
        "type",
        "command -v",
        "hash",
        "trap",
        "wait",
        "getopts ab: o",
        "let",
        "declare -i x=",
        "printf -v x",
        "mkdir -p",
        "touch",
        "rm -f",
        "cp",
        "ln -s",
        "chmod",
        "python3 -c",
        "curl -s",
        "ping -c 1",
        "nslookup",
    ]
)
GLUE = st.sampled_from([" | ", " && ", " || ", "; ", " & ", "\n"])
REDIRECT = st.sampled_from(
    [
        "",
        "",
        " > /tmp/o",
        " >> /tmp/o",
        " < /etc/passwd",
        " 2>&1",
        " 2>/dev/null",
        " >&-",
        " 3>&1 1>&2 2>&3",
        " < /nope",
        " > /",
        " <<EOF\nhere $x\nEOF\n",
        " <<'EOF'\nlit $x\nEOF\n",
        " <<< word",
    ]
)
WRAP = st.sampled_from(
    ["{}", "({})", "$({})", "if {}; then echo y; fi", "for i in 1 2; do {}; done",
     "f() {{ {}; }}; f", "while false; do {}; done", "case x in x) {};; esac", "! {}",
     "x=$({}); echo \"$x\""]
)  # fmt: skip


@st.composite
def simple(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS | st.text(max_size=6), max_size=4))
    quoted = [w if draw(st.booleans()) else "'" + w.replace("'", "") + "'" for w in words]
    return " ".join([draw(PROGRAMS), *quoted]) + draw(REDIRECT)


@st.composite
def shell_lines(draw: st.DrawFn) -> str:
    line = draw(simple())
    for _ in range(draw(st.integers(0, 2))):
        line += draw(GLUE) + draw(simple())
    if draw(st.booleans()):
        line = draw(WRAP).format(line)
    return line


@budget(150)
@given(shell_lines())
def test_a_generated_host_line_never_raises(line):
    engine = fresh_copy()
    check_result(guarded(engine.host, line))


@budget(100)
@given(shell_lines(), st.sampled_from(["web sh", "web bash", "onov sh"]))
def test_a_generated_container_line_never_raises(line, where):
    # dash and bash in the debian-based nginx container, busybox ash in an alpine one
    container, shell = where.split()
    engine = fresh_copy()
    check_result(guarded(engine.docker, ["exec", container, shell, "-c", line]))
