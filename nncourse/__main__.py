"""``python -m nncourse …``: the same commands as the ``nncourse`` script, for an environment
whose scripts folder is not on PATH (a notebook's ``!python -m nncourse check …``)."""

from .cli.main import entry

if __name__ == "__main__":
    entry()
