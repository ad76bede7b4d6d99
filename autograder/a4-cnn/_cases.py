"""Shared data for the assignment-4 hidden suite (not tests)."""

from __future__ import annotations

#: 练习二 Q1: the four candidate networks on 32×32 greyscale images, 10 classes (textbook data).
EX2_Q1 = [
    [(1, 7, 1, 0), (2, 11, 1, 0), (512, 10)],
    [(1, 3, 1, 0), (5, 3, 1, 1), (900, 10)],
    [(1, 3, 1, 0), (2, 11, 1, 0), (1152, 11)],
    [(1, 3, 1, 0), (1, 3, 1, 1), (900, 10)],
]
