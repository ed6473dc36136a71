"""`docker login` at a terminal: the CLI's prompts for a user name and a password.

docker/cli cli/command/registry.go (PromptUserForCredentials) and registry/login.go
(loginUser): for Docker Hub without `-u`/`-p` the CLI 28 first tries the web-based device
login, and falls back to these prompts when it cannot start it. The simulated Hub has no web
login, so the fallback is what a learner sees, as on a machine where the device flow fails.
The password is read without echo; the offline Hub accepts any user name and password.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.docker.context import daemon_text
from dockersim.docker.live import Update
from dockersim.errors import DockerError

if TYPE_CHECKING:
    from dockersim.engine import Engine

#: registry.go registerSuggest and patSuggest (the latter while hints are on, the default)
HUB_SUGGEST = (
    "Log in with your Docker ID or email address to push and pull images from Docker Hub. "
    "If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.\n"
    "You can log in with your password or a Personal Access Token (PAT). Using a "
    "limited-scope PAT grants better security and is required for organizations using SSO. "
    "Learn more at https://docs.docker.com/go/access-tokens/\n\n"
)
#: login.go, when the device-code flow cannot start
WEB_FALLBACK = "Failed to start web-based login - falling back to command line login...\n\n"
#: tui PrintNote (plain header " Info -> ", continuation lines indented to its width)
_HEADER = " Info -> "
PAT_NOTE = (
    "\n"
    + _HEADER
    + "A Personal Access Token (PAT) can be used instead.\n"
    + " " * len(_HEADER)
    + "To create a PAT, visit https://app.docker.com/settings\n"
    + (" " * len(_HEADER) + "\n") * 2
)


@attrs.define
class LoginFollow:
    """The prompts, one line each: `Username: ` (unless `-u` gave it), then `Password: `
    without echo; then the login itself (`Login Succeeded`)."""

    server: str
    host: str | None
    username: str = ""
    #: given with `-p` (then only the user name is asked)
    password: str = ""
    #: what the login prints when it stores credentials (auth.py STORE_WARNING)
    store_warning: str = ""
    #: what is left to print once the login is done (the next poll shows it)
    finished: Update | None = None
    reads_lines: bool = True
    detachable: bool = False
    detach_message: str | None = None
    keys: str = ""

    @property
    def secret(self) -> bool:
        """The line being read is the password: the terminal does not echo it."""
        return bool(self.username)

    def prompt(self, engine: Engine) -> str | None:
        if self.finished is not None:
            return None
        return "Password: " if self.username else "Username: "

    def poll(self, engine: Engine) -> Update:
        return self.finished or Update()

    def line(self, engine: Engine, text: str) -> Update:
        text = text.strip()
        if not self.username:
            if not text:
                return Update(err="Error: Non-null Username Required\n", done=True, exit_code=1)
            self.username = text
            if self.password:
                return self._login(engine, self.password, "")
            return Update(err=PAT_NOTE)
        if not text:  # the CLI ends the unechoed line itself
            return Update(out="\n", err="Error: Password Required\n", done=True, exit_code=1)
        return self._login(engine, text, "\n")

    def _login(self, engine: Engine, password: str, newline: str) -> Update:
        try:
            changed = engine.auth_login(self.server, self.username, password)
        except DockerError as exc:
            return Update(newline, daemon_text(exc) + "\n", done=True, exit_code=1)
        # the warning (stderr) comes between the newline and `Login Succeeded` (stdout)
        self.finished = Update(out="Login Succeeded\n", done=True)
        return Update(out=newline, err=self.store_warning if changed else "")

    def eof(self, engine: Engine) -> Update:
        return self.line(engine, "")

    def interrupt(self, engine: Engine) -> Update:
        return Update(out="\n", done=True, exit_code=130)
