"""The course as a source of gradable assignments: master notebook + hidden suite + solutions.

:func:`manifest_of` turns a parsed master notebook into the :class:`~nncourse.grading.manifest.Manifest`
that ``generate`` writes into the bundle; :func:`from_master` grades straight from the course
with the same manifest, so a bundle and the course it came from grade alike.
"""

from __future__ import annotations

from pathlib import Path

from ..course import Course
from ..grading.assignment import GradableAssignment, assemble
from ..grading.manifest import Manifest
from ..grading.source import AssignmentSource
from .catalogue import assignment_entry
from .master import Master, load_master


def manifest_of(master: Master) -> Manifest:
    """The bundle manifest of a master notebook."""
    h = master.header
    return Manifest(
        id=h.id, title=h.title, questions=master.points,
        cell_tests=tuple(master.tests),
        reference=h.reference, cell_timeout=h.cell_timeout, call_timeout=h.call_timeout,
        manual=tuple(q.name for q in master.questions if q.manual),
        all_or_nothing=tuple(q.name for q in master.questions if q.all_or_nothing),
        student_imports=h.student_imports, data_seed=h.data_seed,
    )


def _reference_file(master: Master, course: Course) -> Path | None:
    return course.solutions / f"{master.header.reference}.py" if master.header.reference else None


def _data_dir(master: Master) -> Path | None:
    data = master.path.parent / master.header.data
    return data if data.is_dir() else None


def from_master(master: Master, course: Course) -> GradableAssignment:
    """Grade straight from the course sources."""
    from .validate import check_hidden_tests, check_suite

    h = master.header
    check_suite(master, course)
    assignment = assemble(manifest_of(master), suite=course.autograder / h.suite if h.suite else None, suite_prefix=h.id.replace("-", "_"),
                          reference=_reference_file(master, course), data=_data_dir(master),
                          secrets=course.private_paths())
    check_hidden_tests(master, assignment)
    return assignment


def from_course(course: Course, ident: str) -> GradableAssignment:
    """The course's assignment ``ident``, loaded."""
    return course_source(course, ident).load()


def course_source(course: Course, ident: str) -> AssignmentSource:
    """The course's assignment ``ident``, described (its master notebook is parsed; nothing is loaded)."""
    master = load_master(assignment_entry(course, ident).path, course.solutions)
    h = master.header
    reference, data = _reference_file(master, course), _data_dir(master)
    inputs = (master.path, course.autograder / h.suite, *((reference,) if reference else ()), *((data,) if data else ()))
    return AssignmentSource(h.id, h.cell_timeout, h.call_timeout, data, course.private_paths(),
                            lambda: from_master(master, course), reference=reference,
                            questions=tuple(master.points), inputs=inputs, student_imports=h.student_imports,
                            data_seed=h.data_seed)
