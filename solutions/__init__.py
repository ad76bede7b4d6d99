"""Instructors' reference implementations. Never shipped to students.

Hidden autograder suites compare student functions with these; solved notebooks are
generated from them (the body between ``# BEGIN SOLUTION`` / ``# END SOLUTION`` becomes
``raise NotImplementedError`` in the student notebook).
"""
