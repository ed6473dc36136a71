"""printf as bash 5.2 and dash print it: whole outputs recorded from the real shells.

Each row was run with `bash -c` / `sh -c` (dash 0.5.12) and TZ=UTC; the simulated shells
must print the same stdout and stderr and exit the same way.
"""

from __future__ import annotations

import pytest
from userland_fixtures import debian_tree, out, proc

from dockersim.model.userland import run_shell
from dockersim.model.userland.printf import MAX_FIELD, format_printf

BASH = [
    ("printf '%*d|' 5 42", "   42|", "", 0),
    ("printf '%*d|' x 42", "42|", "bash: line 1: printf: x: invalid number\n", 1),
    ("printf '%*d|' -5 42", "42   |", "", 0),
    ("printf '%*s|' 3x ab", " ab|", "bash: line 1: printf: 3x: invalid number\n", 1),
    ("printf '%.*s|' 2 abcdef", "ab|", "", 0),
    ("printf '%*.*s|' 6 2 abcdef", "    ab|", "", 0),
    ("printf '%.*d|' -3 7", "7|", "", 0),
    ("printf '%*d|' 5.5 1", "    1|", "bash: line 1: printf: 5.5: invalid number\n", 1),
    ("printf '%*d|' 0x10 1", "               1|", "", 0),
    ("printf '%*d|' 09 1", "1|", "bash: line 1: printf: 09: invalid octal number\n", 1),
    ("printf '%*d|%*d|' 3 1 x 2", "  1|2|", "bash: line 1: printf: x: invalid number\n", 1),
    (
        "printf '%d|' 99999999999999999999",
        "9223372036854775807|",
        "bash: line 1: printf: warning: 99999999999999999999: Numerical result out of range\n",
        0,
    ),
    (
        "printf '%o|' 99999999999999999999",
        "1777777777777777777777|",
        "bash: line 1: printf: warning: 99999999999999999999: Numerical result out of range\n",
        0,
    ),
    ("printf '%d|' 3x", "3|", "bash: line 1: printf: 3x: invalid number\n", 1),
    ("printf '%d|' 0x1G", "1|", "bash: line 1: printf: 0x1G: invalid hex number\n", 1),
    ("printf '%d|' 08", "0|", "bash: line 1: printf: 08: invalid octal number\n", 1),
    ("printf '%d|' \"'ab\"", "97|", "", 0),
    ("printf '%u|%x|' -1 -0x10", "18446744073709551615|fffffffffffffff0|", "", 0),
    ("printf '%f|' 0x10", "16.000000|", "", 0),
    ("printf '%f|' 1,5", "1.000000|", "bash: line 1: printf: 1,5: invalid number\n", 1),
    ("printf '%f|' 1e-400", "0.000000|", "", 0),
    (
        "printf '%a|%A|%.2a|%a|%a|' 0.1 255 1 0 -2",
        "0xc.ccccccccccccccdp-7|0XF.FP+4|0x8.00p-3|0x0p+0|-0x8p-2|",
        "",
        0,
    ),
    ("printf '%.20f|' 0.1", "0.10000000000000000000|", "", 0),
    (
        "printf '%e|%.0e|%#.0e|%g|%#g|%G|' 123456 1.5 2.5 0.0001 1 1e-10",
        "1.234560e+05|2e+00|2.e+00|0.0001|1.00000|1E-10|",
        "",
        0,
    ),
    (
        "printf '%g|%g|%.3g|%.10g|%g|' 1e100 123456789 0.0001234 1.5 0",
        "1e+100|1.23457e+08|0.000123|1.5|0|",
        "",
        0,
    ),
    ("printf '%f|%f|' -nan -inf", "-nan|-inf|", "", 0),
    ("printf '%.1f|%.0f|%.0f|%.3f|' 0.25 0.5 1.5 2.0005", "0.2|0|2|2.001|", "", 0),
    (
        "printf '%08.3f|%-8.2f|%+f|% f|' 3.14159 2.5 1 1",
        "0003.142|2.50    |+1.000000| 1.000000|",
        "",
        0,
    ),
    ("printf '%#x|%#X|%#o|%#5x|%-#5o|' 0 0 0 1 1", "0|0|0|  0x1|01   |", "", 0),
    ("printf '%+.3d|%-+5d|%05d|%-05d|% 05d|' 1 2 3 4 5", "+001|+2   |00003|4    | 0005|", "", 0),
    ("printf '%.3x|%08.3x|%.0d|' 10 10 0", "00a|     00a||", "", 0),
    ("printf '%5.2q|' a", "    a|", "", 0),
    (
        "printf '%q|' '' 'a b' \"it's\" '~x' 'x~' '#x' 'x#'",
        "''|a\\ b|it\\'s|\\~x|x~|\\#x|x#|",
        "",
        0,
    ),
    ("printf '%z|' 1", "", "bash: line 1: printf: `|': invalid format character\n", 1),
    ("printf '%5%|'", "", "bash: line 1: printf: `%': invalid format character\n", 1),
    ("printf 'a%'", "a", "bash: line 1: printf: `%': missing format character\n", 1),
    ("printf '%ld|%hhd|' 1 2", "1|2|", "", 0),
    ("printf '%1$s|' a", "", "bash: line 1: printf: `$': invalid format character\n", 1),
    ("printf '%c%c|' '' xyz", "\x00x|", "", 0),
    ("printf '%b|' 'a\\tb\\c' more", "a\tb", "", 0),
    (
        "printf '%b|' \"\\\\' \\\\\\\" \\\\? \\\\q \\\\0 \\\\8\"",
        "\\' \\\" \\? \\q \x00 \\8|",
        "",
        0,
    ),
    ("printf '\\0101|\\01234|'", "\x081|\n34|", "", 0),
    ("printf 'a\\cb|'", "a\\cb|", "", 0),
    (
        "printf '\\q\\e\\E\\\"\\?\\x|'",
        '\\q\x1b\x1b"?\\x|',
        "bash: line 1: printf: missing hex digit for \\x\n",
        0,
    ),
    ("printf '%5b|%-5b|%.2b|' ab cd efgh", "   ab|cd   |ef|", "", 0),
    ("printf '%s %s %s|' a b c d e", "a b c|d e |", "", 0),
    ("printf -v x '%s|' a; echo \"$x\"", "a|\n", "", 0),
    (
        "printf -x foo",
        "",
        "bash: line 1: printf: -x: invalid option\n"
        "printf: usage: printf [-v var] format [arguments]\n",
        2,
    ),
    ("printf", "", "printf: usage: printf [-v var] format [arguments]\n", 2),
    ("printf -- -- x", "--", "", 0),
    ("printf '%(%Y-%m-%d %H:%M:%S)T|%(%s)T|' 86400 5", "1970-01-02 00:00:00|5|", "", 0),
    (
        "printf '%(%Y|' 0",
        "%(",
        "bash: line 1: printf: warning: `\x00': invalid time format specification\n"
        "bash: line 1: printf: `Y': invalid format character\n",
        1,
    ),
    ("printf '%099999999999999999999d|' 1", "|", "", 0),
]

