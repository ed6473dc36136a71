"""One help style for every `dockersim` command: usage, what it does, its arguments and options
with plain metavars (`PATH`, `N`, `text|json`), and an example line.

Pages are drawn from the typer app's click commands (`from_command`) or from an argparse parser
(`from_argparse`: `play` and `validate` parse their own arguments), so that what `--help`
shows is what the command accepts. No typer placeholder (`<bool>`, `{name}`, `<int range>`)
reaches the learner.
"""

from __future__ import annotations

import argparse
import enum
import inspect
import textwrap
from typing import Any

WIDTH = 80
#: the widest name column; a longer name puts its help on the next line
NAME_COLUMN = 26
HELP_ROW = ("-h, --help", "Show this help and exit.")

#: an example for every command, by its path after `dockersim`
EXAMPLES = {
    "": "dockersim docker run --rm alpine echo hello",
    "docker": "dockersim docker ps -a",
    "host": "dockersim host curl -s localhost:8080",
    "reset": "dockersim reset --clock frozen",
    "play": "dockersim play scenarios/01-images.yaml",
    "validate": "dockersim validate scenarios/*.yaml",
    "schema": "dockersim schema scenario > scenario.schema.json",
    "catalog": "dockersim catalog python",
    "shell": "dockersim shell --fresh",
    "grade": "dockersim grade quiz.yaml answers.txt",
    "serve": "dockersim serve --socket /tmp/docker.sock",
    "web": "dockersim web scenarios/01-images.yaml",
    "completion": "dockersim completion bash > ~/.local/share/bash-completion/completions/dockersim",  # noqa: E501
    "quiz": "dockersim quiz render quiz.yaml --student s1",
    "quiz render": "dockersim quiz render quiz.yaml --student s1",
    "quiz key": "dockersim quiz key quiz.yaml --student s1",
    "quiz generate": "dockersim quiz generate --count 5 -o quiz.yaml",
    "quiz validate": "dockersim quiz validate quiz.yaml",
    "quiz schema": "dockersim quiz schema > quiz.schema.json",
    "explain": "dockersim explain build .",
    "explain build": "dockersim explain build -t app .",
    "show": "dockersim show layers nginx",
    "show layers": "dockersim show layers nginx",
    "show container": "dockersim show container web",
    "show network": "dockersim show network --format mermaid",
    "daemon": "dockersim daemon restart",
    "daemon restart": "dockersim daemon restart",
}


def _wrap(text: str, indent: int = 0) -> list[str]:
    return textwrap.wrap(text, WIDTH - indent, break_on_hyphens=False) or [""]


def _paragraphs(text: str) -> list[str]:
    """A docstring's paragraphs, each on one line (typer's `\\b` markers dropped)."""
    text = inspect.cleandoc(text or "").replace("\b\n", "").replace("\b", "")
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def render(
    usage: str,
    description: str,
    sections: list[tuple[str, list[tuple[str, str]]]],
    example: str,
    footer: str = "",
) -> str:
    """A help page: `Usage:`, the description's paragraphs, each section's rows (a name
    column and its help), an optional footer line and `Example:`."""
    lines = [f"Usage: {usage}", ""]
    for paragraph in _paragraphs(description):
        lines += [*_wrap(paragraph), ""]
    for title, rows in sections:
        if not rows:
            continue
        lines.append(f"{title}:")
        width = min(NAME_COLUMN, max(len(name) for name, _ in rows))
        for name, help_text in rows:
            wrapped = _wrap(help_text, width + 4) if help_text else []
            if len(name) > width:
                lines.append(f"  {name}")
                lines += [" " * (width + 4) + w for w in wrapped]
                continue
            first, *rest = wrapped or [""]
            lines.append(f"  {name.ljust(width)}  {first}".rstrip())
            lines += [" " * (width + 4) + w for w in rest]
        lines.append("")
    if footer:
        lines += [*_wrap(footer), ""]
    lines += ["Example:", f"  {example}"]
    return "\n".join(lines) + "\n"


# --- click commands (the typer app) ------------------------------------------------------------
def _metavar(param: Any) -> str:
    if param.metavar:
        return str(param.metavar)
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and getattr(desc, "is_choice", False):
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if desc is not None and getattr(desc, "is_path", False):
        return "PATH"
    annotation = getattr(desc, "annotation", None)
    names = {int: "N", float: "NUMBER", str: "TEXT", bool: ""}
    return names.get(annotation, "VALUE") if isinstance(annotation, type) else "VALUE"


