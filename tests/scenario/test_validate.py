"""`dockersim validate`: schema and meaning problems, as file:line:column with a caret."""

from __future__ import annotations

from dockersim import catalog
from dockersim.scenario import check_text
from dockersim.scenario.problems import format_all

HEAD = "dockersim: 1\ntitle: T\nsteps:\n"
# every repository of the snapshot, fragments included, in order
CATALOG = ", ".join(sorted(catalog.load().repositories))


def report(body: str, head: str = HEAD) -> str:
    text = head + body
    return format_all(check_text(text, "s.yaml"), text)


def test_a_valid_scenario_has_no_problems():
    assert report("  - run: docker ps\n    expect: {exit: 0}\n") == ""


def test_error_unknown_top_level_field_with_suggestion():
    assert report("", "dockersim: 1\ntitel: T\nsteps: [{run: docker ps}]\n") == (
        "s.yaml:1:1: scenario needs the field 'title'\n"
        "    dockersim: 1\n"
        "    ^\n"
        "s.yaml:2:1: unknown field 'titel' in scenario (did you mean 'title'?); known fields: "
        "dockersim, title, description, seed, hosts, files, images, steps\n"
        "    titel: T\n"
        "    ^\n"
    )


def test_error_unsupported_format_version():
    assert report("", "dockersim: 2\ntitle: T\nsteps: [{run: docker ps}]\n") == (
        "s.yaml:1:12: format version 2 is not supported (this dockersim reads 1)\n"
        "    dockersim: 2\n"
        "               ^\n"
    )


def test_error_unknown_check_kind():
    assert report("  - check:\n      - containr: {name: web}\n") == (
        "s.yaml:5:9: unknown check kind 'containr' (did you mean 'container'?); known kinds: "
        "container, image, volume, network, file, port, http, dns, compose, command\n"
        "          - containr: {name: web}\n"
        "            ^\n"
    )


def test_error_unknown_check_field():
    assert report("  - check:\n      - container: {name: web, stat: running}\n") == (
        "s.yaml:5:32: unknown field 'stat' in container check (did you mean 'state'?); known "
        "fields: name, exists, state, exitCode, oomKilled, image, entrypoint, cmd, env, "
        "hostname, restartPolicy, restartCount, labels, id, title, points\n"
        "          - container: {name: web, stat: running}\n"
        "                                   ^\n"
    )


def test_error_bad_state_and_missing_name():
    assert report("  - check: {container: {state: stopped}}\n") == (
        "s.yaml:4:24: container check needs the field 'name'\n"
        "      - check: {container: {state: stopped}}\n"
        "                           ^\n"
        "s.yaml:4:32: 'stopped' is not one of created, running, paused, restarting, removing, "
        "exited, dead\n"
        "      - check: {container: {state: stopped}}\n"
        "                                   ^\n"
    )


def test_error_bad_durations():
    assert report("  - advance: 30 seconds\n  - advance: 2d\n") == (
        "s.yaml:4:14: '30 seconds' is not a duration (write e.g. 30s, 1m30s, 500ms, 2h, 1d)\n"
        "      - advance: 30 seconds\n"
        "                 ^\n"
        "s.yaml:5:14: '2d' is longer than a day of virtual time\n"
        "      - advance: 2d\n"
        "                 ^\n"
    )


def test_error_images_not_in_the_catalog():
    head = HEAD.replace("steps:", "images: [nginx:latest, neo4j:5, ubuntu:16.04]\nsteps:")
    assert report("  - run: docker ps\n", head) == (
        f"s.yaml:3:24: image 'neo4j:5' is not in the offline Docker Hub (June 2025); its "
        f"repositories are: {CATALOG}\n"
        "    images: [nginx:latest, neo4j:5, ubuntu:16.04]\n"
        "                           ^\n"
        "s.yaml:3:33: 'ubuntu' has no tag '16.04' in the offline Docker Hub (it has: latest, "
        "24.04, noble, noble-20250529, 22.04, jammy, jammy-20250530, 20.04, focal, focal-20250404, "
        "25.04, plucky, plucky-20250521, rolling, 18.04, bionic, bionic-20230530, 12.04, precise, "
        "precise-20170331)\n"
        "    images: [nginx:latest, neo4j:5, ubuntu:16.04]\n"
        "                                    ^\n"
    )


def test_error_run_of_an_image_not_in_the_catalog_unless_made_or_failing_on_purpose():
    body = (
        "  - run: docker run neo4j\n"
        "  - run: docker commit box mine:v1\n"
        "  - run: docker run mine:v1 true\n"
        "  - run: docker pull neo4j\n"
        "    expect: {exit: 1}\n"
    )
    assert report(body) == (
        f"s.yaml:4:10: image 'neo4j' is not in the offline Docker Hub (June 2025); its "
        f"repositories are: {CATALOG}\n"
        "      - run: docker run neo4j\n"
        "             ^\n"
    )


def test_error_docker_rejects_the_command_line():
    body = (
        "  - run: docker run --nmae web nginx\n  - run: docker frobnicate\n    expect: {exit: 1}\n"
    )
    assert report(body) == (
        "s.yaml:4:10: docker rejects this command line: unknown flag: --nmae\n"
        "      - run: docker run --nmae web nginx\n"
        "             ^\n"
    )


