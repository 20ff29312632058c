"""Read a spec's text: a file on disk (size-limited) or a bundled spec given by its name."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any

from wattsandtons.spec.errors import Problem, SpecError, did_you_mean
from wattsandtons.spec.pydantic import titles_in

#: Largest spec file read [bytes]; a bound on parsing time and memory.
MAX_FILE_BYTES = 4 * 1024 * 1024


def spec_text(
    source: str | FilePath,
    bundled_dir: Any,
    *,
    error: type[SpecError] = SpecError,
    kind: str = "spec",
    max_bytes: int = MAX_FILE_BYTES,
) -> tuple[str, str, FilePath | None]:
    """``(text, display name, folder for relative files)`` of a spec file or of a bundled spec given by name.

    Parameters
    ----------
    source : str or pathlib.Path
        A path to a YAML file, or the name of a bundled spec (no slashes, no ``.yaml``).
    bundled_dir : importlib.resources.abc.Traversable
        The package folder holding the bundled specs (``<name>.yaml``).
    error : type of SpecError
        The error raised, with one located problem, for a missing, unreadable or oversized file.
    kind : str
        What the spec is called in messages (``"scenario"``, ``"spec"``).
    max_bytes : int
        Largest file read [bytes].

    Returns
    -------
    tuple of (str, str, pathlib.Path or None)
        The text, the name to show in messages, and the folder relative file names in the spec resolve against
        (None for a bundled spec inside a zip archive).
    """
    path = FilePath(source)
    if path.is_file():
        if path.stat().st_size > max_bytes:
            raise error([Problem(str(path), 1, 1, (), f"file is larger than {max_bytes} bytes")])
        try:
            return path.read_text(encoding="utf-8"), str(path), path.parent
        except (OSError, UnicodeDecodeError) as exc:
            raise error([Problem(str(path), 1, 1, (), f"cannot read file: {exc}")]) from None
    name = str(source)
    bundled = bundled_dir.joinpath(f"{name}.yaml")
    if "/" not in name and "\\" not in name and bundled.is_file():
        folder = FilePath(str(bundled_dir))
        return bundled.read_text(encoding="utf-8"), f"{name}.yaml", folder if folder.is_dir() else None
    hint = did_you_mean(name, titles_in(bundled_dir))
    raise error(
        [
            Problem(
                str(source),
                1,
                1,
                (),
                f"no such file or bundled {kind}{hint}",
                "a YAML file or a bundled name",
            )
        ]
    )
