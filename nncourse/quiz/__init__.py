"""Multiple-choice and numeric quizzes: quiz files as data, derived keys, forgiving answer
parsing, scoring policies, Gradescope results and a key-free student self-check.

Pipeline (each step its own module, pure except where noted)::

    loader (reads TOML) → keys (calls reference functions) → answers (reads answer files)
    → parsing → scoring → grading → report;   selfcheck for students, service for the CLI

Per-student variants: templating (question text, option printing) → variants (keyed draws,
generated options, every variant checked) → roster (roster and secret files) → per_student
(export and grading per student, behind ``--roster``).

See ``docs/quizzes.md`` for the file format and the scoring policies.
"""
