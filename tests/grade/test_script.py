"""Command files, terminal transcripts, and the home directory on docker lines."""

from __future__ import annotations

from dockersim.grade.script import command_lines, expand_home, is_transcript, transcript_lines


def test_a_command_file_skips_comments_and_joins_continuations():
    # given
    text = (
        "# my answer\n"
        "docker run -d \\\n"
        "   --name web nginx   # the server\n"
        "\n"
        "docker exec web sh -c 'echo a # not a comment'\r\n"
        "# question: t2\n"
        "docker ps#no space, so not a comment\n"
        "docker ps \\"
    )
    # when
    lines = command_lines(text)
    # then
    assert lines == [
        ("", "docker run -d    --name web nginx"),
        ("", "docker exec web sh -c 'echo a # not a comment'"),
        ("t2", "docker ps#no space, so not a comment"),
        ("t2", "docker ps"),
    ]


def test_a_transcript_keeps_only_the_typed_commands():
    # given
    text = (
        "student@host:~$ history\n"
        "$ docker run -d --name web \\\n"
        "> nginx\n"
        "\x1b[32m4f1c2d\x1b[0m\n"
        "$ # question: t2\n"
        "$ docker ps\n"
        "CONTAINER ID   IMAGE\n"
    )
    # when / then
    assert is_transcript(text)
    assert transcript_lines(text) == [("", "docker run -d --name web nginx"), ("t2", "docker ps")]


def test_a_command_file_is_not_a_transcript():
    assert not is_transcript("docker ps\n# $ not a prompt\n")


def test_the_home_directory_is_expanded_as_bash_would():
    vectors = {
        "docker run -v ~/site:/x nginx": "docker run -v /home/student/site:/x nginx",
        "docker run -v $(pwd)/s:/x nginx": "docker run -v /home/student/s:/x nginx",
        "docker run -e A='$HOME' -e B=\"$HOME\" x": (
            "docker run -e A='$HOME' -e B=\"/home/student\" x"
        ),
        "docker run -v ${PWD}:/x -w `pwd` x": "docker run -v /home/student:/x -w /home/student x",
        "docker run --name a~b x ~": "docker run --name a~b x /home/student",
        "docker run x ~root echo \\$HOME": "docker run x ~root echo \\$HOME",
    }
    assert {line: expand_home(line) for line in vectors} == vectors
