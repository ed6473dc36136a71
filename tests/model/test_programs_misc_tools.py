"""service, passwd, envsubst, getopt, iconv, whereis and w in containers, compared with
util-linux 2.38 getopt/whereis, init-system-helpers' service script, shadow passwd with PAM,
GNU gettext envsubst and glibc iconv texts."""

from __future__ import annotations

from dockersim.engine import Engine


def sh(engine: Engine, image: str, script: str) -> tuple[str, str, int]:
    engine.docker(f"pull -q {image}")
    result = engine.docker(["run", "--rm", image, "sh", "-c", script])
    return result.stdout, result.stderr, result.exit_code


def test_getopt_quotes_and_permutes(engine: Engine) -> None:
    script = (
        'getopt -o ab:c:: -l long:,flag -- -a -b x "it\'s" --long=y -cz --fl foo; echo $?; '
        "getopt ab: -a -b x y"
    )
    assert sh(engine, "debian", script) == (
        " -a -b 'x' --long 'y' -c 'z' --flag -- 'it'\\''s' 'foo'\n0\n -a -b x -- y\n",
        "",
        0,
    )


def test_getopt_errors(engine: Engine) -> None:
    assert sh(engine, "debian", "getopt -o a -- -z -a; echo $?; getopt; echo $?") == (
        " -a --\n1\n2\n",
        "getopt: invalid option -- 'z'\n"
        "getopt: missing optstring argument\nTry 'getopt --help' for more information.\n",
        0,
    )


def test_envsubst_all_and_restricted(engine: Engine) -> None:
    script = (
        "export A=1 B=2; echo 'a $A ${B} $C' | envsubst; echo '$A ${B}' | envsubst '$A'; "
        "envsubst -v '$X ${Y}'"
    )
    assert sh(engine, "nginx", script) == ("a 1 2 \n1 ${B}\nX\nY\n", "", 0)


def test_iconv_latin1_and_unconvertible(engine: Engine) -> None:
    script = (
        "printf 'hi\\n' | iconv -f utf-8 -t latin1; "
        "printf 'ab\\303\\251\\n' | iconv -f utf-8 -t ascii; echo \" $?\"; "
        "echo x | iconv -t ascii//TRANSLIT"
    )
    out, err, _ = sh(engine, "debian", script)
    assert out == "hi\nab 1\n"
    assert err == (
        "iconv: illegal input sequence at position 2\n"
        "dockersim: not simulated in iconv: the suffix //TRANSLIT\n"
    )


def test_whereis(engine: Engine) -> None:
    assert sh(engine, "debian", "whereis ls nope; whereis; echo $?") == (
        "ls: /usr/bin/ls\nnope:\n1\n",
        "whereis: not enough arguments\nTry 'whereis --help' for more information.\n",
        0,
    )


def test_w_in_a_container_lists_nobody(engine: Engine) -> None:
    out, _err, status = sh(engine, "ubuntu", "w; w -h")
    assert status == 0
    assert out.endswith(
        "up 1 day,  2:03,  0 user,  load average: 0.08, 0.05, 0.01\n"
        "USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT\n"
    )
    assert out.count("\n") == 2
