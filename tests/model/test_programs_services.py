"""service, sudo, passwd and chpasswd in containers, compared with init-system-helpers'
script/service, sudo 1.9's tgetpass.c and logging.c, shadow-utils 4.13's passwd.c and
chpasswd.c, and busybox 1.37's loginutils/passwd.c and chpasswd.c."""

from __future__ import annotations

from dockersim.engine import Engine

NO_TERMINAL = (
    "sudo: a terminal is required to read the password; either use the -S option to read "
    "from standard input or configure an askpass helper\nsudo: a password is required\n"
)
USAGE = "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n"


def sh(engine: Engine, image: str, script: str) -> tuple[str, str, int]:
    engine.docker(f"pull -q {image}")
    result = engine.docker(["run", "--rm", image, "sh", "-c", script])
    return result.stdout, result.stderr, result.exit_code


# --- service --------------------------------------------------------------------------------


def test_service_without_a_script_is_unrecognized(engine: Engine) -> None:
    assert sh(engine, "debian", "service ssh start") == (
        "",
        "grep: /etc/init.d/ssh: No such file or directory\nssh: unrecognized service\n",
        1,
    )


def test_service_usage_and_version_go_to_stderr(engine: Engine) -> None:
    script = "service; echo $?; service --help; echo $?; service --version; service -V"
    assert sh(engine, "ubuntu:24.04", script) == (
        "1\n0\n",
        USAGE + USAGE + "service ver. 1.66ubuntu1\nservice ver. 1.66ubuntu1\n",
        0,
    )
    assert sh(engine, "debian", "service --version")[1] == "service ver. 1.65.2\n"


INIT_SCRIPTS = (
    "mkdir -p /etc/init.d; cd /etc/init.d; "
    "printf '#!/bin/sh\\ncase $1 in status) echo app is running;; start) echo Starting app;; "
    'stop) echo Stopping app;; *) echo "Usage: app {start|stop|status}"; exit 1;; esac\\n\' > app; '
    "printf '#!/bin/sh\\n[ \"$1\" = status ] && exit 3\\n' > db; "
    "printf '#!/bin/sh\\necho \"usage: old {start|stop}\"\\n' > old; "
    "printf '#!/bin/sh\\necho skeleton\\n' > skeleton; printf x > notexec; "
    "chmod +x app db old skeleton; cd /; "
)


def test_service_status_all_asks_each_script(engine: Engine) -> None:
    assert sh(engine, "debian", INIT_SCRIPTS + "service --status-all") == (
        " [ + ]  app\n [ - ]  db\n",
        " [ ? ]  old\n",
        0,
    )


def test_service_runs_the_script_with_the_action(engine: Engine) -> None:
    script = INIT_SCRIPTS + (
        "service app start; service app status extra; service app; echo $?; "
        "service app --full-restart; X=1 service app status"
    )
    assert sh(engine, "debian", script) == (
        "Starting app\napp is running\nUsage: app {start|stop|status}\n1\n"
        "Stopping app\nStarting app\napp is running\n",
        "",
        0,
    )


def test_service_scripts_get_a_clean_environment(engine: Engine) -> None:
    script = (
        "mkdir -p /etc/init.d; printf '#!/bin/sh\\necho \"[$FOO] $PATH\"\\n' > /etc/init.d/e; "
        "chmod +x /etc/init.d/e; FOO=bar service e start"
    )
    assert sh(engine, "debian", script)[0] == (
        "[] /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
    )


def test_alpine_has_no_service(engine: Engine) -> None:
    out, err, code = sh(engine, "alpine", "service --status-all")
    assert (out, code) == ("", 127)
    assert "service: not found" in err


# --- sudo -----------------------------------------------------------------------------------


INSTALL_SUDO = "apt-get update >/dev/null; apt-get install -y sudo >/dev/null 2>&1; "


def test_sudo_is_only_there_once_installed(engine: Engine) -> None:
    assert sh(engine, "debian", "sudo true")[1:] == ("sh: 1: sudo: not found\n", 127)
    script = INSTALL_SUDO + "sudo id; sudo -u nobody id; sudo -u nobody sh -c 'echo $HOME $USER'"
    assert sh(engine, "debian", script) == (
        "uid=0(root) gid=0(root) groups=0(root)\n"
        "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n"
        "/nonexistent nobody\n",
        "",
        0,
    )


def test_sudo_without_a_terminal_cannot_ask_for_a_password(engine: Engine) -> None:
    script = INSTALL_SUDO + "useradd -m bob; su bob -c 'sudo id'; echo $?; su bob -c 'sudo -n id'"
    assert sh(engine, "debian", script) == (
        "1\n",
        NO_TERMINAL + "sudo: a password is required\n",
        1,
    )


def test_sudo_nopasswd_rules_and_groups(engine: Engine) -> None:
    script = INSTALL_SUDO + (
        "useradd -m bob; echo 'bob ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/bob; "
        "su bob -c 'sudo whoami; sudo -u bob whoami'; rm /etc/sudoers.d/bob; "
        "echo '%sudo ALL=(ALL:ALL) NOPASSWD: ALL' > /etc/sudoers.d/group; "
        "su bob -c 'sudo -n true'; usermod -aG sudo bob; su bob -c 'sudo -n whoami'"
    )
    assert sh(engine, "debian", script) == (
        "root\nbob\nroot\n",
        "sudo: a password is required\n",
        0,
    )


def test_sudo_errors(engine: Engine) -> None:
    script = INSTALL_SUDO + "sudo nosuch; echo $?; sudo -u ghost true; echo $?"
    assert sh(engine, "debian", script) == (
        "1\n1\n",
        "sudo: nosuch: command not found\nsudo: unknown user ghost\n"
        "sudo: error initializing audit plugin sudoers_audit\n",
        0,
    )


