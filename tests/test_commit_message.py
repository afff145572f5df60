import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
    "check_commit_message",
    Path(__file__).resolve().parent.parent / "scripts" / "check_commit_message.py",
)
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def test_a_short_subject_with_a_body_passes():
    assert check.problems("Fix the year filter\n\nBecause 2019 was a 500.\n") == []


def test_a_long_subject_without_a_body_is_refused():
    found = check.problems("x" * 80 + "\n")
    assert found == ["the subject has 80 characters (at most 72)", "add a body that says why"]


def test_the_second_line_must_be_blank():
    assert "the second line must be blank" in check.problems("Subject\nbody at once\n")