DASH = [
    ("printf '%*d|' 5 42", "   42|", "", 0),
    ("printf '%*d|' x 42", "42|", "sh: 1: printf: x: expected numeric value\n", 1),
    ("printf '%*d|' -5 42", "42   |", "", 0),
    ("printf '%*s|' 3x ab", " ab|", "sh: 1: printf: 3x: not completely converted\n", 1),
    ("printf '%.*s|' 2 abcdef", "ab|", "", 0),
    ("printf '%*.*s|' 6 2 abcdef", "    ab|", "", 0),
    ("printf '%.*d|' -3 7", "7|", "", 0),
    ("printf '%*d|' 5.5 1", "    1|", "sh: 1: printf: 5.5: not completely converted\n", 1),
    ("printf '%*d|' 0x10 1", "               1|", "", 0),
    ("printf '%*d|' 09 1", "1|", "sh: 1: printf: 09: not completely converted\n", 1),
    ("printf '%*d|%*d|' 3 1 x 2", "  1|2|", "sh: 1: printf: x: expected numeric value\n", 1),
    (
        "printf '%d|' 99999999999999999999",
        "9223372036854775807|",
        "sh: 1: printf: 99999999999999999999: Numerical result out of range\n",
        1,
    ),
    (
        "printf '%o|' 99999999999999999999",
        "1777777777777777777777|",
        "sh: 1: printf: 99999999999999999999: Numerical result out of range\n",
        1,
    ),
    ("printf '%d|' 3x", "3|", "sh: 1: printf: 3x: not completely converted\n", 1),
    ("printf '%d|' 0x1G", "1|", "sh: 1: printf: 0x1G: not completely converted\n", 1),
    ("printf '%d|' 08", "0|", "sh: 1: printf: 08: not completely converted\n", 1),
    ("printf '%d|' \"'ab\"", "97|", "", 0),
    ("printf '%u|%x|' -1 -0x10", "18446744073709551615|fffffffffffffff0|", "", 0),
    ("printf '%f|' 0x10", "16.000000|", "", 0),
    ("printf '%f|' 1,5", "1.000000|", "sh: 1: printf: 1,5: not completely converted\n", 1),
    (
        "printf '%f|' 1e-400",
        "0.000000|",
        "sh: 1: printf: 1e-400: Numerical result out of range\n",
        1,
    ),
    (
        "printf '%a|%A|%.2a|%a|%a|' 0.1 255 1 0 -2",
        "0x1.999999999999ap-4|0X1.FEP+7|0x1.00p+0|0x0p+0|-0x1p+1|",
        "",
        0,
    ),
    ("printf '%.20f|' 0.1", "0.10000000000000000555|", "", 0),
    (
        "printf '%e|%.0e|%#.0e|%g|%#g|%G|' 123456 1.5 2.5 0.0001 1 1e-10",
        "1.234560e+05|2e+00|2.e+00|0.0001|1.00000|1E-10|",
        "",
        0,
    ),
    (
        "printf '%g|%g|%.3g|%.10g|%g|' 1e100 123456789 0.0001234 1.5 0",
        "1e+100|1.23457e+08|0.000123|1.5|0|",
        "",
        0,
    ),
    ("printf '%f|%f|' -nan -inf", "-nan|-inf|", "", 0),
    ("printf '%.1f|%.0f|%.0f|%.3f|' 0.25 0.5 1.5 2.0005", "0.2|0|2|2.001|", "", 0),
    (
        "printf '%08.3f|%-8.2f|%+f|% f|' 3.14159 2.5 1 1",
        "0003.142|2.50    |+1.000000| 1.000000|",
        "",
        0,
    ),
    ("printf '%#x|%#X|%#o|%#5x|%-#5o|' 0 0 0 1 1", "0|0|0|  0x1|01   |", "", 0),
    ("printf '%+.3d|%-+5d|%05d|%-05d|% 05d|' 1 2 3 4 5", "+001|+2   |00003|4    | 0005|", "", 0),
    ("printf '%.3x|%08.3x|%.0d|' 10 10 0", "00a|     00a||", "", 0),
    ("printf '%5.2q|' a", "", "sh: 1: printf: %5.2q: invalid directive\n", 2),
    (
        "printf '%q|' '' 'a b' \"it's\" '~x' 'x~' '#x' 'x#'",
        "",
        "sh: 1: printf: %q: invalid directive\n",
        2,
    ),
    ("printf '%z|' 1", "", "sh: 1: printf: %z: invalid directive\n", 2),
    ("printf '%5%|'", "", "sh: 1: printf: %5%: invalid directive\n", 2),
    ("printf 'a%'", "a", "sh: 1: printf: missing format character\n", 2),
    ("printf '%ld|%hhd|' 1 2", "", "sh: 1: printf: %l: invalid directive\n", 2),
    ("printf '%1$s|' a", "", "sh: 1: printf: %1$: invalid directive\n", 2),
    ("printf '%c%c|' '' xyz", "\x00x|", "", 0),
    ("printf '%b|' 'a\\tb\\c' more", "a\tb", "", 0),
    (
        "printf '%b|' \"\\\\' \\\\\\\" \\\\? \\\\q \\\\0 \\\\8\"",
        "\\' \\\" \\? \\q \x00 \\8|",
        "",
        0,
    ),
    ("printf '\\0101|\\01234|'", "\x081|\n34|", "", 0),
    ("printf 'a\\cb|'", "a\\cb|", "", 0),
    ("printf '\\q\\e\\E\\\"\\?\\x|'", '\\q\x1b\\E\\"\\?\\x|', "", 0),
    ("printf '%5b|%-5b|%.2b|' ab cd efgh", "   ab|cd   |ef|", "", 0),
    ("printf '%s %s %s|' a b c d e", "a b c|d e |", "", 0),
    ("printf -v x '%s|' a; echo \"$x\"", "\n", "sh: 1: printf: Illegal option -v\n", 0),
    ("printf -x foo", "", "sh: 1: printf: Illegal option -x\n", 2),
    ("printf", "", "sh: 1: printf: usage: printf format [arg ...]\n", 2),
    ("printf -- -- x", "--", "", 0),
    (
        "printf '%(%Y-%m-%d %H:%M:%S)T|%(%s)T|' 86400 5",
        "",
        "sh: 1: printf: %(: invalid directive\n",
        2,
    ),
    ("printf '%(%Y|' 0", "", "sh: 1: printf: %(: invalid directive\n", 2),
    ("printf '%099999999999999999999d|' 1", "", "sh: 1: printf: xvsnprintf failed\n", 2),
]


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), BASH)
def test_bash_printf_prints_as_bash(script, stdout, stderr, code):
    assert out(run_shell(script, proc(debian_tree()), "bash")) == (stdout, stderr, code)


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), DASH)
def test_dash_printf_prints_as_dash(script, stdout, stderr, code):
    assert out(run_shell(script, proc(debian_tree()), "dash")) == (stdout, stderr, code)


