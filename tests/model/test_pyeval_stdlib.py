"""`python -c` imports the standard library lessons use and prints what CPython prints.

Expected texts are CPython 3.12's own output for the same code (the values come from
CPython's own algorithms: json's encoder, the Mersenne Twister behind `random.seed(42)`, re).
"""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.model.userland.programs.pyeval import run_code
from dockersim.model.userland.programs.pystdlib import PyHost

ENV = {"PYTHON_VERSION": "3.12.11", "HOME": "/root"}
TRACEBACK = 'Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n'


def py(code: str, host: PyHost | None = None) -> tuple[str, str, int]:
    return run_code(code, ENV, "3.12.11", "0123456789ab", 7, host=host)


@pytest.mark.parametrize(
    ("code", "out"),
    [
        (
            "import json; print(json.dumps({'b': 1, 'a': [1, 2]}, indent=2, sort_keys=True))",
            '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}\n',
        ),
        ("import json; print(json.dumps({'x': None, 'y': True}))", '{"x": null, "y": true}\n'),
        (
            "import json; d = json.loads('{\"x\": [1, 2.5, null]}'); print(d, d['x'][1])",
            "{'x': [1, 2.5, None]} 2.5\n",
        ),
        (
            "import math; print(math.sqrt(16), math.pi, math.floor(3.7), math.factorial(10))",
            "4.0 3.141592653589793 3 3628800\n",
        ),
        ("import random; random.seed(42); print(random.randint(1, 100))", "82\n"),
        ("import random; random.seed(1); print(random.random())", "0.13436424411240122\n"),
        (
            "import sys; print(sys.version_info)",
            "sys.version_info(major=3, minor=12, micro=11, releaselevel='final', serial=0)\n",
        ),
        ("import sys; n = sys.stdout.write('hi\\n'); print(n)", "hi\n3\n"),
        ("import sys; print(sys.argv, sys.platform)", "['-c'] linux\n"),
        (
            "import os; print(os.name, os.path.join('a', 'b.txt'), os.path.splitext('x.tar.gz'))",
            "posix a/b.txt ('x.tar', '.gz')\n",
        ),
        ("import os.path; print(os.path.basename('/a/b.txt'))", "b.txt\n"),
        (
            "from collections import Counter; print(Counter('hello world').most_common(2))",
            "[('l', 3), ('o', 2)]\n",
        ),
        (
            "from collections import defaultdict; d = defaultdict(list); d['a'].append(1); "
            "print(d)",
            "defaultdict(<class 'list'>, {'a': [1]})\n",
        ),
        (
            "from collections import namedtuple; P = namedtuple('P', 'x y'); p = P(1, y=2); "
            "print(p, p.x + p.y)",
            "P(x=1, y=2) 3\n",
        ),
        (
            "from collections import deque; q = deque([1, 2]); q.appendleft(0); print(q)",
            "deque([0, 1, 2])\n",
        ),
        (
            "import re; m = re.match(r'(\\w+) (\\w+)', 'hello world'); print(m.group(2), m)",
            "world <re.Match object; span=(0, 11), match='hello world'>\n",
        ),
        (
            "import re; print(re.findall(r'\\d+', 'a1b22c333'), re.sub('a', 'o', 'banana'))",
            "['1', '22', '333'] bonono\n",
        ),
        (
            "import itertools; print(list(itertools.combinations('abc', 2)))",
            "[('a', 'b'), ('a', 'c'), ('b', 'c')]\n",
        ),
        ("from functools import reduce; print(reduce(max, [3, 9, 2]))", "9\n"),
        (
            "import string; print(string.ascii_lowercase, string.digits)",
            "abcdefghijklmnopqrstuvwxyz 0123456789\n",
        ),
        (
            "import textwrap; print(textwrap.fill('one two three four', width=9))",
            "one two\nthree\nfour\n",
        ),
        ("import textwrap; print(textwrap.dedent('    a\\n      b'))", "a\n  b\n"),
        (
            "import platform; print(platform.system(), platform.machine(), "
            "platform.python_version())",
            "Linux x86_64 3.12.11\n",
        ),
        (
            "import socket; print(socket.gethostname(), socket.gethostbyname('localhost'))",
            "0123456789ab 127.0.0.1\n",
        ),
        (
            "import json; print(json)",
            "<module 'json' from '/usr/local/lib/python3.12/json/__init__.py'>\n",
        ),
        ("import sys, os; print(sys, os)", "<module 'sys' (built-in)> <module 'os' (frozen)>\n"),
        (
            "x = {'a': 1}; x['b'] = 2; x['a'] += 5; print(x, len(x), x.get('c', 0))",
            "{'a': 6, 'b': 2} 2 0\n",
        ),
        (
            "a, b = 1, 2; print(a + b, (a, b), 'abc'[::-1], 'Hi'.upper(), ', '.join(['x', 'y']))",
            "3 (1, 2) cba HI x, y\n",
        ),
        (
            "print(sorted([3, 1, 2]), 'y' if 0 else 'n', not 0, 1 and 2, {1, 1, 2})",
            "[1, 2, 3] n True 2 {1, 2}\n",
        ),
        (
            "from datetime import datetime, timedelta; d = datetime(2025, 6, 15, 12, 0); "
            "print(d + timedelta(days=1), d.strftime('%Y/%m/%d'))",
            "2025-06-16 12:00:00 2025/06/15\n",
        ),
    ],
)
def test_the_standard_library_answers_as_cpython(code: str, out: str) -> None:
    assert py(code) == (out, "", 0)


