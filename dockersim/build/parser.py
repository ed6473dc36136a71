r"""The Dockerfile parser, as buildkit's frontend/dockerfile/parser reads a file.

grammar (parser.go, directives.go):
    file        := directive* line*
    directive   := "#" ws* key ws* "=" ws* value        (only before anything else)
    line        := ws* (comment | instruction)
    comment     := "#" any*                            (dropped, also inside continuations)
    instruction := word ws+ flags args (escape ws* newline continuation)*
    flags       := ("--" word ws+)*
The escape character (`\\`, or a backtick with `# escape=\``) at the end of a line joins the
next line without adding a space; blank continuation lines are skipped with a warning; a
`<<EOF` word in RUN, COPY and ADD starts a heredoc.
"""

from __future__ import annotations

import re

import attrs

from dockersim.build import line_parsers
from dockersim.build.ast import Heredoc, Node
from dockersim.build.errors import DockerfileError
from dockersim.build.shell import Lex

#: bufio.MaxScanTokenSize - 1
MAX_LINE = 65535
DIRECTIVE = re.compile(r"([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*(.+?)[\t\n\f\r ]*")
VALID_DIRECTIVES = frozenset({"syntax", "escape", "check"})
HEREDOC = re.compile(r"(\d*)<<(-?)[\t\n\f\r ]*([^<]*)")
HEREDOC_INSTRUCTIONS = frozenset({"add", "copy", "run"})
EMPTY_CONTINUATION_URL = "https://docs.docker.com/go/dockerfile/rule/no-empty-continuation/"


@attrs.frozen
class Warning:
    """A parser warning (today only empty continuation lines)."""

    short: str
    line: int
    url: str = EMPTY_CONTINUATION_URL


@attrs.frozen
class ParseResult:
    nodes: tuple[Node, ...]
    escape: str = "\\"
    warnings: tuple[Warning, ...] = ()
    directives: tuple[tuple[str, str], ...] = ()

    def directive(self, name: str) -> str | None:
        return dict(self.directives).get(name)


class _Directives:
    """The escape token and the parser-directive scanner (directives.go DirectiveParser)."""

    def __init__(self) -> None:
        self.escape = "\\"
        self.continuation = _continuation_re("\\")
        self.done = False
        self.seen: dict[str, str] = {}

    def set_escape(self, token: str) -> None:
        if token not in ("`", "\\"):
            raise DockerfileError(f"invalid escape token '{token}' does not match ` or \\")
        self.escape = token
        self.continuation = _continuation_re(token)

    def possible_directive(self, line: str) -> bool:
        if self.done:
            return False
        if not line.startswith("#"):
            self.done = True
            return False
        match = DIRECTIVE.fullmatch(_lstrip(line[1:]))
        if match is None:
            self.done = True
            return False
        key = match.group(1).lower()
        if key not in VALID_DIRECTIVES:
            self.done = True
            return False
        if key in self.seen:
            raise DockerfileError(f"only one {key} parser directive can be used")
        self.seen[key] = match.group(2)
        if key == "escape":
            self.set_escape(match.group(2))
        return True


def _continuation_re(token: str) -> re.Pattern[str]:
    t = re.escape(token)
    return re.compile(rf"([^{t}]){t}[ \t]*\Z|^{t}[ \t]*\Z")


def _lstrip(text: str) -> str:
    return text.lstrip()


