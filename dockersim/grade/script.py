"""Command lines as learners write them: command files and terminal transcripts.

A command file has one command line per line. A line whose first word starts with `#` is a
comment, and so is the rest of a line from an unquoted ` #`; a line ending in `\\` continues on
the next (the backslash and the line end are removed, as a shell does); blank lines are
skipped. A comment `# question: ID` sends the lines after it to that question.

A terminal transcript is what a terminal showed: lines starting with `$ ` are commands (a
command ending in `\\` continues on the next line, with or without a `> ` prompt), every other
line is output and is ignored. `$ # question: ID` switches the question there too. Terminal
colour codes and carriage returns are removed first.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"#\s*(?:question|task)\s*[:=]\s*([A-Za-z0-9][A-Za-z0-9_.:-]*)\s*", re.I)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

#: (question id, or "" before any marker; the command line)
Line = tuple[str, str]


def strip_comment(line: str) -> str:
    """`line` without a shell comment (`#` at the start of a word, outside quotes)."""
    quote = ""
    escaped = False
    for index, char in enumerate(line):
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index].rstrip()
    return line


def _marker(line: str) -> str | None:
    found = MARKER.fullmatch(line.strip())
    return found.group(1) if found else None


def command_lines(text: str) -> list[Line]:
    """The commands of a command file, each with the question it belongs to."""
    out: list[Line] = []
    question = ""
    pending = ""
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not pending:
            marker = _marker(raw)
            if marker is not None:
                question = marker
                continue
        line = pending + raw
        if line.endswith("\\") and not line.endswith("\\\\"):
            pending = line[:-1]
            continue
        pending = ""
        command = strip_comment(line).strip()
        if command:
            out.append((question, command))
    if pending.strip():
        command = strip_comment(pending).strip()
        if command:
            out.append((question, command))
    return out


def is_transcript(text: str) -> bool:
    return any(line.startswith("$ ") for line in clean(text).split("\n"))


def clean(text: str) -> str:
    return _ANSI.sub("", text).replace("\r\n", "\n").replace("\r", "")


def transcript_lines(text: str) -> list[Line]:
    """The commands typed in a terminal transcript (`$ ` lines and their continuations)."""
    script: list[str] = []
    continuing = False
    for line in clean(text).split("\n"):
        if continuing:
            part = line[2:] if line.startswith("> ") else line
            script[-1] += "\n" + part
            continuing = part.endswith("\\")
        elif line.startswith("$ "):
            script.append(line[2:])
            continuing = line.endswith("\\")
    return command_lines("\n".join(script))


HOME = "/home/student"
_HOME_WORDS = ("${HOME}", "$HOME", "${PWD}", "$PWD", "$(pwd)", "`pwd`")


def expand_home(line: str) -> str:
    """What bash would make of the home and working directory on a docker line.

    Docker lines run without a shell, but learners type `-v ~/site:/data` and
    `-v $(pwd)/site:/data`. Outside single quotes, `$HOME`, `${HOME}`, `$PWD`, `${PWD}`,
    `$(pwd)` and `` `pwd` `` become the simulated host's home (where every command starts),
    and so does a `~` that begins a word (followed by `/`, `:` or the word's end).
    """
    out: list[str] = []
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote == "'":
            quote = "" if char == "'" else quote
        elif char == "\\" and index + 1 < len(line):
            out.append(line[index : index + 2])
            index += 2
            continue
        elif char in "'\"" and (not quote or quote == char):
            quote = "" if quote else char
        elif char == "$" or char == "`":
            word = next((w for w in _HOME_WORDS if line.startswith(w, index)), "")
            if word:
                out.append(HOME)
                index += len(word)
                continue
        elif char == "~" and not quote and (index == 0 or line[index - 1] in " \t="):
            following = line[index + 1 : index + 2]
            if following in ("", "/", ":", " ", "\t"):
                out.append(HOME)
                index += 1
                continue
        out.append(char)
        index += 1
    return "".join(out)
