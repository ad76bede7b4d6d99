"""Similarity of student code across a class: who shares how much of the code they wrote.

Pipeline (each step its own module; pure except ``sources`` and ``report``)::

    sources (notebooks → code, template cells dropped) → tokens (normalised token stream)
    → fingerprints (k-grams, winnowing) → index (inverted index → scored pairs)
    → regions (matching lines of one pair) → report (HTML with side-by-side view, CSV)

Written on the standard library's ``tokenize`` and numpy rather than a plagiarism library:
``copydetect`` (the well-kept Python option) tokenises with pygments into a character
stream in which every name, attribute and call becomes ``V`` (so ``np.linalg.solve`` and
``y.shape`` look alike, which makes short honest functions collide), measured ~0.1 s per
notebook, imports matplotlib, and compares every pair in a Python loop; a class of 1,000 is
half a million pairs. Here attributes and builtins are kept, only renameable names are
normalised, and pairs are found through an inverted index of fingerprints.
"""
