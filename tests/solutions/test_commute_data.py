"""Assignment 1's per-student commute data (solutions/regression.py ``student_data``) and the
keyed draws behind them: the textbook's worked example on the default data, and over 1,000
student ids, data that are plausible, well conditioned, reproducible and told apart."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import ROOT
from nncourse.grading.student_data import student_files, variant_of
from nncourse.keyed import Secret
from solutions import regression as ref

SECRET = Secret(b"a-course-secret-for-the-property-test")
IDS = [f"2024{n:04d}" for n in range(1000)]
#: Textbook §1.7 prints W* on the commute data to 14 digits (the course's worked example).
TEXTBOOK_W = [6.08613445378149, 6.53361344537816, 2.11274509803922]


def _table(content: bytes) -> np.ndarray:
    return np.loadtxt(content.decode().splitlines(), delimiter=",", skiprows=1)


@pytest.fixture(scope="module")
def tables() -> dict[str, np.ndarray]:
    return {sid: _table(student_files(ref.student_data, SECRET, "a1-regression", sid)["commute.csv"]) for sid in IDS}


def test_the_default_data_give_the_textbooks_w_star():
    table = np.loadtxt(ROOT / "assignments" / "a1-regression" / "data" / "commute.csv", delimiter=",", skiprows=1)
    W = ref.fit_linear(ref.add_bias_column(table[:, :2]), table[:, 2])
    np.testing.assert_allclose(W, TEXTBOOK_W, rtol=1e-9)


def test_every_students_data_are_plausible_commutes(tables):
    for sid, t in tables.items():
        assert t.shape[1] == 3 and 5 <= len(t) <= 8, sid
        km, weekday, minutes = t.T
        assert np.all((0.8 <= km) & (km <= 9.0)) and np.all(np.round(km, 1) == km), sid
        assert set(weekday) == {0.0, 1.0} and 2 <= weekday.sum() <= len(t) - 2, sid
        assert np.all(minutes >= 3) and np.all(minutes == np.round(minutes)), sid
        assert np.all(minutes / km < 30), sid  # under half an hour per km: a commute, not a hike


def test_every_students_closed_form_is_well_conditioned_and_stable(tables):
    bound = 40.0  # κ(X) ≤ 40, i.e. κ(XᵀX) ≤ 1600: the normal equations lose < 4 of 16 digits
    for sid, t in tables.items():
        X, y = ref.add_bias_column(t[:, :2]), t[:, 2]
        assert np.linalg.cond(X) <= bound, sid
        W = ref.fit_linear(X, y)
        W_lstsq = np.linalg.lstsq(X, y, rcond=None)[0]  # an independent, QR-based solver
        np.testing.assert_allclose(W, W_lstsq, rtol=1e-9, atol=1e-9, err_msg=sid)
        # the answer is a fit: minutes per km and the weekday penalty are positive and sensible
        assert 1.0 < W[1] < 12.0, (sid, W)


def test_answers_differ_between_students(tables):
    answers = {tuple(np.round(ref.fit_linear(ref.add_bias_column(t[:, :2]), t[:, 2]), 6)) for t in tables.values()}
    assert len(answers) == len(IDS)  # every pair differs: a copied W_mine cannot match by chance
    assert len({variant_of(SECRET, "a1-regression", sid) for sid in IDS}) == len(IDS)


def test_same_secret_and_id_give_byte_identical_files_and_another_secret_does_not():
    once = student_files(ref.student_data, SECRET, "a1-regression", "2024001")
    again = student_files(ref.student_data, Secret(SECRET.value), "a1-regression", "2024001")
    other = student_files(ref.student_data, Secret(b"another-course-secret-16b"), "a1-regression", "2024001")
    assert once == again and once != other
    assert variant_of(SECRET, "a1-regression", "2024001") != variant_of(Secret(b"another-course-secret-16b"), "a1-regression", "2024001")


def test_the_variant_is_not_the_seed():
    from nncourse.keyed import seed

    variant = variant_of(SECRET, "a1-regression", "2024001")
    assert len(variant) == 10 and variant not in seed(SECRET, "a1-regression", "2024001", "data").hex()
