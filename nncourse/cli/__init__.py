"""Thin command-line layer: each module here is one ``nncourse`` sub-command.

A command module defines ``NAME``, ``HELP``, ``configure(parser)`` and ``run(args) -> int``
and keeps heavy imports inside ``run`` so that ``nncourse --help`` stays instant.
"""
