"""What differs between dash, bash and busybox ash: error texts, prompts, echo."""

from __future__ import annotations

import attrs

from dockersim.model.userland.lexer import ParseError

SHELLS = ("dash", "bash", "ash")


@attrs.define
class Dialect:
    """A shell's voice. `arg0` is its $0 (`sh`, `/bin/sh`, `bash`); `script` is set when it
    runs a script file; `interactive` for `docker run -it` sessions."""

    name: str
    arg0: str = "sh"
    script: str = ""
    interactive: bool = False

    def prefix(self, line: int) -> str:
        """What starts every error message of this shell at `line`."""
        if self.name == "dash":
            return f"{self.script or self.arg0}: {line}: "
        if self.name == "bash":
            if self.interactive:
                return "bash: "
            return f"{self.script or self.arg0}: line {line}: "
        if self.script:
            return f"{self.script}: line {line}: "
        return f"{self.arg0}: "

    def not_found(self, name: str) -> str:
        if self.name == "bash":
            return f"{name}: command not found"
        return f"{name}: not found"

    def no_such_file(self, name: str) -> str:
        """A command given with a `/` that does not exist."""
        if self.name == "bash":
            return f"{name}: No such file or directory"
        return f"{name}: not found"

    def is_directory(self, name: str) -> str:
        return f"{name}: Is a directory" if self.name == "bash" else f"{name}: Permission denied"

    def cd_error(self, target: str, reason: str) -> str:
        if self.name == "dash":
            return f"cd: can't cd to {target}"
        if self.name == "bash":
            return f"cd: {target}: {reason}"
        return f"cd: can't cd to {target}: {reason}"

    @property
    def cd_status(self) -> int:
        return 1 if self.name == "bash" else 2

    def redirect_error(self, path: str, errno: str, reason: str, write: bool) -> str:
        if self.name == "bash":
            return f"{path}: {reason}"
        if self.name == "dash":
            if errno == "ENOENT":
                reason = "Directory nonexistent" if write else "No such file"
            return f"cannot {'create' if write else 'open'} {path}: {reason}"
        if write:
            if errno == "ENOENT":
                reason = "nonexistent directory"
            return f"can't create {path}: {reason}"
        return f"can't open '{path}': {reason}"

    @property
    def redirect_status(self) -> int:
        return 2 if self.name == "dash" else 1

    def syntax_error(self, err: ParseError, line_text: str) -> list[str]:
        """The lines (without prefix for bash's second line) a syntax error prints."""
        if err.kind == "deep":  # the simulator's own limit: the same words in every shell
            return [f"{'Syntax error' if self.name == 'dash' else 'syntax error'}: {err.found}"]
        if self.name == "dash":
            if err.kind == "unterminated":
                return ["Syntax error: Unterminated quoted string"]
            if err.kind == "bad":
                return [f"Syntax error: {err.found}"]
            tail = f" (expecting {err.expecting})" if err.expecting else ""
            return [f"Syntax error: {err.found} unexpected{tail}"]
        if self.name == "ash":
            if err.kind == "unterminated":
                return ["syntax error: unterminated quoted string"]
            if err.kind == "bad":
                return [f"syntax error: {err.found.lower()}"]
            tail = f" (expecting {err.expecting})" if err.expecting else ""
            return [f"syntax error: unexpected {err.found}{tail}"]
        if err.kind == "unterminated":
            return [f"unexpected EOF while looking for matching `{err.text}'"]
        if err.kind == "bad":
            return [f"`{err.text}': not a valid identifier"]
        if err.found == "end of file":
            return ["syntax error: unexpected end of file"]
        out = [f"syntax error near unexpected token `{err.text}'"]
        if not self.interactive:
            out.append(f"`{line_text}'")
        return out

    def syntax_prefix(self, line: int) -> str:
        if self.name == "bash":
            if self.interactive:
                return "bash: "
            where = self.script or f"{self.arg0}: -c"
            return f"{where}: line {line}: "
        if self.name == "dash":
            return self.prefix(line)
        if self.script:
            return f"{self.script}: line {line}: "
        return f"{self.arg0}: "

    def unset_message(self, name: str) -> str:
        if self.name == "bash":
            return f"{name}: unbound variable"
        return f"{name}: parameter not set"

    def param_error(self, name: str, msg: str, colon: bool) -> str:
        if msg:
            return f"{name}: {msg}"
        if self.name == "bash" or colon:
            return f"{name}: parameter null or not set"
        return f"{name}: parameter not set"

    def prompt(self, user: str, host: str, cwd: str, home: str, continuation: bool) -> str:
        if continuation:
            return "> "
        sign = "#" if user == "root" else "$"
        shown = cwd
        if home and home != "/" and (cwd == home or cwd.startswith(home + "/")):
            shown = "~" + cwd[len(home) :]
        if self.name == "bash":
            return f"{user}@{host}:{shown}{sign} "
        if self.name == "ash":
            return f"{shown} {sign} "
        return f"{sign} "
