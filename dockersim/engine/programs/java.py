"""java, javac and jshell of the JDK images: their versions, from `$JAVA_HOME/release`.

`java -version` writes to stderr and `java --version` (Java 9 and later) to stdout, in the
format of the JDK that the release file describes (Temurin, an OpenJDK GA build without a
vendor version, or an early-access build such as 25-ea+25-3096, which calls itself `25-ea`).
Running classes, jars and source files, and the jshell REPL, are not simulated: they say so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.langbase import read_text

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

HOMES = ("/opt/java/openjdk", "/usr/java/openjdk-25", "/usr/local/openjdk-25")


def release(ctx: Ctx) -> dict[str, str]:
    """The key="value" lines of the JDK's release file ({} when it has none)."""
    homes = [ctx.env["JAVA_HOME"]] if ctx.env.get("JAVA_HOME") else []
    for home in [*homes, *HOMES]:
        text = read_text(ctx, f"{home}/release")
        if text is not None:
            pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
            return {key: value.strip('"') for key, value in pairs}
    return {}


def shown_version(info: dict[str, str]) -> str:
    """The version the tools print: JAVA_VERSION, or `25-ea` for an early-access build (whose
    release file says JAVA_VERSION="25" and JAVA_RUNTIME_VERSION="25-ea+25-3096")."""
    number = info.get("JAVA_VERSION", "")
    runtime = info.get("JAVA_RUNTIME_VERSION", "")
    return runtime.split("+", 1)[0] if "-ea+" in runtime else number


def version_lines(info: dict[str, str], long_form: bool) -> list[str]:
    """What `java -version` (or `--version` when `long_form`) prints."""
    number = shown_version(info)
    runtime = info.get("JAVA_RUNTIME_VERSION", number)
    vendor = info.get("IMPLEMENTOR_VERSION", "")
    if number.startswith("1.8"):
        tag = f"({vendor})" if vendor else ""
        update = runtime.split("_", 1)[-1]  # 452-b09
        return [
            f'openjdk version "{number}"',
            f"OpenJDK Runtime Environment {tag}(build {runtime})",
            f"OpenJDK 64-Bit Server VM {tag}(build 25.{update}, mixed mode)",
        ]
    lts = " LTS" if runtime.endswith("-LTS") else ""
    date = info.get("JAVA_VERSION_DATE", "")
    first = (
        f"openjdk {number} {date}{lts}" if long_form else f'openjdk version "{number}" {date}{lts}'
    )
    named = f"{vendor} " if vendor else ""
    return [
        first,
        f"OpenJDK Runtime Environment {named}(build {runtime})",
        f"OpenJDK 64-Bit Server VM {named}(build {runtime}, mixed mode, sharing)",
    ]


def java(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    info = release(ctx)
    if args == ["-version"]:
        ctx.err.write("".join(line + "\n" for line in version_lines(info, False)))
        return 0
    if args == ["--version"] and not info.get("JAVA_VERSION", "").startswith("1."):
        ctx.write("".join(line + "\n" for line in version_lines(info, True)))
        return 0
    if args == ["--version"]:  # Java 8 has no --version
        ctx.err.write(
            "Unrecognized option: --version\nError: Could not create the Java Virtual Machine.\n"
            "Error: A fatal exception has occurred. Program will exit.\n"
        )
        return 1
    raise ctx.not_simulated(f"java {' '.join(args)}" if args else "java without arguments")


def javac(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    number = shown_version(release(ctx))
    if args in (["-version"], ["--version"]) and not number.startswith("1."):
        ctx.write(f"javac {number}\n")
        return 0
    if args == ["-version"]:  # javac 8 writes its version to stderr
        ctx.err.write(f"javac {number}\n")
        return 0
    raise ctx.not_simulated(f"javac {' '.join(args)}" if args else "javac without arguments")


def jshell(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args in (["--version"], ["-version"]):
        ctx.write(f"jshell {shown_version(release(ctx))}\n")
        return 0
    raise ctx.not_simulated("the Java REPL")


PROGRAM = Program(java, commands={"java": java, "javac": javac, "jshell": jshell})
