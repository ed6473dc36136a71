from dockersim.model.fs import FileEntry, apply, changeset, program_name, resolve, union


def test_changeset_adds_parents_sorted():
    # given / when
    cs = changeset([FileEntry.file("/etc/nginx/nginx.conf", "x"), FileEntry.file("/a", "y")])
    # then
    assert [e.path for e in cs] == ["/a", "/etc", "/etc/nginx", "/etc/nginx/nginx.conf"]
    assert cs[1].kind == "dir" and cs[1].mode == 0o755


def test_whiteout_removes_lower_tree():
    lower = union([changeset([FileEntry.file("/d/a", "1"), FileEntry.file("/d/b/c", "2")])])
    tree = apply(lower, [FileEntry.whiteout("/d/b")])
    assert "/d/b" not in tree and "/d/b/c" not in tree and "/d/a" in tree


def test_opaque_hides_lower_children_but_keeps_same_layer_ones():
    lower = union([changeset([FileEntry.file("/d/old", "1")])])
    tree = apply(lower, [FileEntry("/d", "opaque"), FileEntry.file("/d/new", "2")])
    assert "/d/old" not in tree and tree["/d/new"].content == b"2"


def test_file_replaces_directory():
    lower = union([changeset([FileEntry.file("/x/y", "1")])])
    tree = apply(lower, [FileEntry.file("/x", "now a file")])
    assert tree["/x"].kind == "file" and "/x/y" not in tree


def test_resolve_follows_usrmerge_symlinks():
    tree = union(
        [
            changeset(
                [
                    FileEntry.symlink("/bin", "usr/bin"),
                    FileEntry.program("/usr/bin/ls", "ls", "x86_64"),
                ]
            )
        ]
    )
    assert resolve(tree, "/bin/ls") == "/usr/bin/ls"
    assert resolve(tree, "/bin/nope") is None
    assert program_name(tree["/usr/bin/ls"].content) == "ls"


def test_resolve_symlink_loop_is_none():
    tree = union([changeset([FileEntry.symlink("/a", "/b"), FileEntry.symlink("/b", "/a")])])
    assert resolve(tree, "/a") is None
