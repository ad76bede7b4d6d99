"""Hidden tests: layer_gradient_norms refuses an initialisation it does not know (the prompt asks for ValueError).

Quietly falling back to a default makes a typo ("kaiming", "He") look like a result.
"""

from nncourse.checks import expect_raises

QUESTION = "vanishing_gradients"

CALL = "layer_gradient_norms(3, 4, activation, np.random.default_rng(0), batch=8, init=init)"


def test_unknown_init_raises(student):
    for activation, init in (("relu", "kaiming"), ("sigmoid", "He"), ("tanh", "uniform")):
        expect_raises(ValueError, lambda: student.evaluate(CALL, activation=activation, init=init),
                      call=f"layer_gradient_norms(3, 4, {activation!r}, rng, init={init!r})",
                      why="只认识 'xavier' 与 'he' / only 'xavier' and 'he' are known initialisations")
