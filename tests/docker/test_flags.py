"""The docker CLI 29 command-line parser: pflag syntax, cobra traversal, exact error texts.

Error texts: pflag v1.0.10 errors.go / flag.go, cli/cobra.go `FlagErrorFunc` (exit 125),
cli/required.go (exit 1), cmd/docker/docker.go (unknown command, exit 1).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersim.docker import flags
from dockersim.docker.flags import GlobalOptions, Parsed, UsageError, go_int, parse, parse_global
from dockersim.docker.spec import load

PS_USAGE = "\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information\n"
RUN_USAGE = (
    "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
    "Run 'docker run --help' for more information\n"
)


def docker(line: str) -> Parsed:
    """Parse a docker command line the way docker's main does (global options, path, flags)."""
    options, rest = parse_global(line.split())
    spec, rest = flags.lookup(rest)
    return parse(spec, rest, global_help=options.help)


def failure(line: str) -> tuple[str, int]:
    with pytest.raises(UsageError) as info:
        docker(line)
    return info.value.stderr_text, info.value.exit_code


# --- syntax ---------------------------------------------------------------------------------


def test_defaults_are_filled_in_and_typed() -> None:
    # given / when
    parsed = docker("ps")
    # then
    assert parsed.values == {
        "quiet": False,
        "size": False,
        "all": False,
        "no-trunc": False,
        "latest": False,
        "last": -1,
        "format": "",
        "filter": [],
    }
    assert (parsed.set, parsed.args, parsed.help, parsed.bare) == (frozenset(), [], False, False)


@pytest.mark.parametrize(
    "line",
    ["ps --last 3", "ps --last=3", "ps -n 3", "ps -n3", "ps -n=3", "container ls -n 0x3"],
)
def test_value_syntaxes(line: str) -> None:
    assert docker(line).values["last"] == 3


def test_bundled_shorthands() -> None:
    # given / when
    parsed = docker("ps -aq")
    # then
    assert (parsed.values["all"], parsed.values["quiet"], parsed.set) == (
        True,
        True,
        frozenset({"all", "quiet"}),
    )


def test_shorthand_value_glued_to_the_letter() -> None:
    assert docker("run -p80:80 -dit nginx").values["publish"] == ["80:80"]


@pytest.mark.parametrize("line", ["ps --all=false", "ps -a=false", "ps -a=0", "ps --all=F"])
def test_bool_set_to_false(line: str) -> None:
    # given / when
    parsed = docker(line)
    # then
    assert (parsed.values["all"], parsed.set) == (False, frozenset({"all"}))


def test_double_dash_ends_the_flags() -> None:
    # given / when
    parsed = docker("container rm -f -- -v x")
    # then
    assert (parsed.values["force"], parsed.values["volumes"], parsed.args) == (
        True,
        False,
        ["-v", "x"],
    )


def test_run_stops_at_the_image() -> None:
    # given / when
    parsed = docker("run -d --name web -p 8080:80 nginx nginx -g daemon --rm -p 1:1")
    # then
    assert parsed.args == ["nginx", "nginx", "-g", "daemon", "--rm", "-p", "1:1"]
    assert (parsed.values["detach"], parsed.values["name"], parsed.values["publish"]) == (
        True,
        "web",
        ["8080:80"],
    )
    assert parsed.values["rm"] is False


def test_interspersed_command_takes_flags_after_arguments() -> None:
    assert docker("rm web -f").values["force"] is True


def test_repeated_list_flags_accumulate() -> None:
    # given / when
    parsed = docker("run -e A=1 --env B=2 -e=C=3 --label x=1 -l y busybox")
    # then
    assert (parsed.values["env"], parsed.values["label"]) == (["A=1", "B=2", "C=3"], ["x=1", "y"])


def test_list_values_are_not_split_on_commas_but_string_slices_are() -> None:
    # given / when
    run = docker("run -e A=1,B=2 busybox")
    save = docker("save --platform linux/amd64,linux/arm64 --platform linux/386 img")
    # then
    assert run.values["env"] == ["A=1,B=2"]
    assert save.values["platform"] == ["linux/amd64", "linux/arm64", "linux/386"]


def test_hidden_alias_flags_write_into_their_twin() -> None:
    # given / when
    parsed = docker("run --net host --network=bridge --dns-opt a --dns-option b busybox")
    # then
    assert (parsed.values["network"], parsed.values["dns-option"]) == (
        ["host", "bridge"],
        ["a", "b"],
    )
    assert parsed.set == frozenset({"net", "network", "dns-opt", "dns-option"})


