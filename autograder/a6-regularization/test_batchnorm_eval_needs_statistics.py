"""Hidden tests: batch norm in evaluation mode needs the running statistics (the prompt asks for ValueError).

Falling back to mean 0 and variance 1 silently normalises with made-up statistics.
"""

import numpy as np

from nncourse.checks import expect_raises

QUESTION = "batchnorm"

EVAL = "batchnorm_forward(x, gamma, beta, 1e-5, rm, rv, 0.1, False)"


def test_eval_without_running_statistics_raises(student):
    x, gamma, beta = np.arange(12.0).reshape(4, 3), np.ones(3), np.zeros(3)
    for rm, rv, missing in ((None, None, "both"), (np.zeros(3), None, "running_var"), (None, np.ones(3), "running_mean")):
        expect_raises(ValueError, lambda: student.evaluate(EVAL, x=x, gamma=gamma, beta=beta, rm=rm, rv=rv),
                      call=f"batchnorm_forward(..., train=False) without {missing}",
                      why="评估模式必须给出滑动统计量，不能用默认值代替 / evaluation mode needs the running statistics; "
                          "defaults would be made-up statistics")
