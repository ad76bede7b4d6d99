"""Where nncourse meets the tools courses already run.

- :mod:`.gradescope`: the autograder zip Gradescope builds its image from, and the step it
  runs for every submission;
- :mod:`.github`: GitHub Actions workflows for a course repository and for a student
  repository (GitHub Classroom);
- :mod:`.wheel`: the nncourse wheel that those installs use (no private package index).

Each module turns nncourse's own results into the other tool's format and nothing more:
grading itself is the grading layer's.
"""
