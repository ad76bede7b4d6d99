"""Cells a hostile student appends to the solved assignment-1 notebook (not tests).

Each hostile notebook names its processes with ``prctl(PR_SET_NAME)`` (``NAME.format(tag=…)``),
so that :func:`conftest.live_processes_named` can find any that outlive their submission.
Every hang is in the notebook's last cell: the questions before it still score.
"""

NAME = "import ctypes\nctypes.CDLL(None).prctl(15, b'{tag}', 0, 0, 0)\n"
HOSTILE_CELLS = {
    "loopcell": ["while True:\n    pass\n"],
    "sigterm": ["import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nwhile True:\n    pass\n"],
    "forker": ["import os\nfor _ in range(3):\n    try:\n        if os.fork() == 0:\n            while True:\n                pass\n"
               "    except OSError:\n        pass\nwhile True:\n    pass\n"],
    "setsid": ["import os, time\ntry:\n    if os.fork() == 0:\n        os.setsid()\n        if os.fork() == 0:\n"
               "            while True:\n                time.sleep(1)\n        os._exit(0)\nexcept OSError:\n    pass\n"
               "while True:\n    pass\n"],
}
#: The solved ``fit_linear`` made to loop forever when called.
LOOPING_FUNCTION = {"return np.linalg.solve(X.T @ X, X.T @ y)": "while True:\n        pass"}
