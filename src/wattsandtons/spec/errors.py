"""Located problems in a YAML spec (scenario, dispatch site, …) and the error that carries them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from wattsandtons.errors import WattsAndTonsError

Path = tuple[str | int, ...]


def dotted(path: Path) -> str:
    """``("processes", "fab", "inputs", 0)`` → ``processes.fab.inputs[0]``; the empty path is ``<document>``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "<document>"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a document, where it is and what was expected."""

    file: str
    line: int
    column: int
    path: Path
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{self.file}:{self.line}:{self.column} {dotted(self.path)}: {self.message}{tail}"


class SpecError(WattsAndTonsError):
    """A spec that cannot be used; carries every problem found, each with its location, sorted and unique."""

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError(f"a {type(self).__name__} needs at least one problem")
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close match exists, else an empty string."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