def _is_comment(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith("#")


def _trim_newline(line: str) -> str:
    return line.rstrip("\r\n")


def _trim_continuation(line: str, d: _Directives) -> tuple[str, bool]:
    match = d.continuation.search(line)
    if match is None:
        return line, True
    return line[: match.start()] + (match.group(1) or ""), False


def _process_line(d: _Directives, line: str, strip_left: bool) -> tuple[str, bool]:
    line = _trim_newline(line)
    if strip_left:
        line = _lstrip(line)
    found = d.possible_directive(line)
    return ("" if _is_comment(line) else line), found


def parse(text: str | bytes) -> ParseResult:
    """Parse a whole Dockerfile; raises DockerfileError with buildkit's text and lines."""
    data = text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text
    lines = _split_keep(data)
    d = _Directives()
    nodes: list[Node] = []
    warnings: list[Warning] = []
    comments: list[str] = []
    current = 0
    index = 0
    while index < len(lines):
        raw = lines[index]
        index += 1
        if len(raw.encode()) > MAX_LINE + 1:
            raise DockerfileError(
                f"dockerfile line greater than max allowed size of {MAX_LINE}"
            ).located(current)
        if current == 0 and raw.startswith("\ufeff"):
            raw = raw[1:]
        if _is_comment(raw):
            comment = raw[1:].strip()
            comments = [*comments, comment] if comment else []
        try:
            body, is_directive = _process_line(d, raw, True)
        except DockerfileError as exc:
            raise exc.located(current) from None
        if is_directive and comments:
            comments = comments[:-1]
        current += 1
        start = current
        body, end_of_line = _trim_continuation(body, d)
        if end_of_line and body == "":
            continue
        buf = [body]
        empty_continuation = False
        while not end_of_line and index < len(lines):
            raw_next = lines[index]
            index += 1
            try:
                part, _ = _process_line(d, raw_next, False)
            except DockerfileError as exc:
                raise exc.located(current) from None
            current += 1
            if _is_comment(raw_next):
                continue
            if _trim_newline(part).lstrip() == "":
                empty_continuation = True
                continue
            part, end_of_line = _trim_continuation(part, d)
            buf.append(part)
        line = "".join(buf)
        if empty_continuation:
            warnings.append(Warning("Empty continuation line found in: " + line, current))
        try:
            node = _node_from_line(line, d, tuple(comments))
        except DockerfileError as exc:
            raise exc.located(start, current) from None
        heredocs: list[Heredoc] = []
        if _can_contain_heredoc(node) and "<<" in line:
            for doc in _heredocs_from_line(line):
                content = [doc.content]
                terminated = False
                while index < len(lines):
                    raw_doc = lines[index]
                    index += 1
                    current += 1
                    candidate = _trim_newline(raw_doc)
                    if doc.chomp:
                        candidate = candidate.lstrip("\t")
                    if candidate == doc.name:
                        terminated = True
                        break
                    content.append(raw_doc)
                if not terminated:
                    raise DockerfileError("unterminated heredoc").located(start, current)
                heredocs.append(attrs.evolve(doc, content="".join(content)))
        nodes.append(
            attrs.evolve(node, start_line=start, end_line=current, heredocs=tuple(heredocs))
        )
        comments = []
    if not nodes:
        raise DockerfileError("file with no instructions").located(current)
    return ParseResult(tuple(nodes), d.escape, tuple(warnings), tuple(d.seen.items()))


def _split_keep(data: str) -> list[str]:
    """Lines with their `\\n` kept (bufio scanLines variant); a last line may lack it."""
    out: list[str] = []
    start = 0
    while start < len(data):
        end = data.find("\n", start)
        if end < 0:
            out.append(data[start:])
            break
        out.append(data[start : end + 1])
        start = end + 1
    return out


def _node_from_line(line: str, d: _Directives, comments: tuple[str, ...]) -> Node:
    command, flags, rest = line_parsers.split_command(line, d.escape)
    keyword = command.lower()
    if keyword == "onbuild":
        if rest == "":
            args: tuple[Node, ...] = ()
        else:
            args = (Node("", children=(_node_from_line(rest, d, ()),)),)
        return Node(command, args, flags=flags, original=line, comments=comments)
    parser = line_parsers.DISPATCH.get(keyword, line_parsers.parse_ignore)
    args, is_json = parser(rest, d.escape)
    return Node(command, args, flags=flags, json=is_json, original=line, comments=comments)


def _can_contain_heredoc(node: Node) -> bool:
    if node.keyword == "onbuild" and node.next and node.next[0].children:
        node = node.next[0].children[0]
    return node.keyword in HEREDOC_INSTRUCTIONS and not node.json


def parse_heredoc(word: str) -> Heredoc | None:
    """parser.ParseHeredoc: `[fd]<<[-]WORD` (quotes around WORD disable expansion)."""
    match = HEREDOC.fullmatch(word)
    if match is None or not match.group(3):
        return None
    rest = match.group(3)
    lex = Lex("\\", skip_unset_env=True)
    words = lex.process_words(rest, {})
    if len(words) != 1:
        return None
    raw = Lex("\\", raw_quotes=True, skip_unset_env=True).process_words(rest, {})
    quotes = words[0].count("'") + words[0].count('"')
    raw_quotes = raw[0].count("'") + raw[0].count('"')
    return Heredoc(
        words[0],
        expand=quotes == raw_quotes,
        chomp=match.group(2) == "-",
        fd=int(match.group(1) or 0),
    )


def _heredocs_from_line(line: str) -> list[Heredoc]:
    lex = Lex("\\", raw_quotes=True, raw_escapes=True, skip_unset_env=True)
    try:
        words = lex.process_words(line, {})
    except ValueError:
        words = []
    docs: list[Heredoc] = []
    for word in words:
        doc = parse_heredoc(word)
        if doc is not None:
            docs.append(doc)
    return docs


def chomp_heredoc(content: str) -> str:
    return re.sub(r"(?m)^\t+", "", content)
