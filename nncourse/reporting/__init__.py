"""Render grading results: Gradescope JSON, gradebook CSV, terminal text."""