@pytest.mark.parametrize(
    ("code", "last"),
    [
        (
            "import json; json.loads('nope')",
            "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
        ),
        (
            "import json; json.dumps({1, 2})",
            "TypeError: Object of type set is not JSON serializable",
        ),
        (
            "import json; json.dumpz(1)",
            "AttributeError: module 'json' has no attribute 'dumpz'. Did you mean: 'dump'?",
        ),
        (
            "from json import nope",
            "ImportError: cannot import name 'nope' from 'json' "
            "(/usr/local/lib/python3.12/json/__init__.py)",
        ),
        ("import math; math.sqrt(-1)", "ValueError: math domain error"),
        ("import nosuchmodule", "ModuleNotFoundError: No module named 'nosuchmodule'"),
        ("import flask", "ModuleNotFoundError: No module named 'flask'"),
        ("import time; time.sleep(-1)", "ValueError: sleep length must be non-negative"),
        ("d = {}; d['k']", "KeyError: 'k'"),
        ("a, b = [1, 2, 3]", "ValueError: too many values to unpack (expected 2)"),
        ("print(list(1))", "TypeError: 'int' object is not iterable"),
        (
            "import socket; socket.gethostbyname('nosuch.invalid')",
            "socket.gaierror: [Errno -2] Name or service not known",
        ),
    ],
)
def test_errors_are_cpythons_tracebacks(code: str, last: str) -> None:
    assert py(code) == ("", f"{TRACEBACK}{last}\n", 1)


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("import csv", "the module csv"),
        ("import json; json.JSONEncoder", "json.JSONEncoder"),
        ("import os; os.system('ls')", "os.system"),
        ("'abc'.encode()", "str.encode"),
        ("for i in range(3): print(i)", "'for' loops"),
    ],
)
def test_what_it_does_not_simulate_is_said_and_fails(code: str, what: str) -> None:
    note = (
        f"dockersim: not simulated in python3: {what} (dockersim runs a small subset of Python)\n"
    )
    assert py(code) == ("", note, 1)


def test_memory_bombs_through_methods_are_memory_errors() -> None:
    out, err, status = py("s = 'x' * 1000; t = s.center(10**12)")
    assert (out, err, status) == ("", f"{TRACEBACK}MemoryError\n", 1)


def test_random_without_a_seed_is_reproducible() -> None:
    code = "import random; print(random.randint(1, 10**9))"
    assert py(code) == py(code)


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine(seed=0)
    assert engine.docker(["pull", "-q", "python:3.12-slim"]).exit_code == 0
    return engine


def run(engine: Engine, script: str) -> tuple[str, str, int]:
    result = engine.docker(["run", "--rm", "python:3.12-slim", "sh", "-c", script])
    return result.stdout, result.stderr, result.exit_code


def test_files_are_the_containers(engine: Engine) -> None:
    code = (
        "from pathlib import Path; p = Path('/tmp') / 'note.txt'; n = p.write_text('hi'); "
        "print(n, p, repr(p), p.exists(), p.read_text(), p.suffix, p.parent)"
    )
    script = f'python -c "{code}"; cat /tmp/note.txt; echo'
    assert run(engine, script) == (
        "2 /tmp/note.txt PosixPath('/tmp/note.txt') True hi .txt /tmp\nhi\n",
        "",
        0,
    )


def test_os_sees_the_containers_directories_and_environment(engine: Engine) -> None:
    code = "import os; print(os.getcwd(), sorted(os.listdir('/app')), os.environ['GREETING'])"
    script = f'mkdir /app && cd /app && touch b a && GREETING=hey python -c "{code}"'
    assert run(engine, script) == ("/app ['a', 'b'] hey\n", "", 0)


def test_listing_a_missing_directory_is_file_not_found(engine: Engine) -> None:
    out, err, status = run(engine, "python -c \"import os; os.listdir('/nope')\"")
    last = "FileNotFoundError: [Errno 2] No such file or directory: '/nope'\n"
    assert (out, err, status) == ("", TRACEBACK + last, 1)


def test_sleep_takes_virtual_time(engine: Engine) -> None:
    code = "import time; t = time.time(); time.sleep(5); print(round(time.time() - t))"
    assert run(engine, f'python -c "{code}"') == ("5\n", "", 0)
