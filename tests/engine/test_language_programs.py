"""The toolchains of the language images (go, java, ruby, rust, gcc) and Tomcat's
`catalina.sh run`: versions as the real programs print them, the few things they do, and
the honest message for the rest."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine


def run(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    err = result.stderr  # what the program said, after the pull of its image
    if err.startswith("Unable to find image"):
        err = err.split("\nStatus: Downloaded newer image for ", 1)[1].split("\n", 1)[1]
    return result.stdout, err, result.exit_code


NOTICE = (
    "This is free software; see the source for copying conditions.  There is NO\n"
    "warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\n"
)


@pytest.fixture(autouse=True)
def _quiet_pulls(engine: Engine) -> None:
    for ref in ("tomcat", "tomcat:9.0", "rust"):
        engine.docker(f"pull -q {ref}")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("run --rm golang go version", "go version go1.24.3 linux/amd64\n"),
        ("run --rm golang:1.23 go version", "go version go1.23.9 linux/amd64\n"),
        ("run --rm golang go env GOPATH GOROOT GOTOOLCHAIN CGO_ENABLED",
         "/go\n/usr/local/go\nlocal\n1\n"),
        ("run --rm golang:alpine go env CGO_ENABLED GOARCH", "0\namd64\n"),
        ("run --rm eclipse-temurin:17 java --version",
         "openjdk 17.0.15 2025-04-15\n"
         "OpenJDK Runtime Environment Temurin-17.0.15+6 (build 17.0.15+6)\n"
         "OpenJDK 64-Bit Server VM Temurin-17.0.15+6 (build 17.0.15+6, mixed mode, sharing)\n"),
        ("run --rm eclipse-temurin javac -version", "javac 21.0.7\n"),
        ("run --rm ruby ruby -v",
         "ruby 3.4.4 (2025-05-14 revision a38531fd3f) +PRISM [x86_64-linux]\n"),
        ("run --rm ruby:alpine ruby -v",
         "ruby 3.4.4 (2025-05-14 revision a38531fd3f) +PRISM [x86_64-linux-musl]\n"),
        ("run --rm ruby:3.3 gem -v", "3.5.22\n"),
        ("run --rm ruby:slim bundle -v", "Bundler version 2.6.7\n"),
        ("run --rm rust rustc --version", "rustc 1.87.0 (17067e9ac 2025-05-09)\n"),
        ("run --rm rust:alpine cargo --version", "cargo 1.87.0 (99624be96 2025-05-06)\n"),
        ("run --rm gcc gcc --version",
         "gcc (GCC) 15.1.0\nCopyright (C) 2025 Free Software Foundation, Inc.\n" + NOTICE),
        ("run --rm gcc:13 g++ --version",
         "g++ (GCC) 13.3.0\nCopyright (C) 2023 Free Software Foundation, Inc.\n" + NOTICE),
        ("run --rm golang gcc --version",
         "gcc (Debian 12.2.0-14) 12.2.0\n"
         "Copyright (C) 2022 Free Software Foundation, Inc.\n" + NOTICE),
    ],
)  # fmt: skip
def test_versions_on_stdout(engine: Engine, line: str, expected: str) -> None:
    assert run(engine, line) == (expected, "", 0)


def test_java_version_goes_to_stderr_in_the_build_format(engine: Engine) -> None:
    assert run(engine, "run --rm eclipse-temurin java -version") == (
        "",
        'openjdk version "21.0.7" 2025-04-15 LTS\n'
        "OpenJDK Runtime Environment Temurin-21.0.7+6 (build 21.0.7+6-LTS)\n"
        "OpenJDK 64-Bit Server VM Temurin-21.0.7+6 (build 21.0.7+6-LTS, mixed mode, sharing)\n",
        0,
    )
    assert run(engine, "run --rm eclipse-temurin:8 java -version") == (
        "",
        'openjdk version "1.8.0_452"\n'
        "OpenJDK Runtime Environment (Temurin)(build 1.8.0_452-b09)\n"
        "OpenJDK 64-Bit Server VM (Temurin)(build 25.452-b09, mixed mode)\n",
        0,
    )


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("run --rm eclipse-temurin", "jshell: the Java REPL"),
        ("run --rm eclipse-temurin:21-jre java -jar app.jar", "java: java -jar app.jar"),
        ("run --rm golang go mod init demo", "go: go mod init demo"),
        ("run --rm ruby irb", "irb: irb (the Ruby REPL)"),
        ("run --rm ruby ruby -e 'x = [1, 2].sum'", "ruby: ruby -e: x = [1, 2].sum"),
        ("run --rm rust cargo run", "cargo: cargo run"),
        ("run --rm tomcat catalina.sh start", "catalina.sh: catalina.sh start"),
    ],
)
def test_what_is_not_modelled_says_so(engine: Engine, line: str, said: str) -> None:
    out, err, code = run(engine, line)
    assert (out, err, code) == ("", f"dockersim: not simulated in {said}\n", 1)


def test_ruby_runs_puts_print_and_p_of_literals(engine: Engine) -> None:
    line = """run --rm ruby ruby -e 'puts "hi"; print "a", 1; p "x"; puts 7 / 2 + 1'"""
    assert run(engine, line)[2] == 1  # print with two arguments is not modelled
    line = """run --rm ruby ruby -e 'puts "hi"; print "a"; p "x"; puts 7 / 2 + 1'"""
    assert run(engine, line) == ('hi\na"x"\n4\n', "", 0)


def test_go_run_and_build_of_hello_world(engine: Engine) -> None:
    source = 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("Hello, Go!")\n}\n'
    engine.host_write("/home/student/go/main.go", source)
    mount = "-v /home/student/go:/src -w /src"
    assert run(engine, f"run --rm {mount} golang go run main.go") == ("Hello, Go!\n", "", 0)
    assert run(engine, f"run --rm {mount} golang sh -c 'go build main.go && ./main'") == (
        "Hello, Go!\n",
        "",
        0,
    )
    engine.host_write(
        "/home/student/go/loop.go", source.replace('fmt.Println("Hello, Go!")', "for {}")
    )
    assert run(engine, f"run --rm {mount} golang go run loop.go") == (
        "",
        "dockersim: not simulated in go: go run of this program (only fmt.Println of strings)\n",
        1,
    )


def test_gcc_builds_a_hello_world_a_out(engine: Engine) -> None:
    source = (
        '#include <stdio.h>\n\nint main(void) {\n    printf("Hello, C!\\n");\n    return 0;\n}\n'
    )
    engine.host_write("/home/student/c/hello.c", source)
    line = "run --rm -v /home/student/c:/src -w /src gcc sh -c 'gcc hello.c -o hello && ./hello'"
    assert run(engine, line) == ("Hello, C!\n", "", 0)
    assert run(engine, "run --rm gcc gcc nofile.c") == (
        "",
        "gcc: error: nofile.c: No such file or directory\ngcc: fatal error: no input files\n"
        "compilation terminated.\n",
        1,
    )


def test_cargo_new_creates_the_package(engine: Engine) -> None:
    out, err, code = run(engine, "run --name c1 -w /src rust cargo new hello")
    assert (out, code) == ("", 0)
    assert err == (
        "    Creating binary (application) `hello` package\n"
        "note: see more `Cargo.toml` keys and their definitions at "
        "https://doc.rust-lang.org/cargo/reference/manifest.html\n"
    )
    engine.docker("commit c1 made")
    assert run(engine, "run --rm made cat /src/hello/Cargo.toml")[0] == (
        '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\n'
    )
    assert run(engine, "run --rm made cat /src/hello/src/main.rs")[0] == (
        'fn main() {\n    println!("Hello, world!");\n}\n'
    )
    assert run(engine, "run --rm made ls -A /src/hello")[0] == ".git\n.gitignore\nCargo.toml\nsrc\n"


TOMCAT_404 = (
    '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title>'
    '<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b '
    "{color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} "
    "h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;"
    "background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status 404 – "
    'Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description'
    "</b> The origin server did not find a current representation for the target "
    'resource or is not willing to disclose that one exists.</p><hr class="line" />'
    "<h3>Apache Tomcat/11.0.7</h3></body></html>"
)


def test_tomcat_starts_answers_404_and_stops(engine: Engine) -> None:
    assert run(engine, "run -d --name tc -p 8080:8080 tomcat")[2] == 0
    logs = engine.docker("logs tc").stderr.splitlines()
    assert logs[0].endswith(
        " INFO [main] org.apache.catalina.startup.VersionLoggerListener.log "
        "Server version name:   Apache Tomcat/11.0.7"
    )
    assert "JVM Version:           21.0.7+6-LTS" in logs[7]
    started = "org.apache.catalina.startup.Catalina.start Server startup in [61] milliseconds"
    assert logs[-1].endswith(f" INFO [main] {started}")
    assert logs[-3].endswith("Starting Servlet engine: [Apache Tomcat/11.0.7]")
    assert run(engine, "exec tc curl -s localhost:8080/") == (TOMCAT_404, "", 0)
    head = engine.docker("exec tc curl -si localhost:8080/nothing").stdout.split("\r\n")[0]
    assert head.split("\n")[0].rstrip("\r") == "HTTP/1.1 404 "
    assert run(engine, "stop tc")[2] == 0
    tail = engine.docker("logs tc").stderr.splitlines()[-4:]
    coyote = "[Thread-1] org.apache.coyote.AbstractProtocol"
    assert [line.split(" INFO ", 1)[1] for line in tail] == [
        f'{coyote}.pause Pausing ProtocolHandler ["http-nio-8080"]',
        "[Thread-1] org.apache.catalina.core.StandardService.stopInternal Stopping service [Catalina]",  # noqa: E501
        f'{coyote}.stop Stopping ProtocolHandler ["http-nio-8080"]',
        f'{coyote}.destroy Destroying ProtocolHandler ["http-nio-8080"]',
    ]
    assert engine.docker("inspect --format {{.State.ExitCode}} tc").stdout == "143\n"


def test_tomcat_9_names_its_version(engine: Engine) -> None:
    run(engine, "run -d --name t9 tomcat:9.0")
    assert "Apache Tomcat/9.0.105" in engine.docker("exec t9 curl -s localhost:8080/").stdout


def test_tomcat_with_an_app_in_webapps_is_not_simulated(engine: Engine) -> None:
    out, err, code = run(
        engine, "run --rm tomcat sh -c 'cp -r webapps.dist/* webapps/ && catalina.sh run'"
    )
    assert (out, code) == ("", 1)
    assert err == (
        "dockersim: not simulated in catalina.sh: catalina.sh run: deploying the web "
        "applications in webapps\n"
    )
