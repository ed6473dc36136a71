"""A small, safe Markdown renderer for lesson text (the page's left column).

A lesson file is untrusted, so everything is escaped first and only a handful of constructs
become markup: `#` headings (shown one level down, under the lesson's own title), paragraphs,
`-`/`*` and `1.` lists, fenced code blocks, `` `code` ``, `**bold**` and `*emphasis*`. Links
are shown as their text followed by the address in parentheses, never as an anchor: a lesson
cannot make the learner's browser go anywhere. No raw HTML passes through, and no attribute
is ever written from the lesson's text.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPH = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,9}[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def inline(text: str) -> str:
    """One line's inline markup, escaped: code spans keep their text exactly as written."""
    pieces: list[str] = []
    last = 0
    for match in _CODE.finditer(text):
        pieces.append(_styled(text[last : match.start()]))
        pieces.append(f"<code>{html.escape(match.group(1))}</code>")
        last = match.end()
    pieces.append(_styled(text[last:]))
    return "".join(pieces)


def _styled(text: str) -> str:
    out = html.escape(text, quote=True)
    out = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _EMPH.sub(r"<em>\1</em>", out)


def render(text: str) -> str:
    """The HTML of a lesson's Markdown `text` (block by block; see the module docstring)."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""  # "ul" or "ol" while a list is open

    def flush() -> None:
        nonlocal kind
        if paragraph:
            out.append("<p>" + " ".join(inline(p) for p in paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append(f"<{kind}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{kind}>")
            items.clear()
            kind = ""

    lines = text.replace("\r\n", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            code: list[str] = []
            while index < len(lines) and not lines[index].strip().startswith("```"):
                code.append(lines[index])
                index += 1
            index += 1  # the closing fence (or the end of the text)
            out.append("<pre><code>" + html.escape("\n".join(code)) + "</code></pre>")
            continue
        if not stripped:
            flush()
            continue
        heading = _HEADING.match(stripped)
        if heading:
            flush()
            level = min(len(heading.group(1)) + 2, 6)
            out.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
            continue
        for pattern, name in ((_BULLET, "ul"), (_NUMBERED, "ol")):
            item = pattern.match(line)
            if item:
                if paragraph or (kind and kind != name):
                    flush()
                kind = name
                items.append(item.group(1))
                break
        else:
            if items and line.startswith((" ", "\t")):
                items[-1] += " " + stripped  # a list item's continuation line
            else:
                if items:
                    flush()
                paragraph.append(stripped)
    flush()
    return "\n".join(out)