def test_typed_values_of_docker_option_types() -> None:
    # given / when
    parsed = docker(
        "run -m 512m --cpus 1.5 --health-interval 1m30s --sysctl net.ipv4.ip_forward=1"
        " --ulimit nofile=1024:2048 --add-host db=10.0.0.2 --attach STDOUT --ip 10.1.2.3 busybox"
    )
    # then
    got = {k: parsed.values[k] for k in ("memory", "cpus", "health-interval", "sysctl")}
    assert got == {
        "memory": 536870912,
        "cpus": 1500000000,
        "health-interval": 90 * 10**9,
        "sysctl": {"net.ipv4.ip_forward": "1"},
    }
    assert parsed.values["ulimit"] == ["nofile=1024:2048"]
    assert (parsed.values["add-host"], parsed.values["attach"]) == (["db:10.0.0.2"], ["stdout"])
    assert parsed.values["ip"] == "10.1.2.3"


def test_filters_are_lowercased_and_trimmed() -> None:
    # given
    spec = load().get("ps")
    # when
    parsed = parse(spec, ["-f", "Status=running", "--filter", " Name = web ", "--filter="])
    # then
    assert parsed.values["filter"] == ["status=running", "name=web"]


def test_help_flag_wins_over_missing_arguments() -> None:
    # given / when
    parsed = docker("pull --help")
    # then
    assert (parsed.help, parsed.args, parsed.warnings) == (True, [], "")


def test_help_shorthand_prints_its_deprecation_notice() -> None:
    # given / when
    parsed = docker("ps -h")
    # then
    assert (parsed.help, parsed.warnings) == (
        True,
        "Flag shorthand -h has been deprecated, use --help\n",
    )


def test_run_h_is_the_hostname() -> None:
    # given / when
    parsed = docker("run -h box busybox")
    # then
    assert (parsed.help, parsed.values["hostname"]) == (False, "box")


def test_help_before_the_command_is_shared_except_by_run() -> None:
    # given / when
    ps = docker("--help ps")
    # then
    assert ps.help is True
    assert failure("--help run")[1] == 1


def test_help_given_to_a_group_reaches_the_subcommand() -> None:
    assert docker("container --help ls").help is True


def test_help_shorthand_given_to_a_group_prints_its_notice_three_times() -> None:
    """Traverse prints the group's notice once; docker's help function traverses again."""
    # given / when
    parsed = docker("container -h ls")
    # then
    assert (parsed.help, parsed.warnings) == (
        True,
        "Flag shorthand -h has been deprecated, use --help\n" * 3,
    )


def test_deprecated_flag_prints_a_notice_and_sets_its_twin() -> None:
    # given / when
    parsed = docker("stop --time 5 web")
    # then
    assert (parsed.values["timeout"], parsed.warnings) == (
        5,
        "Flag --time has been deprecated, use --timeout instead\n",
    )


def test_group_without_subcommand_is_bare() -> None:
    # given / when
    parsed = docker("image")
    # then
    assert (parsed.spec.path, parsed.bare, parsed.help) == ("image", True, False)


def test_root_without_command_is_bare() -> None:
    assert docker("").bare is True


# --- global options -------------------------------------------------------------------------


def test_global_options_stop_at_the_command() -> None:
    # given / when
    options, rest = parse_global(["-D", "--context", "ctx", "-H=unix:///x", "ps", "-a", "-D"])
    # then
    assert isinstance(options, GlobalOptions)
    assert rest == ["ps", "-a", "-D"]
    assert (options.values["debug"], options.values["context"], options.values["host"]) == (
        True,
        "ctx",
        "unix:///x",
    )
    assert options.set == frozenset({"debug", "context", "host"})
    assert options.values["log-level"] == "info"
    assert options.values["config"] == "/root/.docker"


def test_global_version_and_help() -> None:
    # given / when
    version, _ = parse_global(["-v"])
    helped, rest = parse_global(["-h", "run"])
    # then
    assert (version.version, version.help) == (True, False)
    assert (helped.help, helped.warnings, rest) == (
        True,
        "Flag shorthand -h has been deprecated, use --help\n",
        ["run"],
    )


def test_error_global_unknown_flag() -> None:
    assert failure("--foo ps") == (
        "unknown flag: --foo\n\nUsage:  docker [OPTIONS] COMMAND [ARG...]\n\n"
        "Run 'docker --help' for more information\n",
        125,
    )


def test_error_global_host_given_twice() -> None:
    assert failure("-H a -H b ps") == (
        'invalid argument "b" for "-H, --host" flag: specify only one -H\n\n'
        "Usage:  docker [OPTIONS] COMMAND [ARG...]\n\nRun 'docker --help' for more information\n",
        125,
    )


