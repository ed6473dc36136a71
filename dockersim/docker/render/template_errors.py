"""The errors of Go templates; ``str()`` of each is Go's exact text."""

from __future__ import annotations


class TemplateError(Exception):
    """A template that does not parse: ``template: :1: function "foo" not defined``."""


class ExecError(TemplateError):
    """A template that fails while executing.

    ``template: :1:2: executing "" at <.Foo.Bar>: ...``; ``partial`` holds the output written
    before the error (Go writes straight to its writer, so callers that keep it see it).
    """

    def __init__(self, message: str, partial: str = "") -> None:
        super().__init__(message)
        self.partial = partial
