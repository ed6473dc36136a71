"""What the second round of the workshop's speed work (issues 14, 20) must not get wrong: the
filesystem's fast paths (mount routes, shared image tables, `mkdir -p` in one walk, the
lookups under a changed layer), the function facts kept per parsed body, the lexer's tables,
and realms that share nothing a script can change. Each test fails if a cache answers with
something stale or shared."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.model.cowfs import CowFS
from dockersim.model.fs import FileEntry, FsError
from dockersim.model.mountfs import MountedFS, MountPoint

APP = "/home/student/app"


@pytest.fixture(autouse=True)
def pulled(engine: Engine) -> None:
    assert engine.docker("pull -q node:20").exit_code == 0


def node(engine: Engine, command: str, options: str = "") -> tuple[str, str, int]:
    ran = engine.docker(f"run --rm {options} -v {APP}:/app -w /app node:20 {command}")
    return ran.stdout, ran.stderr, ran.exit_code


# --- a file changed between two requires -----------------------------------------------------
def test_a_module_changed_on_the_host_is_read_again_by_the_next_container(engine: Engine) -> None:
    # given
    engine.host_write(f"{APP}/app.js", "console.log(require('./lib'));\n")
    engine.host_write(f"{APP}/lib.js", "module.exports = 'one';\n")
    first = node(engine, "node app.js")
    # when
    engine.host_write(f"{APP}/lib.js", "module.exports = 'two';\n")
    second = node(engine, "node app.js")
    # then
    assert (first, second) == (("one\n", "", 0), ("two\n", "", 0))


def test_a_module_that_appears_later_is_found_by_the_next_container(engine: Engine) -> None:
    # given: the first run fails to find it
    engine.host_write(f"{APP}/app.js", "console.log(require('./extra'));\n")
    missing = node(engine, "node app.js")
    # when
    engine.host_write(f"{APP}/extra/index.js", "module.exports = 'found';\n")
    found = node(engine, "node app.js")
    # then
    assert missing[2] == 1 and "Error: Cannot find module './extra'" in missing[1]
    assert found == ("found\n", "", 0)


def test_a_package_whose_main_changed_resolves_to_the_new_main(engine: Engine) -> None:
    # given
    engine.host_write(f"{APP}/app.js", "console.log(require('pkg'));\n")
    engine.host_write(f"{APP}/node_modules/pkg/package.json", '{"main": "a.js"}\n')
    engine.host_write(f"{APP}/node_modules/pkg/a.js", "module.exports = 'a';\n")
    engine.host_write(f"{APP}/node_modules/pkg/b.js", "module.exports = 'b';\n")
    before = node(engine, "node app.js")
    # when
    engine.host_write(f"{APP}/node_modules/pkg/package.json", '{"main": "b.js"}\n')
    after = node(engine, "node app.js")
    # then
    assert (before, after) == (("a\n", "", 0), ("b\n", "", 0))


def test_a_module_rewritten_inside_a_container_is_read_again_there(engine: Engine) -> None:
    # given: a container's own files (its writable layer, no mount)
    write = "echo \\\"module.exports = '{}'\\\" > /srv/lib.js"
    app = "echo \\\"console.log(require('./lib'))\\\" > /srv/app.js"
    assert engine.docker("run -d --name box node:20 sleep 1000").exit_code == 0
    setup = engine.docker(f'exec box sh -c "mkdir -p /srv && {app} && {write.format(1)}"')
    assert setup.exit_code == 0, setup.stderr
    first = engine.docker("exec -w /srv box node app.js")
    # when
    assert engine.docker(f'exec box sh -c "{write.format(2)}"').exit_code == 0
    second = engine.docker("exec -w /srv box node app.js")
    # then
    assert (first.stdout, first.stderr, second.stdout) == ("1\n", "", "2\n")


# --- realms share nothing a script can change ------------------------------------------------
def test_a_script_changing_builtins_leaves_the_next_scripts_realm_alone(engine: Engine) -> None:
    # given: one script changes prototypes and the environment
    change = (
        "Date.prototype.x = 1; Promise.prototype.y = 2; Map.prototype.z = 3;\n"
        "Error.prototype.w = 4; Array.prototype.push = function () { return 'hijacked'; };\n"
        "process.env.LEAK = 'yes';\n"
        "console.log(new Date(0).x, Promise.resolve().y, new Map().z, new Error('e').w);\n"
    )
    engine.host_write(f"{APP}/change.js", change)
    engine.host_write(f"{APP}/look.js", (
        "console.log(new Date(0).x, Promise.resolve().y, new Map().z, new Error('e').w,\n"
        "  [].push(1), process.env.LEAK, 'x' in Date.prototype);\n"))  # fmt: skip
    changed = node(engine, "node change.js")
    # when
    looked = node(engine, "node look.js")
    # then
    assert changed == ("1 2 3 4\n", "", 0)
    assert looked == ("undefined undefined undefined undefined 1 undefined false\n", "", 0)


def test_two_containers_of_one_image_run_the_same_module_each_in_its_own_realm(
    engine: Engine,
) -> None:
    # given: a module with state, run by two containers
    engine.host_write(f"{APP}/count.js", (
        "const lib = require('./state'); lib.n += 1; Date.prototype.seen = (Date.prototype.seen"
        " || 0) + 1;\nconsole.log(lib.n, new Date(0).seen);\n"))  # fmt: skip
    engine.host_write(f"{APP}/state.js", "module.exports = { n: 0 };\n")
    # when
    runs = [node(engine, "node count.js") for _ in range(2)]
    # then
    assert runs == [("1 1\n", "", 0), ("1 1\n", "", 0)]


# --- the lexer's tables ----------------------------------------------------------------------
def test_names_blanks_and_punctuators_are_read_as_v8_reads_them(engine: Engine) -> None:
    # given: a non-ASCII name, a no-break space, `?.` before a digit, the longest punctuators
    lex = (
        "const été\u00a0= 1, $a_1 = 2; let x = 8; x >>>= 1; x **= 2;\n"
        "console.log(été + $a_1, true?.5:1, x, 1_000 / 0x10, `a${x >> 1}b`,\n"
        "  /a.c/.test('abc'));\n"
    )
    engine.host_write(f"{APP}/lex.js", lex)
    # when
    out = node(engine, "node lex.js")
    # then
    assert out == ("3 0.5 16 62.5 a8b true\n", "", 0)


# --- the filesystem's fast paths -------------------------------------------------------------
def _image() -> dict[str, FileEntry]:
    return {
        "/": FileEntry.directory("/"),
        "/srv": FileEntry.directory("/srv"),
        "/srv/old": FileEntry.directory("/srv/old"),
        "/srv/old/file": FileEntry.file("/srv/old/file", b"lower"),
        "/link": FileEntry.symlink("/link", "/srv"),
    }


def test_mkdir_parents_follows_a_symlink_on_the_way() -> None:
    # given
    fs = CowFS(_image())
    # when
    fs.mkdir("/link/new/deep", parents=True)
    # then
    assert (fs.stat("/srv/new/deep").kind, fs.get("/link/new")) == ("dir", None)
    assert fs.listdir("/srv") == ["new", "old"]


def test_mkdir_parents_through_a_file_is_enotdir() -> None:
    # given
    fs = CowFS(_image())
    # when
    with pytest.raises(FsError) as caught:
        fs.mkdir("/srv/old/file/sub", parents=True)
    # then
    assert caught.value.errno == "ENOTDIR"


def test_a_deleted_and_recreated_directory_hides_what_the_image_had() -> None:
    # given
    fs = CowFS(_image())
    fs.remove("/srv/old", recursive=True)
    # when
    fs.mkdir("/srv/old")
    # then
    assert (fs.get("/srv/old/file"), fs.listdir("/srv/old"), fs.exists("/srv/old")) == (
        None,
        [],
        True,
    )


def test_a_file_put_over_an_image_directory_hides_its_children() -> None:
    # given
    fs = CowFS(_image())
    # when
    fs.put(FileEntry.file("/srv/old", b"now a file"))
    # then
    assert (fs.get("/srv/old/file"), fs.read("/srv/old")) == (None, b"now a file")


def test_a_mounted_file_changed_on_its_source_reads_the_new_content() -> None:
    # given: a bind mount whose entries the container's view re-labels
    host = CowFS({"/": FileEntry.directory("/")})
    host.mkdir("/data", parents=True)
    host.write("/data/a.txt", b"one")
    fs = MountedFS(_image(), [MountPoint("/mnt", host, "/data", False, "bind")])
    first = (fs.read("/mnt/a.txt"), fs.get("/mnt/a.txt"))
    # when
    host.write("/data/a.txt", b"two")
    # then
    again = fs.get("/mnt/a.txt")
    assert first[0] == b"one" and first[1] is not None and first[1].path == "/mnt/a.txt"
    assert (fs.read("/mnt/a.txt"), again is not None and again.path) == (b"two", "/mnt/a.txt")


def test_two_containers_of_an_image_list_its_directories_alike_after_one_changes() -> None:
    # given: two views of one image tree (the names of its directories are shared)
    image = _image()
    one, two = CowFS(image), CowFS(image)
    assert one.listdir("/srv") == two.listdir("/srv") == ["old"]
    # when
    one.mkdir("/srv/mine")
    two.remove("/srv/old", recursive=True)
    # then
    assert (one.listdir("/srv"), two.listdir("/srv"), CowFS(image).listdir("/srv")) == (
        ["mine", "old"],
        [],
        ["old"],
    )
