"""Flask's `render_template` on the safe Jinja renderer: a templated page returns its HTML."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.engine.programs.jinja import render
from dockersim.engine.programs.jinja_expr import TemplateError

APP = """from flask import Flask, render_template

app = Flask(__name__)
TODOS = [{"title": "Learn Docker", "done": True}, {"title": "Write <html>", "done": False}]


@app.route("/")
def index():
    return render_template("index.html", todos=TODOS, user="ada lovelace")


@app.route("/hello/<name>")
def hello(name):
    return render_template("hello.html", name=name)


@app.route("/broken")
def broken():
    return render_template("nope.html")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
"""
BASE = (
    "<!doctype html>\n<html>\n<head><title>{% block title %}Todos{% endblock %}</title>\n"
    "<link rel=\"stylesheet\" href=\"{{ url_for('static', filename='style.css') }}\"></head>\n"
    "<body>\n{% block content %}{% endblock %}\n{% include 'footer.html' %}\n</body>\n</html>\n"
)
INDEX = (
    '{% extends "base.html" %}\n{% block title %}Home - {{ super() }}{% endblock %}\n'
    "{% block content %}\n<h1>{{ user|title }}'s {{ todos|length }} todos</h1>\n<ul>\n"
    "{% for todo in todos %}\n  <li>{{ loop.index }}. {{ todo.title }}"
    "{% if todo.done %} (done){% else %} (open){% endif %}</li>\n{% endfor %}\n</ul>\n"
    "<a href=\"{{ url_for('hello', name='bob') }}\">hi</a>\n{% endblock %}\n"
)
PAGE = """<!doctype html>
<html>
<head><title>Home - Todos</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body>

<h1>Ada Lovelace's 2 todos</h1>
<ul>

  <li>1. Learn Docker (done)</li>

  <li>2. Write &lt;html&gt; (open)</li>

</ul>
<a href="/hello/bob">hi</a>

