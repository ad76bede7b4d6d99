"""Per-student variants: reproducible keyed draws, one correct option per variant, own-key grading.

Expected keys are recomputed here with plain numpy loops from the textbook's data as printed
(练习一 Q6) and the textbook's counting formulas, never with the code under test.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

import numpy as np
import pytest

from nncourse.course import Course
from nncourse.errors import AnswerError, AuthoringError
from nncourse.quiz.answers import AnswerSheet
from nncourse.quiz.grading import grade_sheet
from nncourse.quiz.loader import load_quiz
from nncourse.quiz.per_student import export_students, grade_students
from nncourse.quiz.references import folder_resolver
from nncourse.quiz.roster import Roster, parse_roster, read_secret
from nncourse.quiz.selfcheck import canonical, digest
from nncourse.quiz.variants import Classroom, Secret, VariantError, check_every_variant, draw, variant_label

from quiz_helpers import ROOT, make_course, quiz_text, run_cli  # noqa: F401  (fixture)

SECRET = Secret(b"test-secret-0123456789abcdef")
SEEDS = 1000

# 练习一 Q6 as printed: one sample per row.
X = np.array([[-0.5, 0.25, -0.8, -1], [-1, -0.1, -0.1, -1], [0.5, 0, 0.25, 0.1], [-0.2, -0.3, 0.2, 0],
              [-0.8, 0, -0.8, -1], [-0.15, -0.5, 0.05, -0.25], [-1, 0, -1, -1], [0, -0.25, 0.25, 0.1]])
Y = np.array([1, 1, -1, -1, 1, -1, 1, -1], dtype=float)


def _sample_grad(W, i):
    margin = Y[i] * (X[i] @ W)
    return -(1 - margin) * Y[i] * X[i] if margin < 1 else np.zeros(4)


def _full_grad(W):
    return sum(_sample_grad(W, i) for i in range(8)) / 8


def gd(eta, steps):
    W = np.zeros(4)
    for _ in range(steps):
        W = W - eta * _full_grad(W)
    return W


def sgd(eta, steps):
    W = np.zeros(4)
    for t in range(steps):
        W = W - eta * _sample_grad(W, t % 8)
    return W


def momentum(eta, alpha, steps):
    W, v = np.zeros(4), np.zeros(4)
    for _ in range(steps):
        v = alpha * v - eta * _full_grad(W)
        W = W + v
    return W


def adagrad(eta, steps):
    W, G = np.zeros(4), np.zeros(4)
    for t in range(steps):
        g = _sample_grad(W, t % 8)
        G = G + g * g
        W = W - eta * g / (1e-6 + np.sqrt(G))
    return W


def perceptron(start, passes):
    W = np.zeros(4)
    for step in range(8 * passes):
        i = (start - 1 + step) % 8
        if Y[i] * (X[i] @ W) <= 0:
            W = W + Y[i] * X[i]
    return W


def feasible_set(options, side, classes):
    """Indices of the options whose two stride/padding convolutions fit and whose FC layer takes
    exactly the flattened size and gives one output per class."""
    out = []
    for option in options:
        n, channels, fits = side, 1, True
        for k, f, s, p in option.value["conv"]:
            fits = fits and f <= n + 2 * p
            n, channels = (n + 2 * p - f) // s + 1, k
        if fits and option.value["fc"] == [n * n * channels, classes]:
            out.append(option.index)
    return out


def mlp_count(n_in, h1, h2, n_out):
    sizes = [n_in, h1, h2, n_out]
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


def kernel_shape(side, out, kernels):
    f = side - out + 1  # stride 1, no padding: out = side − f + 1
    return {"N": kernels, "H": f, "W": f, "C": 3}


def fc_minus_conv(side, f, pad):
    out = side + 2 * pad - f + 1
    return (side * side + 1) * out * out - (f * f + 1)


#: (quiz, question) → (independent function of the parameters, decimals or None for exact).
INDEPENDENT = {
    ("textbook-ex1", 4): (mlp_count, None), ("textbook-ex1", 6): (gd, 3), ("textbook-ex1", 7): (sgd, 3),
    ("textbook-ex1", 8): (momentum, 3), ("textbook-ex1", 9): (adagrad, 3), ("textbook-ex1", 10): (perceptron, 2),
    ("textbook-ex2", 1): (feasible_set, "set"),
    ("textbook-ex2", 3): (kernel_shape, None), ("textbook-ex2", 4): (fc_minus_conv, None),
}


def _equal(value, expected, decimals):
    if decimals is None:
        return value == expected
    return bool(np.allclose(np.asarray(value, float), np.round(expected, decimals), atol=1e-9, rtol=0))


@pytest.fixture(scope="module")
def course():
    return Course.at(ROOT)


@pytest.fixture(scope="module")
def rooms(course):
    resolve = folder_resolver(course.solutions)
    return {ident: Classroom(load_quiz(course.quizzes / f"{ident}.toml"), SECRET, resolve)
            for ident in ("textbook-ex1", "textbook-ex2")}


def test_the_parametrized_questions_are_the_textbooks_computational_ones(rooms):
    varied = {(ident, q.number) for ident, room in rooms.items() for q in room.quiz.questions if q.variant}
    assert varied == set(INDEPENDENT)


@pytest.mark.parametrize("ident", ["textbook-ex1", "textbook-ex2"])
def test_every_variant_of_the_parameter_space_builds(rooms, ident):
    room = rooms[ident]
    assert check_every_variant(room.quiz, room.resolve) == sum(q.variant.size for q in room.quiz.questions if q.variant)


@pytest.mark.parametrize("ident", ["textbook-ex1", "textbook-ex2"])
def test_a_thousand_students_each_have_exactly_one_correct_option(rooms, ident):
    room = rooms[ident]
    expected_cache: dict = {}
    for n in range(SEEDS):
        key = room.key(f"s{n:04d}")
        for q in key.quiz.questions:
            if not q.params:
                continue
            params = dict(q.params)
            func, decimals = INDEPENDENT[(ident, q.number)]
            if decimals == "set":  # multi-select: the exact set, some true and some false
                correct = func(q.options, **params)
                assert correct == sorted(key.entry(q.number).choices) and 0 < len(correct) < len(q.options), (n, params)
                assert all(str(v) in q.text.en for v in params.values())
                continue
            token = (q.number, tuple(params.items()))
            if token not in expected_cache:
                expected_cache[token] = func(**params)
            expected = expected_cache[token]
            correct = [o.index for o in q.options if _equal(o.value, expected, decimals)]
            assert correct == sorted(key.entry(q.number).choices), (n, q.number, params)
            assert len(correct) == 1
            assert len({json.dumps(o.value) for o in q.options}) == len(q.options)  # no two options alike
            assert all(str(v) in q.text.en for v in (params.values())), (q.number, params)


def test_draws_are_reproducible_keyed_and_skip_the_printed_version(rooms):
    quiz = rooms["textbook-ex1"].quiz
    q6 = quiz.question(6)
    again = [draw(q6, SECRET, quiz.id, f"s{n}") for n in range(200)]
    assert again == [draw(q6, Secret(bytes(SECRET.value)), quiz.id, f"s{n}") for n in range(200)]
    assert dict(q6.variant.defaults) not in again
    other = [draw(q6, Secret(b"another-secret-0123456789"), quiz.id, f"s{n}") for n in range(200)]
    assert sum(a != b for a, b in zip(again, other)) > 150  # the id alone does not decide the draw
    assert len({tuple(d.items()) for d in again}) > 15  # the class is spread over the space


def test_two_students_get_different_variants_and_are_graded_against_their_own_key(rooms):
    room = rooms["textbook-ex1"]
    alice, bob = room.key("alice"), room.key("bob")
    assert variant_label(alice.quiz) != variant_label(bob.quiz)
    own_a = AnswerSheet({int(k): v for k, v in alice.as_json().items()}, (), ())
    own_b = AnswerSheet({int(k): v for k, v in bob.as_json().items()}, (), ())
    assert grade_sheet(alice, own_a, "alice").score == 10
    assert grade_sheet(bob, own_b, "bob").score == 10
    copied = grade_sheet(bob, own_a, "bob")  # Bob hands in Alice's answers
    differing = [q.number for q in bob.quiz.questions if alice.answer_json(q.number) != bob.answer_json(q.number)]
    assert differing and copied.score == 10 - len(differing)


def test_export_and_grade_per_student_files(course, tmp_path):
    roster = parse_roster("id,name\nalice,A\nbob,B\n")
    written = export_students(course=course, ident="textbook-ex2", roster=roster, secret=SECRET, out_dir=tmp_path / "out")
    assert tmp_path / "out" / "instructor" / "variants.csv" in written
    table = (tmp_path / "out" / "instructor" / "variants.csv").read_text("utf-8")
    assert table.splitlines()[0] == "student,quiz,variant,key" and "alice" in table and "Q3 side=" in table
    subs = tmp_path / "subs"
    for student in roster.students:  # each answers their own template with their own key
        folder = subs / student
        folder.mkdir(parents=True)
        key = Classroom(load_quiz(course.quizzes / "textbook-ex2.toml"), SECRET, folder_resolver(course.solutions)).key(student)
        (folder / "textbook-ex2.answers.json").write_text(json.dumps(key.as_json()), "utf-8")
    (subs / "mallory.json").write_text("{}", "utf-8")
    results = grade_students(course=course, ident="textbook-ex2", roster=roster, secret=SECRET,
                             answers=[subs / "alice" / "textbook-ex2.answers.json", subs / "bob" / "textbook-ex2.answers.json",
                                      subs / "mallory.json"])
    assert [r.student for r in results] == ["alice", "bob", ""]
    assert [r.score for r in results[:2]] == [10, 10] and results[2].score == 0 and "roster" in results[2].error
    assert results[0].variant.startswith("Q1 side=") and "; Q3 side=" in results[0].variant


def test_a_self_check_bundle_reveals_only_its_own_students_key(course, rooms, tmp_path):
    roster = parse_roster("id\nalice\nbob\n")
    export_students(course=course, ident="textbook-ex1", roster=roster, secret=SECRET, out_dir=tmp_path)
    room = rooms["textbook-ex1"]
    alice, bob = room.key("alice"), room.key("bob")
    folder = tmp_path / "students" / "alice"
    bundle = json.loads((folder / "textbook-ex1.check.json").read_text("utf-8"))
    every_file = "".join(p.read_text("utf-8") for p in folder.iterdir())
    # brute force every possible answer of every question against Alice's hashes
    recovered = {}
    for item in bundle["questions"]:
        q = alice.quiz.question(item["number"])
        for choice in range(1, len(q.options) + 1):
            if digest(bundle["salt"], bundle["quiz"], q.number, canonical(q, frozenset({choice}))) == item["hash"]:
                recovered[q.number] = choice
    assert recovered == {e.number: min(e.choices) for e in alice.entries}
    for q in bob.quiz.questions:  # none of Bob's parameters or option texts appear in Alice's files
        if q.params and q.text.en != alice.quiz.question(q.number).text.en:
            assert q.text.en not in every_file
    assert SECRET.value.decode() not in every_file and "bob" not in every_file
    assert set(bundle) == {"format", "quiz", "title_zh", "title_en", "mode", "questions", "salt"}


SOLUTIONS = {"ref": """
    def count(a=1, b=2):
        return a * b

    def close_mistakes(a, b):
        return [("差一", "off by one", a * b + 1), ("同值", "the same", a * b), ("加法", "added", a + b)]
    """}


def _variant_quiz(params: str, options: int = 3, text: str = "a = {a}, b = {b}") -> str:
    return quiz_text("v", f"""
        [[questions]]
        number = 1
        kind = "single"
        text_zh = "{text}"
        text_en = "{text}"
        key = {{ from = "solutions.ref:count", match = "exact" }}

        [questions.variant]
        params = {params}
        defaults = {{ a = 1, b = 2 }}
        distractors = "solutions.ref:close_mistakes"
        options = {options}

        [[questions.options]]
        text = "2"
        value = 2

        [[questions.options]]
        text = "3"
        value = 3

        [[questions.options]]
        text = "4"
        value = 4
        """)


def test_an_ambiguous_variant_fails_the_build(make_course):
    root = make_course({"v": _variant_quiz("{ a = [2, 3], b = [4, 5] }")}, SOLUTIONS)
    quiz = load_quiz(root / "assignments" / "quizzes" / "v.toml")
    resolve = folder_resolver(root / "solutions")
    assert check_every_variant(quiz, resolve) == 4  # a·b, a·b + 1, a + b are distinct for these
    root = make_course({"v": _variant_quiz("{ a = [2, 3], b = [4, 5] }", options=4)}, SOLUTIONS)
    with pytest.raises(VariantError, match="ambiguous: only 3 separated options"):
        check_every_variant(load_quiz(root / "assignments" / "quizzes" / "v.toml"), resolve)
    root = make_course({"v": _variant_quiz("{ a = [2, 3], b = [2] }")}, SOLUTIONS)  # 2·2 = 2 + 2
    with pytest.raises(VariantError, match=r"variant \(a=2, b=2\) is ambiguous"):
        check_every_variant(load_quiz(root / "assignments" / "quizzes" / "v.toml"), folder_resolver(root / "solutions"))


@pytest.mark.parametrize("params, text, message", [
    ("{ a = [1, 2], b = [2, 3] }", "a = {a}", "must show the parameter {b}"),
    ("{ a = [1, 2], b = [2, 3] }", "a = {a}, b = {b}, c = {c}", "{c}, which is not a variant parameter"),
    ("{ a = [], b = [2] }", "a = {a}, b = {b}", "variant.params.a must be a non-empty list"),
    ("{ a = [1, 1], b = [2] }", "a = {a}, b = {b}", "distinct"),
])
def test_variant_tables_are_validated_with_their_line(make_course, params, text, message):
    root = make_course({"v": _variant_quiz(params, text=text)}, SOLUTIONS)
    with pytest.raises(AuthoringError, match=message) as info:
        load_quiz(root / "assignments" / "quizzes" / "v.toml")
    assert "v.toml:" in info.value.one_line()


def test_roster_and_secret_errors_are_one_line(tmp_path):
    with pytest.raises(AnswerError, match="appears twice"):
        parse_roster("id\na\na\n")
    with pytest.raises(AnswerError, match="no student id column"):
        parse_roster("name\nA\n")
    with pytest.raises(AnswerError, match="characters other than"):
        parse_roster("id\n../etc\n")
    short = tmp_path / "s.txt"
    short.write_text("short\n")
    with pytest.raises(AuthoringError, match="at least 16"):
        read_secret(short)
    assert Roster(("s1",)).student_of(Path("subs/s1.answers.json")) == "s1"
    assert Roster(("s1",)).student_of(Path("subs/s1/answers.json")) == "s1"
    assert Roster(("s1",)).student_of(Path("subs/s2.json")) is None


def test_cli_export_grade_and_key_per_student(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET.value.decode())
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\nalice\nbob\n")
    done = run_cli("quiz", "export", "textbook-ex1", "--roster", str(roster), "--secret", str(secret), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "students" / "bob" / "textbook-ex1.md").is_file()
    key = run_cli("quiz", "key", "textbook-ex1", "--student", "alice", "--secret", str(secret), "--json")
    assert key.returncode == 0, key.stderr
    (tmp_path / "alice.json").write_text(key.stdout)
    (tmp_path / "bob.json").write_text(key.stdout)
    graded = run_cli("quiz", "grade", "textbook-ex1", str(tmp_path / "alice.json"), str(tmp_path / "bob.json"),
                     "--roster", str(roster), "--secret", str(secret))
    assert graded.returncode == 0, graded.stderr
    rows = graded.stdout.splitlines()
    assert rows[0].endswith(",error,student,variant")
    assert rows[1].split(",")[2] == "10" and float(rows[2].split(",")[2]) < 10
    for student in ("alice", "bob"):  # handed in as <student>/answers.json: same file names
        (tmp_path / "subs" / student).mkdir(parents=True)
        (tmp_path / "subs" / student / "answers.json").write_text(key.stdout)
    folder = run_cli("quiz", "grade", "textbook-ex1", str(tmp_path / "subs" / "alice" / "answers.json"),
                     str(tmp_path / "subs" / "bob" / "answers.json"), "--roster", str(roster), "--secret", str(secret),
                     "-o", str(tmp_path / "graded"))
    assert folder.returncode == 0, folder.stderr
    assert json.loads((tmp_path / "graded" / "alice.json").read_text())["score"] == 10
    assert json.loads((tmp_path / "graded" / "bob.json").read_text())["score"] < 10
    no_secret = {k: v for k, v in os.environ.items() if k != "NNCOURSE_SECRET_FILE"}  # conftest sets one for a1
    missing = run_cli("quiz", "export", "textbook-ex1", "--roster", str(roster), "-o", str(tmp_path / "x"), env=no_secret)
    assert missing.returncode == 2 and missing.stderr.startswith("nncourse: per-student variants and data need the course secret")
    assert "Traceback" not in missing.stderr
