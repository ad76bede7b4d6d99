"""Write generated notebooks with nbformat (instructor side only)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable


def write_notebook(path: Path, cells: Iterable[tuple[str, str]], metadata: dict[str, Any]) -> None:
    """Write an nbformat-4 notebook of ``(kind, source)`` cells, validated by nbformat."""
    import nbformat
    from nbformat import v4

    makers = {"code": v4.new_code_cell, "markdown": v4.new_markdown_cell, "raw": v4.new_raw_cell}
    nb = v4.new_notebook(cells=[makers[kind](source) for kind, source in cells])
    nb.metadata.update(metadata)
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3", "language": "python"})
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
