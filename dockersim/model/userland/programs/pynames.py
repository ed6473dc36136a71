"""What CPython knows by name: its builtins, its standard modules, and the "Did you mean" hint.

pyeval simulates a few builtins; the others still exist in a real Python, so a name among them
is code pyeval does not simulate, never a `NameError`. A name that is nowhere gets CPython's
message, with the hint CPython adds to it (`traceback.TracebackException` in 3.10 and later):

    NameError: name 'pritn' is not defined. Did you mean: 'print'?
    NameError: name 'sys' is not defined. Did you forget to import 'sys'?   (3.12 and later)

The suggestion is the candidate nearest by an edit distance where inserting or deleting a
character costs 2, replacing it 2 (1 if only its case differs); a candidate counts when its
distance is at most (len(candidate) + len(name) + 3) * 2 // 6 and below the best so far, so
the first of equally near candidates wins. Candidates are the session's names, then the
builtins in the order of CPython's builtins module. Names longer than 40 characters, or more
than 750 candidates, get no suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable

_BUILTIN_NAMES = """
    __build_class__ __import__ abs all any ascii bin breakpoint callable chr compile delattr
    dir divmod eval exec format getattr globals hasattr hash hex id input isinstance
    issubclass iter aiter len locals max min next anext oct ord pow print repr round setattr
    sorted sum vars None Ellipsis NotImplemented False True bool memoryview bytearray bytes
    classmethod complex dict enumerate filter float frozenset property int list map object
    range reversed set slice staticmethod str super tuple type zip __debug__
    BaseException BaseExceptionGroup Exception GeneratorExit KeyboardInterrupt SystemExit
    ArithmeticError AssertionError AttributeError BufferError EOFError ImportError
    LookupError MemoryError NameError OSError ReferenceError RuntimeError StopAsyncIteration
    StopIteration SyntaxError SystemError TypeError ValueError Warning FloatingPointError
    OverflowError ZeroDivisionError BytesWarning DeprecationWarning EncodingWarning
    FutureWarning ImportWarning PendingDeprecationWarning ResourceWarning RuntimeWarning
    SyntaxWarning UnicodeWarning UserWarning BlockingIOError ChildProcessError
    ConnectionError BrokenPipeError ConnectionAbortedError ConnectionRefusedError
    ConnectionResetError FileExistsError FileNotFoundError IsADirectoryError
    NotADirectoryError InterruptedError PermissionError ProcessLookupError TimeoutError
    IndentationError IndexError KeyError ModuleNotFoundError NotImplementedError
    RecursionError UnboundLocalError UnicodeError UnicodeDecodeError UnicodeEncodeError
    UnicodeTranslateError TabError ExceptionGroup EnvironmentError IOError
    open quit exit copyright credits license help
"""
#: CPython 3.12's builtins, in the order of its builtins module (site adds the last six)
BUILTINS: tuple[str, ...] = tuple(_BUILTIN_NAMES.split())

_STDLIB_NAMES = """
    abc argparse array ast asyncio base64 binascii bisect builtins bz2 calendar cmath cmd
    codecs collections colorsys concurrent configparser contextlib contextvars copy csv
    ctypes dataclasses datetime decimal difflib dis email enum errno faulthandler fcntl
    filecmp fileinput fnmatch fractions ftplib functools gc getopt getpass gettext glob
    graphlib gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress
    itertools json keyword linecache locale logging lzma mailbox marshal math mimetypes
    mmap multiprocessing netrc numbers operator optparse os pathlib pdb pickle pkgutil
    platform plistlib poplib posix pprint profile pstats pty pwd queue quopri random re
    readline reprlib resource rlcompleter runpy sched secrets select selectors shelve shlex
    shutil signal site smtplib socket socketserver sqlite3 ssl stat statistics string
    stringprep struct subprocess symtable sys sysconfig syslog tabnanny tarfile tempfile
    termios textwrap threading time timeit tkinter token tokenize tomllib trace traceback
    tracemalloc tty turtle types typing unicodedata unittest urllib uuid venv warnings wave
    weakref webbrowser wsgiref xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
"""
#: top-level modules of CPython 3.12's standard library (`sys.stdlib_module_names`), the ones
#: a learner imports; a name here gets "Did you forget to import" in 3.12 and later
STDLIB: frozenset[str] = frozenset(_STDLIB_NAMES.split())

#: the globals every module starts with (candidates before the program's own names)
MODULE_GLOBALS = (
    "__name__", "__doc__", "__package__", "__loader__", "__spec__", "__annotations__",
    "__builtins__",
)  # fmt: skip

_MOVE_COST = 2
_CASE_COST = 1
_MAX_STRING = 40
_MAX_CANDIDATES = 750


def _distance(a: str, b: str) -> int:
    """The edit distance between two names with CPython's costs."""
    while a and b and a[0] == b[0]:
        a, b = a[1:], b[1:]
    while a and b and a[-1] == b[-1]:
        a, b = a[:-1], b[:-1]
    if not a or not b:
        return _MOVE_COST * (len(a) + len(b))
    previous = [_MOVE_COST * i for i in range(len(a) + 1)]
    for j, cb in enumerate(b, 1):
        current = [_MOVE_COST * j]
        for i, ca in enumerate(a, 1):
            change = 0 if ca == cb else _CASE_COST if ca.lower() == cb.lower() else _MOVE_COST
            current.append(
                min(previous[i] + _MOVE_COST, current[i - 1] + _MOVE_COST, previous[i - 1] + change)
            )
        previous = current
    return previous[-1]


def suggestion(name: str, candidates: Iterable[str]) -> str | None:
    """The name CPython suggests instead of `name`, or None."""
    pool = list(candidates)
    if len(pool) > _MAX_CANDIDATES or len(name) > _MAX_STRING:
        return None
    best: str | None = None
    best_distance = len(name)
    for candidate in pool:
        if candidate == name or len(candidate) > _MAX_STRING:
            continue
        limit = min((len(candidate) + len(name) + 3) * _MOVE_COST // 6, best_distance - 1)
        found = _distance(name, candidate)
        if found <= limit:
            best, best_distance = candidate, found
    return best


def name_error(name: str, names: Iterable[str], version: str) -> str:
    """The message of the NameError for `name` in a program holding `names`, as the Python of
    `version` (3.9, 3.12 ...) shows it."""
    message = f"name '{name}' is not defined"
    major_minor = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
    if major_minor < (3, 10):
        return message
    found = suggestion(name, [*MODULE_GLOBALS, *names, *BUILTINS])
    if found is not None:
        message += f". Did you mean: '{found}'?"
    if major_minor >= (3, 12) and name in STDLIB:
        message += (" Or did you" if found is not None else ". Did you") + (
            f" forget to import '{name}'?"
        )
    return message
