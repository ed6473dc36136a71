"""BuildKit's build checks: the warnings `docker build` prints (`1 warning found ...`).

Rule names and sentences are buildkit's (frontend/dockerfile/linter/ruleset.go); each warning
reads `<Rule>: <message> (line N)` (linter.LintFormatShort). Only the rules that are on by
default are modelled: the experimental ones (InvalidDefinitionDescription) are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from dockersim.build.ast import Node
from dockersim.build.errors import suggest
from dockersim.build.instructions import Stage
from dockersim.build.parser import ParseResult

RESERVED_STAGE_NAMES = frozenset({"context", "scratch"})
_SECRETS = re.compile(
    r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)"
    r"(?:_|$)"
)
_ALLOWED = re.compile(r"(?i)(?:_|^)(?:public|file|version)(?:_|$)")
#: args that never go into the environment (buildkit nonEnvArgs)
NON_ENV_ARGS = frozenset({"SOURCE_DATE_EPOCH"})


class Linter:
    """Collects warnings in the order buildkit raises them."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, rule: str, message: str, line: int) -> None:
        text = f"{rule}: {message}"
        if line > 0:
            text += f" (line {line})"
        self.warnings.append(text)

    # --- parse-time rules --------------------------------------------------------------------
    def parse_warnings(self, parsed: ParseResult) -> None:
        for warning in parsed.warnings:
            self.warn("NoEmptyContinuation", "Empty continuation line", warning.line)

    def parse_time(self, nodes: Sequence[Node], stages: Sequence[Stage]) -> None:
        for node in nodes:
            keyword = node.keyword
            if keyword == "maintainer":
                self.warn(
                    "MaintainerDeprecated",
                    "Maintainer instruction is deprecated in favor of using label",
                    node.start_line,
                )
            if keyword == "from":
                self._from_casing(node)
        names: set[str] = set()
        for stage in stages:
            if stage.name:
                if stage.name in RESERVED_STAGE_NAMES:
                    self.warn(
                        "ReservedStageName",
                        f'Stage name should not use the same name as reserved stage "{stage.name}"',
                        stage.node.start_line,
                    )
                if stage.name in names:
                    self.warn(
                        "DuplicateStageName",
                        f'Duplicate stage name "{stage.name}", stage names should be unique',
                        stage.node.start_line,
                    )
                names.add(stage.name)
        self._casing(stages)

    def _from_casing(self, node: Node) -> None:
        args = node.args
        if len(args) == 3 and args[2] != args[2].lower():
            self.warn(
                "StageNameCasing",
                f"Stage name '{args[2]}' should be lowercase",
                node.start_line,
            )
        if len(args) >= 3:
            word = node.value
            lower, upper = word == word.lower(), word == word.upper()
            if (lower and args[1] != args[1].lower()) or (upper and args[1] != args[1].upper()):
                self.warn(
                    "FromAsCasing",
                    f"'{args[1]}' and '{word}' keywords' casing do not match",
                    node.start_line,
                )

    def _casing(self, stages: Sequence[Stage]) -> None:
        names: list[tuple[str, int]] = []
        for stage in stages:
            names.append((stage.node.value, stage.node.start_line))
            names.extend((c.node.value, c.node.start_line) for c in stage.commands)
        lower = sum(1 for n, _ in names if _consistent(n) and n == n.lower())
        upper = sum(1 for n, _ in names if _consistent(n) and n != n.lower())
        majority_lower = lower > upper
        for name, line in names:
            if majority_lower and name.lower() != name:
                casing = "lowercase"
            elif not majority_lower and name.upper() != name:
                casing = "uppercase"
            else:
                continue
            self.warn(
                "ConsistentInstructionCasing",
                f"Command '{name}' should match the case of the command majority ({casing})",
                line,
            )

    def from_args(self, stage: Stage, unmatched: Iterable[str], declared: Sequence[str]) -> None:
        for name in sorted(unmatched):
            if name in declared:
                continue
            match = suggest(name, list(declared), True)
            text = f"FROM argument '{name}' is not declared"
            if match:
                text += f" (did you mean {match}?)"
            self.warn("UndefinedArgInFrom", text, stage.node.start_line)

    # --- dispatch-time rules -----------------------------------------------------------------
    def legacy_key_value(self, instruction: str, line: int) -> None:
        self.warn(
            "LegacyKeyValueFormat",
            f'"{instruction} key=value" should be used instead of legacy "{instruction} key value" '
            "format",
            line,
        )

    def json_args(self, instruction: str, line: int) -> None:
        self.warn(
            "JSONArgsRecommended",
            f"JSON arguments recommended for {instruction} to prevent unintended behavior "
            "related to OS signals",
            line,
        )

    def multiple(self, instruction: str, line: int) -> None:
        self.warn(
            "MultipleInstructionsDisallowed",
            f"Multiple {instruction} instructions should not be used in the same stage because "
            "only the last one will be used",
            line,
        )

    def workdir_relative(self, path: str, line: int) -> None:
        self.warn(
            "WorkdirRelativePath",
            f'Relative workdir "{path}" can have unexpected results if the base image changes',
            line,
        )

    def secret_key(self, instruction: str, key: str, line: int) -> None:
        if _SECRETS.search(key) and not _ALLOWED.search(key):
            self.warn(
                "SecretsUsedInArgOrEnv",
                f'Do not use ARG or ENV instructions for sensitive data ({instruction} "{key}")',
                line,
            )

    def undefined_vars(
        self, unmatched: Iterable[str], build_args: Iterable[str], env: Sequence[str], line: int
    ) -> None:
        skip = set(build_args) | NON_ENV_ARGS
        for name in sorted(set(unmatched) - skip):
            match = suggest(name, list(env), True)
            text = f"Usage of undefined variable '${name}'"
            if match:
                text += f" (did you mean ${match}?)"
            self.warn("UndefinedVar", text, line)

    def expose_proto(self, port: str, line: int) -> None:
        self.warn(
            "ExposeProtoCasing",
            f"Defined protocol '{port}' in EXPOSE instruction should be lowercase",
            line,
        )


def _consistent(name: str) -> bool:
    return name == name.lower() or name == name.upper()
