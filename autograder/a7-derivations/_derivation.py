"""Shared helper of the derivations suite: grade one answer variable against ``solutions.derivations``.

Each known wrong variant of a :class:`solutions.derivations.Derivation` is paired with the
sentence a student sees when the answer matches it (built-in mistakes such as a lost ½ or a
flipped sign are always tried as well, see :mod:`nncourse.symbolic.mistakes`).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from nncourse.checks.symbolic import expect_equivalent, prestart_checker
from nncourse.symbolic import Variant

prestart_checker()  # the symbolic helper process imports sympy while the student's cells run

#: What each named mistake means, in the student's words (中文 / English).
MISTAKES = {
    "sigma_only": "只写了 σ(z)，漏掉了 (1−σ(z)) / only σ(z): the factor (1 − σ(z)) is missing",
    "one_plus": "应为 1 − σ，不是 1 + σ / the factor is 1 − σ, not 1 + σ",
    "unsquared_denominator": "分母 (1+e^{−z}) 应该平方 / the denominator (1 + e^{−z}) must be squared",
    "chain_sign": "对 e^{−z} 求导时符号处理错了 / the sign from differentiating e^{−z} went wrong",
    "missing_x": "漏乘了 ∂z/∂w = x / the inner derivative ∂z/∂w = x is missing",
    "extra_x": "∂z/∂b = 1，不应再乘 x / ∂z/∂b is 1, so no factor x here",
    "missing_sigma_prime": "漏掉了 σ′(wx+b) / the activation derivative σ′(wx+b) is missing",
    "no_half": "C 里有 ½，求导后系数应为 1 / the ½ in C cancels the 2 from the square",
    "sign_flip": "符号反了 / the sign is flipped",
    "log_term_not_times_n": "log(2πs²)/2 每个样本各有一项，应乘 n / the log(2πs²)/2 term appears once per sample: multiply by n",
    "s_not_squared": "二次项的分母是 2s²，不是 2s / the squared error is divided by 2s², not 2s",
    "log_likelihood_sign": "这是对数似然本身；负对数似然要再取负号 / this is the log-likelihood; the NLL is its negative",
    "maximising_instead": "取了 −MSE：最小化它等于最大化误差 / −MSE: minimising it maximises the error",
    "absolute_error": "高斯噪声对应平方误差，不是绝对误差 / Gaussian noise gives the squared error, not the absolute error",
    "swapped": "p 与 1−p 对调了：y=1 的项应为 log p / p and 1 − p are swapped: the y = 1 term is log p",
    "missing_negative_class": "漏掉了 y=0 那一项 (1−y)log(1−p) / the y = 0 term (1 − y) log(1 − p) is missing",
    "missing_y": "漏掉了标签 y 的作用 / the labels y are missing from the expression",
    "extra_softmax_derivative": "多乘了 p(1−p)：softmax 与交叉熵的导数已相互抵消 / an extra p(1 − p): softmax and log cancel",
    "seed_factor_2": "多了一个因子 2（讲义推导中的笔误）/ a stray factor 2 (a typo in the notes' derivation)",
    "missing_second_term": "漏掉了 (ŷ−y)·σ″ 那一项：二阶导要对 σ′ 本身再求导 / the (ŷ − y)σ″ term is missing: differentiate σ′ too",
    "seed_typo": "与讲义中的笔误相同，请自己重新推导 / this repeats a typo in the notes; derive it afresh",
    "seed_typo_square": "σ′(z₁)² 写成了 a₁(1−a₁)²（讲义笔误）/ σ′(z₁)² became a₁(1 − a₁)² (a typo in the notes)",
    "textbook_2w": "正则项 (λ/2)w² 的导数是 λw / the derivative of (λ/2)w² is λw",
    "missing_lambda": "漏掉了正则项的导数 λw / the penalty's derivative λw is missing",
    "lambda_not_times_n": "两边乘 n 后，λ 应变为 nλ / after multiplying through by n, λ becomes nλ",
    "assumed_one": "权重之和不是 1：m₀ = 0 使前几步偏向 0 / the weights do not sum to 1 because m₀ = 0",
    "off_by_one": "指数差一：共有 t 项 / off by one in the exponent: there are t terms",
    "beta_power": "这是缺少的部分 β^t，不是权重之和 / β^t is what is missing, not the sum",
    "forgot_bias": "漏掉了偏置的方差 Var(b) / Var(b) is missing",
    "forgot_n": "n 个独立项的方差要相加：乘 n / n independent terms: their variances add up",
    "variance_not_std": "求的是标准差，要开方 / the question asks for the standard deviation: take the square root",
    "normal_std": "这是正态形式的标准差，均匀分布的界要乘 √3 / that is the normal form's std; a uniform bound is √3 times it",
    "fan_in_only": "Xavier 用 n_in + n_out，不是只用 n_in / Xavier uses n_in + n_out, not n_in alone",
    "lecun": "这是 LeCun 初始化的界 / that is LeCun's bound, not Xavier's",
}


def variants(derivation: Any) -> list[Variant]:
    """The derivation's known wrong answers with their student-facing sentences."""
    return [Variant(name, expr, MISTAKES.get(name, f"matches the known mistake '{name}' / 与常见错误「{name}」一致"))
            for name, expr in derivation.variants.items()]


def check(student: Any, reference: ModuleType, key: str) -> None:
    """Grade the student's answer variable for ``reference.DERIVATIONS[key]``.

    The derivation's options include the forms its answer may not contain (``forbid``): a
    restated question — an unevaluated derivative, the question's own sum, or for σ′ an
    answer not in σ alone — is "not a closed form" and fails with a message saying so.
    """
    derivation, variable = reference.DERIVATIONS[key], reference.answer_variable(key)
    expect_equivalent(student[variable], derivation.reference, call=variable, variants=variants(derivation),
                      **derivation.options())
