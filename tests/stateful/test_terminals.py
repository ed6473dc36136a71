"""Live terminals against a model of what the learner typed (Hypothesis state machine).

Shells left waiting (`run -dit`) and shells opened next to them (`exec -it`) are typed into,
interrupted, ended, stopped, started, removed, saved and loaded, and time passes. The model
keeps each shell's directory and one variable; the machine checks that the shell answers
with them, that every terminal belongs to a running container, that a waiting shell has its
terminal, and that the world (terminals included) saves and loads as itself.
"""

from __future__ import annotations

import json

import hypothesis.strategies as st
from hypothesis import settings
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    precondition,
    rule,
)

from dockersim.engine import Engine
from dockersim.engine.terminals import TerminalEnded
from dockersim.engine.worldcheck import check_world

IMAGES = ("ubuntu", "alpine")
DIRS = ("/", "/tmp", "/etc", "/srv")
NAMES = ("one", "two")


class TerminalMachine(RuleBasedStateMachine):
    terminals = Bundle("terminals")

    def __init__(self) -> None:
        super().__init__()
        self.engine = Engine()
        #: terminal ID -> (container name, directory, value of V)
        self.model: dict[str, tuple[str, str, str]] = {}

    def _container(self, name: str) -> str:
        return self.engine.container_get(name).id

    @rule(target=terminals, name=st.sampled_from(NAMES), image=st.sampled_from(IMAGES))
    def run_shell(self, name: str, image: str) -> str:
        if self._exists(name):
            self.engine.docker(["rm", "-f", name])
            self._forget(name)
        assert self.engine.docker(["run", "-dit", "--name", name, image]).ok
        terminal = self._container(name)
        self.model[terminal] = (name, "/", "")
        return terminal

    @rule(target=terminals, name=st.sampled_from(NAMES))
    def exec_shell(self, name: str) -> MultipleResults[str]:
        if not self._exists(name) or not self.engine.container_get(name).state.running:
            return multiple()
        terminal = self.engine.terminal_exec(name, ["sh"], tty=True)
        assert terminal is not None
        self.model[terminal.id] = (name, "/", "")
        return multiple(terminal.id)

    @rule(terminal=terminals, directory=st.sampled_from(DIRS), value=st.sampled_from("abc"))
    def type_state(self, terminal: str, directory: str, value: str) -> None:
        if terminal not in self.model:
            return
        self.engine.terminal_input(terminal, f"cd {directory}; V={value}")
        name, _, _ = self.model[terminal]
        self.model[terminal] = (name, directory, value)

    @rule(terminal=terminals)
    def ask_state(self, terminal: str) -> None:
        if terminal not in self.model:
            return
        step = self.engine.terminal_input(terminal, 'echo "$PWD:$V"')
        _, directory, value = self.model[terminal]
        assert "".join(o.text for o in step.outputs) == f"{directory}:{value}\n"
        assert (
            step.prompt.endswith(f"{directory} # ")
            or step.prompt.endswith(f":{directory}# ")
            or step.prompt == "# "
        )

    @rule(terminal=terminals, seconds=st.sampled_from([0, 1, 5]))
    def type_sleep(self, terminal: str, seconds: int) -> None:
        if terminal in self.model:
            self.engine.terminal_input(terminal, f"sleep {seconds}")

    @rule(terminal=terminals)
    def block_then_interrupt(self, terminal: str) -> None:
        if terminal not in self.model:
            return
        self.engine.terminal_input(terminal, "sleep 100000")
        step = self.engine.terminal_interrupt(terminal)
        assert step.outputs[0].text == "^C"
        self.engine.terminal_input(terminal, "true")  # $? back to 0 for the model

    @rule(terminal=consumes(terminals), code=st.integers(0, 3), eof=st.booleans())
    def leave(self, terminal: str, code: int, eof: bool) -> None:
        if terminal not in self.model:
            return
        step = (
            self.engine.terminal_eof(terminal)
            if eof
            else self.engine.terminal_input(terminal, f"exit {code}")
        )
        assert step.ended
        name, _, _ = self.model.pop(terminal)
        if terminal == self._container_or_none(name):
            self.engine.advance(max(0.0, (step.busy_until or 0) - self.engine.now))
            assert not self.engine.container_get(name).state.running
            self._forget(name)

    @rule(name=st.sampled_from(NAMES), command=st.sampled_from(["stop", "kill", "rm -f"]))
    def end_container(self, name: str, command: str) -> None:
        if self._exists(name):
            self.engine.docker([*command.split(), name])
            self._forget(name)

    @rule(name=st.sampled_from(NAMES))
    def start_again(self, name: str) -> None:
        if self._exists(name) and not self.engine.container_get(name).state.running:
            assert self.engine.docker(["start", name]).ok
            self.model[self._container(name)] = (name, "/", "")

    @rule(seconds=st.sampled_from([1.0, 30.0, 3600.0]))
    def advance(self, seconds: float) -> None:
        self.engine.advance(seconds)

    @rule()
    def save_and_load(self) -> None:
        text = self.engine.dumps()
        check_world(json.loads(text))
        self.engine = Engine.from_json(json.loads(text))
        assert self.engine.dumps() == text

    @rule(terminal=terminals)
    def gone_terminals_say_so(self, terminal: str) -> None:
        if terminal in self.model:
            return
        try:
            self.engine.terminal_input(terminal, "echo hi")
        except TerminalEnded:
            return
        raise AssertionError("a terminal that ended took a line")

    def _exists(self, name: str) -> bool:
        return any(c.display_name == name for c in self.engine.world.containers.values())

    def _container_or_none(self, name: str) -> str | None:
        return self._container(name) if self._exists(name) else None

    def _forget(self, name: str) -> None:
        self.model = {t: m for t, m in self.model.items() if m[0] != name}

    @invariant()
    def terminals_are_on_running_containers(self) -> None:
        self.engine.settle()
        for terminal in self.engine.world.terminals.values():
            container = self.engine.world.containers[terminal.container]
            assert container.state.running and not container.state.restarting

    @invariant()
    def the_model_matches_the_terminals(self) -> None:
        assert set(self.engine.world.terminals) == set(self.model)

    @precondition(lambda self: bool(self.model))
    @invariant()
    def a_waiting_shell_keeps_its_container_up(self) -> None:
        for name, _, _ in self.model.values():
            assert self.engine.container_get(name).state.running


TerminalMachine.TestCase.settings = settings(
    max_examples=150, stateful_step_count=30, deadline=None
)
test_terminals = TerminalMachine.TestCase