<footer>made with Flask</footer>
</body>
</html>"""


def _site(engine: Engine) -> None:
    d = "/home/student/site"
    engine.host_write(
        f"{d}/Dockerfile",
        "FROM python:3.12-slim\nWORKDIR /app\nRUN pip install flask\nCOPY . .\n"
        'CMD ["python", "app.py"]\n',
    )
    engine.host_write(f"{d}/app.py", APP)
    engine.host_write(f"{d}/templates/base.html", BASE)
    engine.host_write(f"{d}/templates/index.html", INDEX)
    engine.host_write(f"{d}/templates/footer.html", "<footer>made with Flask</footer>\n")
    engine.host_write(f"{d}/templates/hello.html", "<p>Hello, {{ name }}!</p>\n")
    engine.host_write(f"{d}/static/style.css", "body { color: red; }\n")
    assert engine.docker("build -q -t site site").exit_code == 0
    assert engine.docker("run -d --name web -p 5000:5000 site").exit_code == 0
    engine.advance(1)


def test_get_root_returns_the_rendered_page(engine: Engine) -> None:
    # given
    _site(engine)
    # when
    page = engine.host("curl -s http://localhost:5000/")
    hello = engine.host("curl -s http://localhost:5000/hello/%3Cb%3Eeve")
    css = engine.host("curl -si http://localhost:5000/static/style.css")
    # then
    assert page.stdout == PAGE
    assert hello.stdout == "<p>Hello, &lt;b&gt;eve!</p>"
    assert "Content-Type: text/css; charset=utf-8" in css.stdout
    assert css.stdout.endswith("\r\n\r\nbody { color: red; }\n") or css.stdout.endswith(
        "\n\nbody { color: red; }\n"
    )


def test_missing_template_is_a_500_and_flasks_error_log(engine: Engine) -> None:
    # given
    _site(engine)
    # when
    answer = engine.host("curl -si http://localhost:5000/broken")
    logs = engine.docker("logs web").stderr
    # then
    assert answer.stdout.splitlines()[0] == "HTTP/1.1 500 INTERNAL SERVER ERROR"
    assert "<title>500 Internal Server Error</title>" in answer.stdout
    assert "] ERROR in app: Exception on /broken [GET]\nTraceback (most recent call last):\n" in (
        logs
    )
    assert (
        '  File "/app/app.py", line 19, in broken\n    return render_template("nope.html")\n'
        "jinja2.exceptions.TemplateNotFound: nope.html\n"
    ) in logs
    assert logs.endswith('"\x1b[35m\x1b[1mGET /broken HTTP/1.1\x1b[0m" 500 -\n')


def _one(source: str, name: str = "t.html", **context: object) -> str:
    templates = {name: source, "part.html": "[{{ x }}]\n"}
    urls = {"url_for": lambda endpoint, **values: f"/{endpoint}"}
    return render(name, context, templates.get, urls)


@pytest.mark.parametrize(
    ("source", "context", "expected"),
    [
        (
            "{{ user.name }} {{ user['age'] }} {{ items[1] }}",
            {"user": {"name": "ann", "age": 3}, "items": [1, 2]},
            "ann 3 2",
        ),
        (
            "{{ s|upper }} {{ s|lower }} {{ s|title }} {{ s|length }}",
            {"s": "hEllo wOrld"},
            "HELLO WORLD hello world Hello World 11",
        ),
        (
            "{{ missing|default('none') }} {{ ''|default('x', true) }} {{ missing }}.",
            {},
            "none x .",
        ),
        (
            "{{ h }} {{ h|safe }} {{ h|e }} {{ ['<a>', 'b']|join(', ') }}",
            {"h": "<i>'\"&"},
            "&lt;i&gt;&#39;&#34;&amp; <i>'\"& &lt;i&gt;&#39;&#34;&amp; &lt;a&gt;, b",
        ),
        (
            "{% for x in xs %}{{ loop.index }}{{ x }}{% if not loop.last %},{% endif %}"
            "{% else %}empty{% endfor %}",
            {"xs": "ab"},
            "1a,2b",
        ),
        ("{% for x in xs %}{{ x }}{% else %}empty{% endfor %}", {"xs": []}, "empty"),
        ("{% if n > 2 %}big{% elif n == 2 %}two{% else %}small{% endif %}", {"n": 2}, "two"),
        (
            "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
            {"d": {"a": 1, "b": 2}},
            "a=1;b=2;",
        ),
        ("{% include 'part.html' %}{% set x = 5 %}{{ x * 2 }}", {"x": 1}, "[1]10"),
        ("  {%- if true -%}  yes  {%- endif %}\n", {}, "yes"),
        ("{{ url_for('static') }} {{ 'a' ~ 1 }} {{ 7 // 2 }} {{ 7 / 2 }}", {}, "/static a1 3 3.5"),
        ("{# a comment #}{% raw %}{{ kept }}{% endraw %}", {}, "{{ kept }}"),
    ],
)
def test_jinja_features(source: str, context: dict[str, object], expected: str) -> None:
    assert _one(source, **context) == expected


def test_no_autoescape_outside_html_templates() -> None:
    assert _one("{{ h }}", "t.txt", h="<b>") == "<b>"


@pytest.mark.parametrize(
    ("source", "kind", "message"),
    [
        ("{{ nope.attr }}", "jinja2.exceptions.UndefinedError", "'nope' is undefined"),
        ("{{ d.a.b }}", "jinja2.exceptions.UndefinedError", "'dict object' has no attribute 'a'"),
        ("{% if x %}", "jinja2.exceptions.TemplateSyntaxError",
         "Unexpected end of template. Jinja was looking for the following tags: 'elif' or "
         "'else' or 'endif'. The innermost block that needs to be closed is 'if'."),
        ("{% for x in y %}{% endif %}", "jinja2.exceptions.TemplateSyntaxError",
         "Encountered unknown tag 'endif'. Jinja was looking for the following tags: 'endfor' "
         "or 'else'. The innermost block that needs to be closed is 'for'."),
        ("{{ x|shout }}", "jinja2.exceptions.TemplateAssertionError", "No filter named 'shout'."),
        ("{% include 'gone.html' %}", "jinja2.exceptions.TemplateNotFound", "gone.html"),
    ],
)  # fmt: skip
def test_errors_as_jinja_words_them(source: str, kind: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        _one(source, d={})
    assert (caught.value.kind, caught.value.message) == (kind, message)


def test_bounded_loops_and_no_python() -> None:
    with pytest.raises(TemplateError) as caught:
        _one("{% for i in range(100000) %}{% for j in range(100) %}{% endfor %}{% endfor %}")
    assert caught.value.message == "not simulated: over 100000 loop steps"
    # attributes reach only items and a few harmless methods, never Python's internals
    assert _one("{{ s.__class__ }}|{{ d.__init__ }}|{{ d.pop }}", s="x", d={}) == "||"
