"""Reading the package's data files (or a user's replacement) with one error policy.

Every lexicon and rule set is YAML under ``flashpoint/data/``; each loader takes an optional
path for tests and custom data. A file that cannot be read or is not valid YAML is a
``DataFileError`` naming the file and saying how to fix it, whichever loader asked. Learned
artefacts are ``.npz`` zips of plain arrays (never pickles): :func:`read_npz` reads one and
:func:`write_npz` writes one whose bytes depend only on its arrays (``make train`` then
reproduces the committed file byte for byte).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from .errors import DataFileError


class _UniqueKeyLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses a mapping with a repeated key: PyYAML keeps the last
    one silently, so a pasted second copy of a section would replace the first unseen."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse YAML text as every data file is read: safely, refusing a repeated key
    (``yaml.YAMLError`` names it)."""
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader)


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
        return load_yaml(text), name
    except yaml.YAMLError as exc:
        raise DataFileError(f"not valid YAML: {exc}", source=name,
                            fix="fix the YAML syntax at the position shown") from exc


#: The date every entry of a written artefact carries (``np.savez`` would stamp "now").
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def write_npz(path: Path, arrays: Mapping[str, Any]) -> None:
    """Write ``arrays`` (name -> array) as an ``.npz`` zip with fixed entry dates, in the
    order given, without pickles."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, value in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(value, order="C"), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, buffer.getvalue(), compresslevel=9)


def read_npz(file_name: str, path: Path | str | None = None, what: str = "artefact",
             fix: str = "rebuild it with `make train`") -> tuple[dict[str, Any], str]:
    """The arrays of ``path``, or of the packaged ``data/<file_name>``, read without pickles;
    and its name for error messages."""
    try:
        if path is None:
            ref = resources.files("flashpoint").joinpath("data", file_name)
            name = f"flashpoint/data/{file_name}"
            with ref.open("rb") as fh, np.load(fh, allow_pickle=False) as z:
                return {k: z[k] for k in z.files}, name
        name = str(path)
        with np.load(Path(path), allow_pickle=False) as z:
            return {k: z[k] for k in z.files}, name
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise DataFileError(f"the {what} cannot be read: {exc}",
                            source=str(path or file_name), fix=fix) from exc