GNU = [
    # (format, args, text, messages, status), from GNU coreutils 9.1 printf (C locale quotes)
    ("%*d|", ["x", "42"], "42|", ("'x': expected a numeric value",), 1),
    ("%*d|", ["3x", "42"], " 42|", ("'3x': value not completely converted",), 1),
    ("%*d|", ["99999999999", "1"], "", ("invalid field width: '99999999999'",), 1),
    ("%.*d|", ["99999999999", "1"], "", ("invalid precision: '99999999999'",), 1),
    ("%d|", ["99999999999999999999"], "9223372036854775807|",
     ("'99999999999999999999': Numerical result out of range",), 1),
    ("%d|", ["'ab"], "97|",
     ("warning: b: character(s) following character constant have been ignored",), 0),
    ("%z|", ["1"], "", ("%z|: invalid conversion specification",), 1),
    ("a%", [], "a", ("%: invalid conversion specification",), 1),
    ("%5b|", ["x"], "", ("%5b: invalid conversion specification",), 1),
    ("a\\cb|", [], "a", (), 0),
    ("\\q\\x|", [], "\\q", ("missing hexadecimal number in escape",), 1),
    ("hello", ["x", "y"], "hello", ("warning: ignoring excess arguments, starting with 'x'",), 0),
    ("%q|%q|%q|", ["a b", "it's", ""], "'a b'|\"it's\"|''|", (), 0),
    ("%a|%.*f|%i|", ["1", "2", "1.005", "1.5"], "0x8p-3|1.00|1|",
     ("'1.5': value not completely converted",), 1),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "args", "text", "messages", "status"), GNU)
def test_gnu_printf_prints_as_coreutils(fmt, args, text, messages, status):
    printed = format_printf(fmt, args, "gnu")
    assert (printed.text, printed.messages, printed.status) == (text, messages, status)


def test_a_huge_width_is_capped_not_allocated():
    # given a width of two billion (real printf prints 2 GB of spaces)
    printed = format_printf("%*d|", ["2000000000", "1"], "bash")
    # then the field stops at the cap, which is past the simulation's output limit
    assert printed.text == " " * (MAX_FIELD - 1) + "1|"


def test_a_huge_width_in_a_shell_runs_into_the_output_limit():
    # when bash's printf pads a field of two billion characters
    timeline = run_shell("printf '%*d' 2000000000 1", proc(debian_tree()), "bash")
    # then the shell is still printing when the simulation's output limit stops it
    assert (timeline.exit_code, timeline.blocked_in) == (None, "bash")