def _notes(param: Any) -> str:
    """`(default: 500; at least 0)` from the option's default, range and requiredness."""
    notes = []
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        notes.append(f"{low} to {high}")
    elif low is not None:
        notes.append(f"at least {low}")
    elif high is not None:
        notes.append(f"at most {high}")
    default = param.default
    if isinstance(default, enum.Enum):
        default = default.value
    if getattr(param, "secondary_opts", None) and isinstance(default, bool):
        notes.append(f"default: {param.opts[0] if default else param.secondary_opts[0]}")
    elif (
        getattr(param, "show_default", True) is not False
        and default not in (None, "", False)
        and not getattr(param, "is_flag", False)
        and not callable(default)
    ):
        notes.append(f"default: {default}")
    if param.required and param.param_type_name == "option":
        notes.append("required")
    return f" ({'; '.join(notes)})" if notes else ""


def _option_row(param: Any) -> tuple[str, str]:
    short = [o for o in param.opts if not o.startswith("--")]
    long = [o for o in param.opts if o.startswith("--")]
    names = ", ".join(short + long)
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    metavar = "" if getattr(param, "is_flag", False) else _metavar(param)
    if metavar:
        names += f" {metavar}"
    help_text = _sentence(param.help or "").rstrip(".")
    notes = _notes(param)
    return names, (f"{help_text}{notes}." if help_text else notes.strip(" ()"))


def _argument_name(param: Any) -> str:
    """`LESSON.yaml...`: the argument's name, `...` when it takes several."""
    name = str(param.metavar or param.name.upper()).replace("[", "").replace("]", "")
    name = name.removesuffix("...")
    return f"{name}..." if param.nargs == -1 else name


def _argument_usage(param: Any) -> str:
    name = _argument_name(param)
    return name if param.required else f"[{name}]"


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    return text[:1].upper() + text[1:]


def from_command(command: Any, path: str) -> str:
    """The page of a click command or group of the typer app, `path` its words after
    `dockersim` ("" for `dockersim` itself)."""
    prog = " ".join(["dockersim", path]).strip()
    params = [p for p in command.params if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    usage = [prog, "[OPTIONS]"]
    subcommands = getattr(command, "commands", None)
    if subcommands:
        usage.append("COMMAND [ARGS]...")
    usage += [_argument_usage(p) for p in arguments]
    rows = []
    for name, sub in (subcommands or {}).items():
        if getattr(sub, "hidden", False):
            continue
        summary = (_paragraphs(sub.help or "") or [""])[0]
        rows.append((name, summary))
    argument_rows = [
        (_argument_name(p), _sentence(getattr(p, "help", "")).rstrip(".") + ".") for p in arguments
    ]
    option_rows = [_option_row(p) for p in options]
    if path == "":
        option_rows.append(("--version", "Print the version and exit."))
    option_rows.append(HELP_ROW)
    footer = f"Run '{prog} COMMAND --help' for more on a command." if subcommands else ""
    sections = [("Commands", rows), ("Arguments", argument_rows), ("Options", option_rows)]
    return render(" ".join(usage), command.help or "", sections, EXAMPLES[path], footer)


# --- argparse (`play`, `validate`) --------------------------------------------------------------
def from_argparse(parser: argparse.ArgumentParser, path: str, description: str) -> str:
    """The page of a command that parses its arguments with argparse (add_help=False)."""
    usage = [f"dockersim {path}", "[OPTIONS]"]
    argument_rows: list[tuple[str, str]] = []
    option_rows: list[tuple[str, str]] = []
    for action in parser._actions:
        help_text = (action.help or "").rstrip(".")
        if not action.option_strings:
            name = str(action.metavar or action.dest.upper())
            name += "..." if action.nargs in ("+", "*") else ""
            usage.append(name)
            argument_rows.append((name, _sentence(help_text) + "."))
            continue
        names = ", ".join(action.option_strings)
        if action.choices:
            names += " " + "|".join(str(c) for c in action.choices)
        elif action.nargs != 0:
            names += f" {action.metavar or ('N' if action.type is int else 'TEXT')}"
        option_rows.append((names, _sentence(help_text) + "."))
    option_rows.append(HELP_ROW)
    sections = [("Arguments", argument_rows), ("Options", option_rows)]
    return render(" ".join(usage), description, sections, EXAMPLES[path])


class Parser(argparse.ArgumentParser):
    """argparse for `play` and `validate`, with errors in the same words as the other
    commands' (`dockersim play: ...`, then where to find the help)."""

    def error(self, message: str) -> Any:
        self.exit(2, f"{self.prog}: {message}\nRun '{self.prog} --help' for help.\n")


def wants_help(args: list[str]) -> bool:
    """`-h` or `--help` among a command's own arguments (before a `--`)."""
    for arg in args:
        if arg == "--":
            return False
        if arg in ("-h", "--help"):
            return True
    return False