def test_sudo_on_alpine(engine: Engine) -> None:
    script = (
        "apk add sudo >/dev/null; adduser -D al; su al -c 'sudo id'; "
        "echo '%wheel ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/wheel; addgroup al wheel; "
        "su al -c 'sudo whoami'"
    )
    assert sh(engine, "alpine", script) == ("root\n", NO_TERMINAL, 0)


# --- passwd and chpasswd --------------------------------------------------------------------


def test_chpasswd_and_passwd_status(engine: Engine) -> None:
    script = (
        "useradd bob; passwd -S bob; echo 'bob:secret' | chpasswd; passwd -S bob; "
        "grep -c '^bob:[$]y[$]' /etc/shadow; passwd -l bob; passwd -S bob; passwd -u bob; "
        "passwd -d bob; passwd -S bob; passwd -S root"
    )
    out, err, code = sh(engine, "debian", script)
    assert (err, code) == ("", 0)
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines if line.startswith(("bob ", "root "))] == [
        ["bob", "L"],
        ["bob", "P"],
        ["bob", "L"],
        ["bob", "NP"],
        ["root", "L"],
    ]
    assert lines[2] == "1"
    assert lines.count("passwd: password expiry information changed.") == 3
    assert lines[0].split()[3:] == ["0", "99999", "7", "-1"]


def test_passwd_errors(engine: Engine) -> None:
    script = (
        "passwd -S nosuch; echo $?; echo nocolon | chpasswd; echo $?; passwd root; echo $?; "
        "useradd bob; su bob -c 'passwd -l bob'; echo $?; su bob -c 'passwd -S root'"
    )
    assert sh(engine, "debian", script) == (
        "1\n1\n1\n1\n",
        "passwd: user 'nosuch' does not exist\nchpasswd: line 1: missing new password\n"
        "dockersim: not simulated in passwd: setting a password at a prompt (use chpasswd)\n"
        "passwd: Permission denied.\n"
        "passwd: You may not view or modify password information for root.\n",
        1,
    )


def test_busybox_passwd_and_chpasswd(engine: Engine) -> None:
    script = (
        "adduser -D al; passwd -l al; passwd -u al; passwd -l al; echo 'al:pw' | chpasswd; "
        "grep -c '^al:[$]y[$]' /etc/shadow; echo 'zz:pw' | chpasswd; echo $?; "
        "echo nocolon | chpasswd; echo $?"
    )
    assert sh(engine, "alpine", script) == (
        "1\n1\n1\n",
        "passwd: password for al is already locked\n"
        "passwd: password for al changed by root\n"
        "passwd: password for al changed by root\n"
        "chpasswd: password for 'al' changed\n"
        "chpasswd: unknown user zz\nchpasswd: missing new password\n",
        0,
    )


# --- file -----------------------------------------------------------------------------------


def test_file_is_installed_with_apt(engine: Engine) -> None:
    assert sh(engine, "debian", "file /etc")[1:] == ("sh: 1: file: not found\n", 127)
    script = (
        "apt-get update >/dev/null; apt-get install -y file >/dev/null 2>&1; cd /tmp; "
        "echo hi > a.txt; : > empty; printf '#!/bin/bash\\necho\\n' > s.sh; "
        "printf '#!/bin/sh\\n' > p.sh; printf '#!/usr/bin/env python3\\n' > p.py; "
        "printf 'h\\303\\251\\n' > u.txt; printf 'x' > n; printf 'a\\r\\nb\\r\\n' > crlf; "
        "ln -s a.txt link; ln -s nowhere broken; mkdir d; tar cf t.tar a.txt; "
        "file a.txt empty s.sh p.sh p.py u.txt n crlf link broken d t.tar nosuch; echo $?"
    )
    assert sh(engine, "debian", script) == (
        "a.txt:  ASCII text\n"
        "empty:  empty\n"
        "s.sh:   Bourne-Again shell script, ASCII text executable\n"
        "p.sh:   POSIX shell script, ASCII text executable\n"
        "p.py:   Python script, ASCII text executable\n"
        "u.txt:  Unicode text, UTF-8 text\n"
        "n:      ASCII text, with no line terminators\n"
        "crlf:   ASCII text, with CRLF line terminators\n"
        "link:   symbolic link to a.txt\n"
        "broken: broken symbolic link to nowhere\n"
        "d:      directory\n"
        "t.tar:  POSIX tar archive (GNU)\n"
        "nosuch: cannot open `nosuch' (No such file or directory)\n"
        "0\n",
        "",
        0,
    )


def test_file_brief_mime_and_programs(engine: Engine) -> None:
    script = (
        "apt-get update >/dev/null; apt-get install -y file >/dev/null 2>&1; cd /tmp; "
        "echo hi > a; printf '#!/bin/sh\\n' > s; file -b a; file -i a s; file --mime-type /tmp; "
        "file -b /bin/ls | cut -d, -f1-5"
    )
    assert sh(engine, "debian", script) == (
        "ASCII text\na: text/plain; charset=us-ascii\ns: text/x-shellscript; charset=us-ascii\n"
        "/tmp: inode/directory\n"
        "ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked, "
        "interpreter /lib64/ld-linux-x86-64.so.2\n",
        "",
        0,
    )
    out = sh(engine, "alpine", "apk add file >/dev/null; file -b /bin/busybox")[0]
    assert out == (
        "ELF 64-bit LSB pie executable, x86-64, version 1 (SYSV), dynamically linked, "
        "interpreter /lib/ld-musl-x86_64.so.1, stripped\n"
    )
