"""Thin command-line layer: each module here is one ``nncourse`` sub-command.

A command module defines ``HELP``, ``configure(parser)`` and ``run(args) -> int``, is listed
under its name in :data:`.main.COMMANDS`, and keeps heavy imports inside ``run`` so that
``nncourse --help`` stays instant.
"""
