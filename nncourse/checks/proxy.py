"""The ``student`` fixture: attribute access that reaches into the sandbox.

``student.fit_linear(X, y)`` sends the call to the student's process and returns a copy of
the result; ``student["X"]`` fetches a value; ``"fit_linear" in student`` asks whether the
notebook defines it. Nothing of the student's objects exists in the grader.
"""

from __future__ import annotations

from typing import Any

from ..execution.runtime import StudentRuntime


class RemoteFunction:
    """A student function, callable from the grader."""

    def __init__(self, runtime: StudentRuntime, name: str) -> None:
        self._runtime = runtime
        self.__name__ = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._runtime.call(self.__name__, *args, **kwargs)

    def __repr__(self) -> str:
        return f"<student function {self.__name__}>"


class StudentProxy:
    """The submission as seen by tests."""

    def __init__(self, runtime: StudentRuntime) -> None:
        self._runtime = runtime
        self._names: dict[str, str] | None = None

    def __getattr__(self, name: str) -> RemoteFunction:
        if name.startswith("_"):
            raise AttributeError(name)
        return RemoteFunction(self._runtime, name)

    def function(self, name: str) -> RemoteFunction:
        """The student's function ``name`` (also for names that are not identifiers or start with ``_``)."""
        return RemoteFunction(self._runtime, name)

    def __getitem__(self, name: str) -> Any:
        return self._runtime.get(name)

    def evaluate(self, expression: str, **variables: Any) -> Any:
        """Evaluate ``expression`` inside the sandbox with the student's names and ``variables``.

        For functions that take callables: ``student.evaluate("gradient_descent(lambda W: A @ W - b,
        W0, 0.1, 20)", A=A, b=b, W0=W0)``. Only the result's data comes back.
        """
        return self._runtime.evaluate(expression, **variables)

    def names(self) -> dict[str, str]:
        """Top-level names the notebook defines → ``function``/``value``/``class``/``module``."""
        if self._names is None:
            self._names = self._runtime.names()
        return self._names

    def __contains__(self, name: str) -> bool:
        return name in self.names()
