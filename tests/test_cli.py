"""The console chat and eval as a person or a script runs them."""

import json
import subprocess
import sys

from .conftest import DEMO_CONTENT, EVAL_DIR
from .fakes.process_env import welcomebot_env


def run(args, stdin="", env_extra=None, cwd=None):
    env = welcomebot_env()
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "welcomebot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=cwd,
    )


def test_scripted_chat_answers_both_languages_and_falls_back_honestly(tmp_path):
    script = "\n".join(
        [
            "How do I find a flat to rent?",
            "де знайти стоматолога або зубного лікаря",
            "what is the weather on mars",
            "/topics",
            "4",  # presses "Health"
            "1",  # presses its first question
        ]
    )
    result = run(
        ["chat", "--content", str(DEMO_CONTENT), "--lang", "en"],
        script,
        {"WELCOMEBOT_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "How do I find a flat to rent?\n\nMost rentals are listed" in out
    assert "  [1] 👍 Helpful\n  [2] 👎 Not helpful" in out
    assert "I am sorry, I do not have an answer to this yet." in out
    assert "Havenport Newcomer Centre (demo)" in out
    assert "  [4] Health · 7 questions" in out
    assert "Health\n  [1] How do I register with a family doctor?" in out
    assert out.rstrip().endswith("  [2] 👎 Not helpful")
    assert "Traceback" not in result.stderr


def test_scripted_chat_in_ukrainian(tmp_path):
    result = run(
        ["chat", "--lang", "uk"],
        "Як знайти квартиру в оренду?\nhello there friend\n",
        {"WELCOMEBOT_DATA_DIR": str(tmp_path), "WELCOMEBOT_CONTENT_DIR": str(DEMO_CONTENT)},
    )
    assert result.returncode == 0, result.stderr
    assert "Як знайти квартиру в оренду?\n\nБільшість оголошень" in result.stdout
    assert "  [1] 👍 Корисно" in result.stdout


def test_chat_with_a_missing_content_folder_names_it(tmp_path):
    result = run(
        ["chat"],
        "",
        {"WELCOMEBOT_DATA_DIR": str(tmp_path), "WELCOMEBOT_CONTENT_DIR": str(tmp_path / "nowhere")},
    )
    assert result.returncode == 2
    assert f"{tmp_path / 'nowhere'}: -: -: content folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_reports_matcher_and_both_baselines_and_beats_them(tmp_path):
    result = run(
        [
            "eval",
            "--content",
            str(EVAL_DIR / "content"),
            "--queries",
            str(EVAL_DIR / "queries-dev.jsonl"),
            "--json",
            "--report",
        ]
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    groups = [(r["kind"], r["lang"]) for r in report["results"]]
    assert groups == [("faq", "en"), ("faq", "uk"), ("rumour", "en"), ("rumour", "uk")]
    fields = {
        "n_in",
        "n_oos",
        "top1",
        "top3",
        "mrr",
        "answer_precision",
        "oos_abstain",
        "false_abstain",
        "p50_ms",
        "p99_ms",
    }
    assert fields <= set(report["results"][0])
    assert report["results"][0]["n_in"] == 165 and report["results"][0]["n_oos"] == 20
    for name in ("fuzzy", "bm25"):
        for ours, theirs in zip(report["results"], report["baselines"][name], strict=True):
            assert ours["top1"] > theirs["top1"], (name, ours["kind"], ours["lang"])
            assert ours["top3"] > theirs["top3"], (name, ours["kind"], ours["lang"])
    confusion = report["confusions"][0]
    assert set(confusion) == {"id", "kind", "lang", "expected", "answered", "confident", "text"}


def test_eval_with_a_broken_queries_file_names_the_line(tmp_path):
    bad = tmp_path / "q.jsonl"
    bad.write_text(
        '{"id": "1", "kind": "faq", "lang": "en", "text": "x", "expect": null}\n{"id": 2}\n'
    )
    result = run(["eval", "--content", str(DEMO_CONTENT), "--queries", str(bad)])
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr and "Traceback" not in result.stderr


def test_console_shows_suggestions_as_numbered_choices(tmp_path):
    # One word that several entries share is the plainest "not sure" case.
    result = run(
        ["chat", "--content", str(DEMO_CONTENT), "--lang", "en"],
        "documents\n1\n",
        {"WELCOMEBOT_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "I am not sure I understood. Did you mean one of these?"
    assert lines[1].startswith("  [1] ")
    assert any(line.endswith("] None of these: talk to a person") for line in lines[2:5])
    first_choice = lines[1].removeprefix("  [1] ")
    # Pressing 1 shows that entry's answer, with the feedback buttons.
    answer_at = lines.index(first_choice, 2)
    assert lines[answer_at + 1] == "" and len(lines[answer_at + 2]) > 100
    assert lines[-2:] == ["  [1] 👍 Helpful", "  [2] 👎 Not helpful"]
