"""Shell completion for `dockersim`: bash, zsh and fish scripts (`dockersim completion SHELL`)
that ask `dockersim __complete WORD...` for the candidates.

Completed: `dockersim`'s own commands and options; after `dockersim docker`, docker's commands
and flags (the command table, docker/commands.yaml) and the names in the saved world
(containers, images, networks, volumes), as the interactive shell completes them
(scenario/completion.py); after `dockersim show ...`, the names the picture takes. The saved
world is only read, without the lock: completion never changes it. Where nothing is proposed
(a lesson file), the shell completes file names.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dockersim.engine import Engine

SHELLS = ("bash", "zsh", "fish")

BASH = """\
# bash completion for dockersim (`dockersim completion bash`)
_dockersim() {
    local IFS=$'\\n'
    COMPREPLY=($(dockersim __complete "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _dockersim dockersim
"""

ZSH = """\
#compdef dockersim
# zsh completion for dockersim (`dockersim completion zsh`)
_dockersim() {
    local -a candidates
    candidates=("${(@f)$(dockersim __complete "${(@)words[2,CURRENT]}" 2>/dev/null)}")
    if [[ -n "${candidates[1]}" ]]; then
        compadd -Q -- "${candidates[@]}"
    else
        _files
    fi
}
if [[ "${funcstack[1]}" == "_dockersim" ]]; then
    _dockersim "$@"
else
    compdef _dockersim dockersim
fi
"""

FISH = """\
# fish completion for dockersim (`dockersim completion fish`)
function __dockersim_complete
    set -l words (commandline -opc)
    dockersim __complete $words[2..-1] (commandline -ct) 2>/dev/null
end
complete -c dockersim -a '(__dockersim_complete)'
"""

SCRIPTS = {"bash": BASH, "zsh": ZSH, "fish": FISH}

#: `dockersim show KIND NAME`: which names the picture takes
_SHOW_NAMES = {"layers": "any", "container": "container", "network": "network"}


def _world() -> Engine:
    """The saved world, read as it is (a fresh one when there is none or it cannot be read)."""
    from dockersim import store
    from dockersim.engine import Engine
    from dockersim.errors import StateError

    try:
        engine, _ = store.load(store.home() / store.STATE_FILE)
    except (StateError, OSError, ValueError):
        return Engine(seed=0)
    return engine


def candidates(root: Any, words: list[str]) -> list[str]:
    """The completions of the last of `words` (the words after `dockersim`; the last one is
    being typed, "" when nothing is yet); `root` is the typer app's click command."""
    *done, text = words or [""]
    if done and done[0] == "docker":
        from dockersim.scenario.completion import complete

        line = " ".join(["docker", *done[1:], text])
        return complete(_world(), line, text)
    if done and done[0] in ("host", "play", "validate", "web"):
        return []  # a host command line, lesson files: the shell completes file names
    command = root
    path: list[str] = []
    for word in done:
        subcommands = getattr(command, "commands", None) or {}
        if word in subcommands:
            command = subcommands[word]
            path.append(word)
        elif not word.startswith("-"):
            break
    if text.startswith("-"):
        options = ["--help", *(["--version"] if not path else [])]
        for param in command.params:
            if param.param_type_name == "option" and not getattr(param, "hidden", False):
                options += [*param.opts, *param.secondary_opts]
        return sorted(o for o in set(options) if o.startswith(text))
    subcommands = getattr(command, "commands", None)
    if subcommands:
        names = [n for n, c in subcommands.items() if not getattr(c, "hidden", False)]
        return sorted(n for n in names if n.startswith(text))
    if path[:1] == ["show"] and len(path) == 2:
        from dockersim.scenario.completion import names_of

        return names_of(_world(), _SHOW_NAMES[path[1]], text)
    if path == ["completion"]:
        return sorted(s for s in SHELLS if s.startswith(text))
    return []


def complete_main(root: Any, words: list[str]) -> int:
    """`dockersim __complete WORD...`: one candidate a line."""
    for candidate in candidates(root, words):
        sys.stdout.write(candidate + "\n")
    return 0