# --- flag errors (exit 125) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ps --foo", "unknown flag: --foo"),
        ("ps --foo=bar", "unknown flag: --foo"),
        ("ps -x", "unknown shorthand flag: 'x' in -x"),
        ("ps -aqx", "unknown shorthand flag: 'x' in -x"),  # pflag names what is left
        ("ps -n", "flag needs an argument: 'n' in -n"),
        ("ps -an", "flag needs an argument: 'n' in -n"),
        ("ps --last", "flag needs an argument: --last"),
        ("ps ---x", "bad flag syntax: ---x"),
        ("ps --=x", "bad flag syntax: --=x"),
        (
            "ps -n abc",
            'invalid argument "abc" for "-n, --last" flag: '
            'strconv.ParseInt: parsing "abc": invalid syntax',
        ),
        (
            "ps -n 99999999999999999999",
            'invalid argument "99999999999999999999" for "-n, --last" flag: '
            'strconv.ParseInt: parsing "99999999999999999999": value out of range',
        ),
        (
            "ps --all=maybe",
            'invalid argument "maybe" for "-a, --all" flag: '
            'strconv.ParseBool: parsing "maybe": invalid syntax',
        ),
        (
            "ps --filter status",
            'invalid argument "status" for "-f, --filter" flag: '
            "bad format of filter (expected name=value)",
        ),
    ],
)
def test_error_flag_texts(line: str, message: str) -> None:
    assert failure(line) == (message + PS_USAGE, 125)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("run --name", "flag needs an argument: --name"),
        (
            "run -m 1x busybox",
            'invalid argument "1x" for "-m, --memory" flag: invalid suffix: \'x\'',
        ),
        (
            "run -m lots busybox",
            'invalid argument "lots" for "-m, --memory" flag: invalid size: \'lots\'',
        ),
        (
            "run --health-interval 5 busybox",
            'invalid argument "5" for "--health-interval" flag: time: missing unit in duration "5"',
        ),
        (
            "run --stop-timeout 1.5 busybox",
            'invalid argument "1.5" for "--stop-timeout" flag: '
            'strconv.ParseInt: parsing "1.5": invalid syntax',
        ),
        (
            "run --blkio-weight 70000 busybox",
            'invalid argument "70000" for "--blkio-weight" flag: '
            'strconv.ParseUint: parsing "70000": value out of range',
        ),
        (
            "run -a bogus busybox",
            'invalid argument "bogus" for "-a, --attach" flag: '
            "valid streams are STDIN, STDOUT and STDERR",
        ),
        (
            "run --cpus 1e-10 busybox",
            'invalid argument "1e-10" for "--cpus" flag: value is too precise',
        ),
        (
            "run --ulimit nofile=2048:1024 busybox",
            'invalid argument "nofile=2048:1024" for "--ulimit" flag: '
            "ulimit soft limit must be less than or equal to hard limit: 2048 > 1024",
        ),
        (
            "run --sysctl kernel.x=1 busybox",
            'invalid argument "kernel.x=1" for "--sysctl" flag: '
            "sysctl 'kernel.x=1' is not allowed",
        ),
        (
            "run --add-host db busybox",
            'invalid argument "db" for "--add-host" flag: bad format for add-host: "db"',
        ),
        (
            "run -e =x busybox",
            'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x',
        ),
        (
            "run --ip 300.1.1.1 busybox",
            'invalid argument "300.1.1.1" for "--ip" flag: failed to parse IP: "300.1.1.1"',
        ),
    ],
)
def test_error_run_flag_texts(line: str, message: str) -> None:
    assert failure(line) == (message + RUN_USAGE, 125)


def test_error_flag_of_a_group_names_the_group_usage() -> None:
    assert failure("image --foo ls") == (
        "unknown flag: --foo\n\nUsage:  docker image\n\n"
        "Run 'docker image --help' for more information\n",
        125,
    )


def test_error_bad_flag_before_a_subcommand_is_printed_bare() -> None:
    assert failure("image --foo=1 ls") == ("unknown flag: --foo\n", 1)