def test_error_shell_syntax_on_a_docker_line():
    body = (
        "  - run: docker ps | grep web\n"
        "  - run: docker ps -q > ids.txt\n"
        "  - run: docker run 'unclosed\n"
        "  - run: curl -s localhost | grep nginx\n"
    )
    hint = "(split the line into steps, or check the output with expect)"
    assert report(body) == (
        f"s.yaml:4:10: docker lines run without a shell, so '|' is not supported {hint}\n"
        "      - run: docker ps | grep web\n"
        "             ^\n"
        f"s.yaml:5:10: docker lines run without a shell, so '>' is not supported {hint}\n"
        "      - run: docker ps -q > ids.txt\n"
        "             ^\n"
        "s.yaml:6:10: cannot split this command line: No closing quotation\n"
        "      - run: docker run 'unclosed\n"
        "             ^\n"
    )


def test_error_values_out_of_range():
    body = (
        "  - run: docker ps\n"
        "    expect:\n"
        "      exit: 300\n"
        "  - check:\n"
        '      - http: {url: "http://localhost", status: 99}\n'
        "      - file: {path: relative/path}\n"
    )
    assert report(body) == (
        "s.yaml:6:13: 300 can never match: expected an integer from 0 to 255: exit statuses "
        "are 0 to 255\n"
        "          exit: 300\n"
        "                ^\n"
        "s.yaml:8:49: 99 can never match: expected an integer from 100 to 599: HTTP status "
        "codes\n"
        '          - http: {url: "http://localhost", status: 99}\n'
        "                                                    ^\n"
        "s.yaml:9:22: 'relative/path' is not an absolute path\n"
        "          - file: {path: relative/path}\n"
        "                         ^\n"
    )


def test_error_steps_that_can_never_pass():
    body = (
        "  - run: docker ps\n"
        "    expect:\n"
        '      stdout: {contains: "web server", not_contains: web}\n'
        '      stderr: {equals: "", regex: "("}\n'
        "  - check:\n"
        "      - container: {name: web, state: running, exitCode: 1}\n"
        "      - container: {name: old, exists: false, state: exited}\n"
        "      - file: {path: /x, contents: {equals: abc, contains: xyz}}\n"
        "      - dns: {name: web, from: box, resolvable: false, addrs: [1.2.3.4]}\n"
    )
    assert [(p.line, p.column, p.message) for p in check_text(HEAD + body, "s")] == [
        (
            6,
            15,
            'stdout can never match: it must contain "web server" and must not contain "web"',
        ),
        (
            7,
            15,
            "stderr can never match: /(/ is not a valid regular expression: missing ), "
            "unterminated subpattern at position 0",
        ),
        (
            9,
            20,
            "this container check can never pass: a running container always has exit code 0",
        ),
        (
            10,
            20,
            "this container check can never pass: a container that must not exist can have "
            "no other property",
        ),
        (
            11,
            15,
            "this file check can never pass: its contents can never match: it must equal "
            '"abc", but "xyz" is not in the text (it is "abc")',
        ),
        (
            12,
            14,
            "this dns check can never pass: a name that does not resolve has no addresses",
        ),
    ]


def test_error_step_structure():
    body = "  - {}\n  - input: [ls]\n  - run: docker ps\n    advance: 5s\n"
    assert [(p.line, p.column, p.message) for p in check_text(HEAD + body, "s")] == [
        (4, 5, "a step needs at least one of say, run, advance, daemon_restart, check"),
        (5, 5, "'input' needs 'run' in the same step"),
        (5, 5, "a step needs at least one of say, run, advance, daemon_restart, check"),
        (
            7,
            5,
            "one step can do only one of run, advance, daemon_restart: 'run' and 'advance' "
            "are both given (split them into two steps)",
        ),
    ]


def test_error_unknown_host_and_duplicate_ids():
    head = HEAD.replace("steps:", "hosts: [node1]\nsteps:")
    body = (
        "  - id: a\n"
        "    on: node2\n"
        "    run: docker ps\n"
        "  - id: a\n"
        "    check: [{image: {id: a, name: nginx}}]\n"
    )
    assert [(p.line, p.column, p.message) for p in check_text(head + body, "s")] == [
        (6, 9, "unknown host 'node2' (the hosts are node1)"),
        (8, 9, "duplicate id 'a' (first used on line 5)"),
        (9, 26, "duplicate id 'a' (first used on line 5)"),
    ]


def test_error_variable_used_before_it_is_captured():
    body = (
        "  - run: docker stop ${ID}\n"
        "  - run: docker run -d alpine sleep 9\n"
        "    capture: ID\n"
        "  - run: echo ${HOME}\n"
    )
    assert report(body) == (
        "s.yaml:4:10: ${ID} is used before step 2 captures it\n"
        "      - run: docker stop ${ID}\n"
        "             ^\n"
    )


def test_warnings_do_not_make_a_scenario_invalid():
    head = HEAD.replace("steps:", "hosts: [a, b]\nsteps:")
    body = "  - run: docker context inspect\n  - run: docker run alpine cat\n    input: [hello]\n"
    assert report(body, head) == (
        "s.yaml:5:10: warning: 'docker context inspect' is not simulated yet: this step will fail\n"
        "      - run: docker context inspect\n"
        "             ^\n"
        "s.yaml:7:5: warning: the input is never read: 'docker container run' reads stdin "
        "only with --interactive\n"
        "        input: [hello]\n"
        "        ^\n"
    )
    assert [p.is_error for p in check_text(head + body)] == [False, False]


def test_every_lesson_is_valid():
    from pathlib import Path

    from dockersim.scenario import check_file

    lessons = sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
    errors = [p for path in lessons for p in check_file(path)[0] if p.is_error]
    assert errors == []


def test_error_yaml_cut_short_points_at_the_end_of_the_last_line():
    text = "  - run: docker ps\n    expect: {exit: [0\n"
    assert report(text) == (
        "s.yaml:5:22: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence at line 5, column 20)\n"
        "        expect: {exit: [0\n"
        "                         ^\n"
    )
