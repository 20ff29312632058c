"""The spec kernel: what every YAML language of the package (scenarios, dispatch sites) is built from.

* :mod:`~wattsandtons.spec.located` – YAML read into plain data with the line and column of every value;
* :mod:`~wattsandtons.spec.errors` – located problems (:class:`Problem`) and the error carrying them
  (:class:`SpecError`, subclassed per language), ``did you mean`` hints;
* :mod:`~wattsandtons.spec.pydantic` – pydantic's validation errors turned into located problems;
* :mod:`~wattsandtons.spec.loader` – a spec's text from a file or a bundled name;
* :mod:`~wattsandtons.spec.fields` – the strict base model, names, the sourced value and dimension constants.
"""

from wattsandtons.spec.errors import Path, Problem, SpecError, did_you_mean, dotted
from wattsandtons.spec.loader import MAX_FILE_BYTES, spec_text
from wattsandtons.spec.located import Located, load_yaml
from wattsandtons.spec.pydantic import pydantic_problems, titles_in

__all__ = [
    "MAX_FILE_BYTES",
    "Located",
    "Path",
    "Problem",
    "SpecError",
    "did_you_mean",
    "dotted",
    "load_yaml",
    "pydantic_problems",
    "spec_text",
    "titles_in",
]
