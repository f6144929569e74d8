"""Reading the package's YAML data files (or a user's replacement) with one error policy.

Every lexicon and rule set is YAML under ``flashpoint/data/``; each loader takes an optional
path for tests and custom data. A file that cannot be read or is not valid YAML is a
``DataFileError`` naming the file and saying how to fix it, whichever loader asked.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError


def read_yaml(file_name: str, path: Path | str | None = None,
              what: str = "data file") -> tuple[Any, str]:
    """The parsed YAML of ``path``, or of the packaged ``data/<file_name>``; and its name for
    error messages (``flashpoint/data/<file_name>`` or the path given)."""
    if path is None:
        name = f"flashpoint/data/{file_name}"
        text = resources.files("flashpoint").joinpath("data", file_name).read_text("utf-8")
    else:
        name = str(path)
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise DataFileError(f"cannot read the {what}: {exc}", source=name,
                                fix="pass the path of a readable YAML file") from exc
    try:
        return yaml.safe_load(text), name
    except yaml.YAMLError as exc:
        raise DataFileError(f"not valid YAML: {exc}", source=name,
                            fix="fix the YAML syntax at the position shown") from exc
