"""The lesson text renderer: the Markdown lessons use, and nothing a lesson could abuse."""

from __future__ import annotations

import re

import pytest

from dockersim.web.markdown import render


def test_the_markdown_lessons_use() -> None:
    text = (
        "# Ports\n"
        "Publish a port with `-p 8080:80`, then **curl** it.\n"
        "It is *easy*.\n"
        "\n"
        "- one\n"
        "- two `x`\n"
        "  continued\n"
        "\n"
        "1. first\n"
        "2. second\n"
        "\n"
        "```\n"
        "docker run -p 8080:80 nginx\n"
        "```\n"
    )
    assert render(text) == (
        "<h3>Ports</h3>\n"
        "<p>Publish a port with <code>-p 8080:80</code>, then <strong>curl</strong> it. "
        "It is <em>easy</em>.</p>\n"
        "<ul><li>one</li><li>two <code>x</code> continued</li></ul>\n"
        "<ol><li>first</li><li>second</li></ol>\n"
        "<pre><code>docker run -p 8080:80 nginx</code></pre>"
    )


def test_code_is_shown_exactly_as_written() -> None:
    assert render("`a **b** <c> & 'd'`") == (
        "<p><code>a **b** &lt;c&gt; &amp; &#x27;d&#x27;</code></p>"
    )
    assert render("```\n<b>\n  **x**\n```") == "<pre><code>&lt;b&gt;\n  **x**</code></pre>"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"),
        ("[x](javascript:alert(1))", "<p>x (javascript:alert(1))</p>"),
        ('[x](http://a" onmouseover="b)', "<p>[x](http://a&quot; onmouseover=&quot;b)</p>"),
        ("**<b>**", "<p><strong>&lt;b&gt;</strong></p>"),
        ("# <h1>", "<h3>&lt;h1&gt;</h3>"),
        ("- <li>", "<ul><li>&lt;li&gt;</li></ul>"),
        ("&lt;already&gt;", "<p>&amp;lt;already&amp;gt;</p>"),
        (
            "```\n</code></pre><script>",
            "<pre><code>&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;</code></pre>",
        ),
    ],
)
def test_nothing_in_a_lesson_becomes_markup(text: str, html: str) -> None:
    assert render(text) == html


def test_no_attribute_is_ever_written() -> None:
    hostile = "\n".join(
        ['<a href="x">', "[a](b)", "**x** *y*", "`z`", "# h", "- i", "1. j", "```", "k", "```"]
    )
    tags = re.findall(r"<(/?)([^>]*)>", render(hostile))
    assert {name for _, name in tags} == {
        "p",
        "strong",
        "em",
        "code",
        "h3",
        "ul",
        "li",
        "ol",
        "pre",
    }
