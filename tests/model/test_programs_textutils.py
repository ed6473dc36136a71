"""Checksums, encodings, dumps, diff/cmp, expr, line filters, file makers and session tools,
compared with GNU coreutils 9.1 (bookworm) and busybox outputs."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.model.userland.programs.hashes import posix_cksum


def sh(engine: Engine, image: str, script: str) -> tuple[str, str, int]:
    engine.docker(f"pull -q {image}")
    result = engine.docker(["run", "--rm", image, "sh", "-c", script])
    return result.stdout, result.stderr, result.exit_code


HELLO_SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"


def test_sha256sum_files_stdin_and_missing_gnu(engine: Engine) -> None:
    out, err, _ = sh(engine, "debian", "echo hello > a; sha256sum a - nope < a; echo $?")
    assert out == f"{HELLO_SHA}  a\n{HELLO_SHA}  -\n1\n"
    assert err == "sha256sum: nope: No such file or directory\n"


def test_sha256sum_check_ok_failed_and_warnings_gnu(engine: Engine) -> None:
    script = (
        "echo hello > a; echo x > b; sha256sum a b > s; echo bad line >> s; echo x >> a; rm b; "
        "sha256sum -c s; echo $?; sha256sum -c /dev/null; echo $?"
    )
    assert sh(engine, "debian", script) == (
        "a: FAILED\nb: FAILED open or read\n1\n1\n",
        "sha256sum: b: No such file or directory\n"
        "sha256sum: WARNING: 1 line is improperly formatted\n"
        "sha256sum: WARNING: 1 listed file could not be read\n"
        "sha256sum: WARNING: 1 computed checksum did NOT match\n"
        "sha256sum: /dev/null: no properly formatted checksum lines found\n",
        0,
    )


def test_md5sum_check_busybox(engine: Engine) -> None:
    script = "echo hi > a; md5sum a > s; md5sum -c s; echo yo > a; md5sum -c s; md5sum nope"
    assert sh(engine, "alpine", script) == (
        "a: OK\na: FAILED\n",
        "md5sum: WARNING: 1 of 1 computed checksums did NOT match\n"
        "md5sum: can't open 'nope': No such file or directory\n",
        1,
    )


def test_base64_round_trip_wrap_and_invalid(engine: Engine) -> None:
    script = (
        "echo hi | base64; echo aGkK | base64 -d; head -c 60 /dev/zero | base64 -w 40; "
        "printf abc | base64 -w0; echo; echo 'a!b' | base64 -d; echo $?"
    )
    assert sh(engine, "debian", script) == (
        "aGkK\nhi\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nYWJj\n1\n",
        "base64: invalid input\n",
        0,
    )


def test_cksum_is_the_posix_crc() -> None:
    assert posix_cksum(b"") == 4294967295
    assert posix_cksum(b"hello\n") == 3015617425


def test_cksum_output(engine: Engine) -> None:
    assert sh(engine, "debian", "echo hello > a; cksum a; printf '' | cksum") == (
        "3015617425 6 a\n4294967295 0\n",
        "",
        0,
    )


@pytest.mark.parametrize(
    ("args", "out", "status"),
    [
        ("1 + 2 \\* 3", "7\n", 0),
        ("7 / 2", "3\n", 0),
        ("-7 % 2", "-1\n", 0),
        ("abc : 'a\\(.\\)'", "b\n", 0),
        ("abcd : '.*'", "4\n", 0),
        ("length hello", "5\n", 0),
        ("substr hello 2 3", "ell\n", 0),
        ("index hello l", "3\n", 0),
        ("3 \\> 10", "0\n", 1),
        ("a \\< b", "1\n", 0),
        ("'' \\| 5", "5\n", 0),
        ("0 \\& 1", "0\n", 1),
        ("\\( 1 + 2 \\) \\* 2", "6\n", 0),
    ],
)
def test_expr_values_and_status(engine: Engine, args: str, out: str, status: int) -> None:
    assert sh(engine, "debian", f"expr {args}") == (out, "", status)


def test_expr_errors_gnu_and_busybox(engine: Engine) -> None:
    script = "expr 7 / 0; echo $?; expr 1 +; echo $?; expr a + 1; echo $?; expr; echo $?"
    assert sh(engine, "debian", script) == (
        "2\n2\n2\n2\n",
        "expr: division by zero\nexpr: syntax error: missing argument after '+'\n"
        "expr: non-integer argument\nexpr: missing operand\n"
        "Try 'expr --help' for more information.\n",
        0,
    )
    assert sh(engine, "alpine", "expr a + 1; echo $?; expr 1 2; echo $?") == (
        "2\n2\n",
        "expr: non-numeric argument\nexpr: syntax error\n",
        0,
    )


def test_line_filters(engine: Engine) -> None:
    script = (
        "printf 'a\\nb' | tac; printf 'abc\\nde\\n' | rev; printf 'a\\n\\nb\\n' | nl; "
        "printf '1\\n2\\n' > x; printf 'a\\nb\\nc\\n' > y; paste x y; paste -s -d, y; "
        "echo 'aaaa bbbb cccc' | fold -w 6; echo 'aaaa bbbb cccc' | fold -s -w 6"
    )
    assert sh(engine, "debian", script) == (
        "ba\ncba\ned\n     1\ta\n       \n     2\tb\n1\ta\n2\tb\n\tc\na,b,c\n"
        "aaaa b\nbbb cc\ncc\naaaa \nbbbb \ncccc\n",
        "",
        0,
    )


def test_comm_columns_and_unsorted_input(engine: Engine) -> None:
    script = (
        "printf 'a\\nb\\n' > p; printf 'b\\nc\\n' > q; comm p q; comm -12 p q; "
        "printf 'x\\nb\\n' > u; printf 'a\\nc\\n' > v; comm u v; echo $?"
    )
    assert sh(engine, "debian", script) == (
        "a\n\t\tb\n\tc\nb\n\ta\n\tc\nx\nb\n1\n",
        "comm: file 1 is not in sorted order\ncomm: input is not in sorted order\n",
        0,
    )


DUMPED = "printf 'hello world, this is\\001\\000ab' > d; "


def test_od_formats(engine: Engine) -> None:
    script = DUMPED + "od d; od -c d; od -x d; printf '%048d' 0 | od -c"
    assert sh(engine, "debian", script) == (
        "0000000 062550 066154 020157 067567 066162 026144 072040 064550\n"
        "0000020 020163 071551 000001 061141\n0000030\n"
        "0000000   h   e   l   l   o       w   o   r   l   d   ,       t   h   i\n"
        "0000020   s       i   s 001  \\0   a   b\n0000030\n"
        "0000000 6568 6c6c 206f 6f77 6c72 2c64 7420 6968\n"
        "0000020 2073 7369 0001 6261\n0000030\n"
        "0000000   0   0   0   0   0   0   0   0   0   0   0   0   0   0   0   0\n*\n0000060\n",
        "",
        0,
    )


def test_xxd_and_hexdump_canonical(engine: Engine) -> None:
    script = DUMPED + "xxd d; hexdump -C d; printf '' | hexdump -C"
    assert sh(engine, "alpine", script) == (
        "00000000: 6865 6c6c 6f20 776f 726c 642c 2074 6869  hello world, thi\n"
        "00000010: 7320 6973 0100 6162                      s is..ab\n"
        "00000000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  |hello world, thi|\n"
        "00000010  73 20 69 73 01 00 61 62                           |s is..ab|\n"
        "00000018\n",
        "",
        0,
    )


def test_diff_normal_unified_and_cmp_gnu(engine: Engine) -> None:
    script = (
        "printf 'a\\nb\\nc\\nd\\ne\\nf\\ng\\nh\\ni\\nj\\n' > f1; "
        "printf 'a\\nB\\nc\\nd\\ne\\nf\\ng\\nh\\nj\\nk' > f2; "
        "diff f1 f2; echo $?; diff -u f1 f2; diff f1 f1; echo $?; diff f1 nope; echo $?; "
        "cmp f1 f2; printf 'a\\nb' > g; cmp g f1; touch e; cmp e f1"
    )
    assert sh(engine, "debian", script) == (
        "2c2\n< b\n---\n> B\n9d8\n< i\n10a10\n> k\n\\ No newline at end of file\n1\n"
        "--- f1\t2025-06-15 12:00:00.000000000 +0000\n"
        "+++ f2\t2025-06-15 12:00:00.000000000 +0000\n"
        "@@ -1,10 +1,10 @@\n a\n-b\n+B\n c\n d\n e\n f\n g\n h\n-i\n j\n+k\n"
        "\\ No newline at end of file\n0\n2\nf1 f2 differ: byte 3, line 2\n",
        "diff: nope: No such file or directory\n"
        "cmp: EOF on g after byte 3, in line 2\ncmp: EOF on e which is empty\n",
        1,
    )


def test_diff_is_unified_on_busybox(engine: Engine) -> None:
    script = "echo a > x; echo b > y; diff x y; echo $?; cmp x y; diff x nope"
    assert sh(engine, "alpine", script) == (
        "--- x\n+++ y\n@@ -1 +1 @@\n-a\n+b\n1\nx y differ: char 1, line 1\n",
        "diff: can't stat 'nope': No such file or directory\n",
        2,
    )


def test_mktemp_files_dirs_and_templates(engine: Engine) -> None:
    script = (
        "a=$(mktemp); b=$(mktemp); d=$(mktemp -d); [ $a != $b ] && echo distinct; "
        "stat -c '%a %F' $a $d; mktemp foo; echo $?; mktemp -p /root x.XXX | cut -c1-8"
    )
    assert sh(engine, "debian", script) == (
        "distinct\n600 regular empty file\n700 directory\n1\n/root/x.\n",
        "mktemp: too few X's in template 'foo'\n",
        0,
    )
    first = sh(engine, "debian", "mktemp")
    assert first[0].startswith("/tmp/tmp.") and len(first[0]) == len("/tmp/tmp.XXXXXXXXXX\n")
    assert sh(engine, "alpine", "mktemp")[0].startswith("/tmp/tmp.")
    assert len(sh(engine, "alpine", "mktemp")[0]) == len("/tmp/tmp.XXXXXX\n")


def test_truncate_split_install_shuf(engine: Engine) -> None:
    script = (
        "cd /tmp; truncate -s 10 t; wc -c < t; truncate -s -3 t; wc -c < t; truncate t; "
        "seq 5 > s; split -l 2 s; ls x*; cat xac; split -b 4 -d s p; ls p*; "
        "install -d /opt/a/b; install -m 644 s /opt/a/b; stat -c %a /opt/a/b/s; "
        "seq 5 | shuf | sort -n | tr '\\n' ' '; shuf -i 1-9 -n 3 | wc -l"
    )
    assert sh(engine, "debian", script) == (
        "10\n7\nxaa\nxab\nxac\n5\np00\np01\np02\n644\n1 2 3 4 5 3\n",
        "truncate: you must specify either '--size' or '--reference'\n"
        "Try 'truncate --help' for more information.\n",
        0,
    )


def test_shuf_is_deterministic_in_a_seeded_world() -> None:
    first, second = (sh(Engine(), "debian", "seq 20 | shuf")[0] for _ in range(2))
    assert first == second
    assert sorted(first.split(), key=int) == [str(n) for n in range(1, 21)]


def test_mkfifo_is_honest(engine: Engine) -> None:
    assert sh(engine, "debian", "mkfifo p") == (
        "",
        "dockersim: not simulated in mkfifo: named pipes (the filesystem has no FIFOs)\n",
        1,
    )


def test_sessions_in_a_container(engine: Engine) -> None:
    script = "logname; echo $?; users; who; stty -echo; echo $?; tput clear; echo $?; nice"
    assert sh(engine, "debian", script) == (
        "1\n1\n2\n0\n",
        "logname: no login name\n"
        "stty: 'standard input': Inappropriate ioctl for device\n"
        "tput: No value for $TERM and no -T specified\n",
        0,
    )


def test_nice_taskset_run_the_command(engine: Engine) -> None:
    script = "nice -n 5 echo hi; taskset -c 0 echo yo; taskset -p 1; taskset -cp 1; nice -n x true"
    out, err, status = sh(engine, "debian", script)
    assert out == "hi\nyo\npid 1's current affinity mask: 3\npid 1's current affinity list: 0-1\n"
    assert (err, status) == ("nice: invalid adjustment 'x'\n", 125)


def test_chmod_with_a_non_octal_number_is_an_invalid_mode(engine: Engine) -> None:
    assert sh(engine, "debian", "touch f; chmod 9 f") == (
        "",
        "chmod: invalid mode: '9'\nTry 'chmod --help' for more information.\n",
        1,
    )