# --- argument errors (exit 1) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "text"),
    [
        (
            "ps web",
            "docker: 'docker ps' accepts no arguments" + PS_USAGE,
        ),
        (
            "pull",
            "docker: 'docker pull' requires 1 argument\n\n"
            "Usage:  docker pull [OPTIONS] NAME[:TAG|@DIGEST]\n\n"
            "Run 'docker pull --help' for more information\n",
        ),
        (
            "container stop",
            "docker: 'docker container stop' requires at least 1 argument\n\n"
            "Usage:  docker container stop [OPTIONS] CONTAINER [CONTAINER...]\n\n"
            "See 'docker container stop --help' for more information\n",
        ),
        (
            "exec web",
            "docker: 'docker exec' requires at least 2 arguments\n\n"
            "Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n\n"
            "See 'docker exec --help' for more information\n",
        ),
        (
            "images a b",
            "docker: 'docker images' requires at most 1 argument\n\n"
            "Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
            "Run 'docker images --help' for more information\n",
        ),
        (
            "network connect n",
            "docker: 'docker network connect' requires 2 arguments\n\n"
            "Usage:  docker network connect [OPTIONS] NETWORK CONTAINER\n\n"
            "Run 'docker network connect --help' for more information\n",
        ),
        (
            "commit",
            "docker: 'docker commit' requires at least 1 and at most 2 arguments\n\n"
            "Usage:  docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]\n\n"
            "Run 'docker commit --help' for more information\n",
        ),
        ("context use", "accepts 1 arg(s), received 0\n"),
        (
            "foo",
            "docker: unknown command: docker foo\n\nRun 'docker --help' for more information\n",
        ),
        (
            "image foo",
            "docker: unknown command: docker image foo\n\nUsage:  docker image\n\n"
            "Run 'docker image --help' for more information\n",
        ),
        (
            "volume foo",
            "docker: unknown command: docker volume foo\n\nUsage:  docker volume COMMAND\n\n"
            "Run 'docker volume --help' for more information\n",
        ),
    ],
)
def test_error_argument_counts(line: str, text: str) -> None:
    assert failure(line) == (text, 1)


def test_error_argument_count_keeps_the_notices_already_printed() -> None:
    # given
    with pytest.raises(UsageError) as info:
        docker("stop --time 3")
    # then
    assert info.value.stdout_text == "Flag --time has been deprecated, use --timeout instead\n"


def test_error_unknown_help_topic() -> None:
    # given
    table = load()
    # when
    with pytest.raises(UsageError) as info:
        flags.help_topic(["image", "frob"], table)
    # then
    assert (info.value.stderr_text, info.value.exit_code) == ("unknown help topic: frob\n", 1)
    assert flags.help_topic(["container", "ls"], table).path == "container ls"


# --- lookup ---------------------------------------------------------------------------------


def test_top_level_aliases_resolve_to_their_own_entries() -> None:
    # given
    table = load()
    # when
    ps, rest = flags.lookup(["ps", "-a"], table)
    # then: the same definition, named by the path it was called by
    assert (ps.path, ps.call_path, ps.command_path, rest) == (
        "container ls",
        "ps",
        "docker ps",
        ["-a"],
    )
    assert flags.lookup(["pull", "x"], table)[0].path == "image pull"
    assert flags.lookup(["builder", "build", "."], table)[0].path == "image build"
    assert flags.lookup(["container", "list", "-q"], table) == (table.get("container ls"), ["-q"])
    assert table.get("ps").flags == table.get("container ls").flags
    assert flags.lookup(["image", "remove", "x"], table) == (table.get("image rm"), ["x"])


def test_every_command_and_alias_resolves() -> None:
    # given
    table = load()
    for spec in table:
        if spec.is_root:
            continue
        parent = spec.words[:-1]
        for name in (spec.name, *spec.aliases):
            # when
            found, rest = flags.lookup([*parent, name, "x"], table)
            # then
            assert (found.call_path, rest) == (spec.call_path, ["x"]), (parent, name)


def test_load_is_cached() -> None:
    assert load() is load()


# --- properties -----------------------------------------------------------------------------

PS_BOOLS = ["a", "q", "s", "l"]
PS_NAMES = {"a": "all", "q": "quiet", "s": "size", "l": "latest"}


@given(st.lists(st.sampled_from(PS_BOOLS), min_size=1, max_size=6))
def test_bundled_shorthands_equal_separate_ones(letters: list[str]) -> None:
    """pflag parseShortArg: `-aq` is `-a -q`."""
    # given / when
    bundled = docker("ps -" + "".join(letters))
    separate = docker("ps " + " ".join("-" + x for x in letters))
    # then
    assert bundled.values == separate.values
    assert bundled.set == frozenset(PS_NAMES[x] for x in letters)


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_go_int_reads_every_int64(value: int) -> None:
    assert go_int(str(value)) == value


@given(st.integers(min_value=2**63))
def test_error_go_int_out_of_range(value: int) -> None:
    """strconv.ParseInt: `value out of range`."""
    with pytest.raises(Exception) as info:
        go_int(str(value))
    assert str(info.value) == f'strconv.ParseInt: parsing "{value}": value out of range'
