"""The import-linter contracts of `make lint` (.importlinter, issue 16) hold on the tree, and
they break on a reverse import: a copy of the packages with one import added downwards-up
fails, naming the contract and the offending line. The layers contract (issue 16 item 6)
too: composition -> trust -> coordination -> audit -> accounts -> errors."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("coordination", "trust", "ibbis")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _copy_tree(target: Path) -> None:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / ".importlinter", target / ".importlinter")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin", "NO_COLOR": "1",
             "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_contracts_hold_on_the_tree():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_reverse_import_breaks_the_build(tmp_path):
    _copy_tree(tmp_path)
    assert _lint(tmp_path).returncode == 0
    models = tmp_path / "ibbis" / "accounts" / "models.py"
    models.write_text(models.read_text() + "\n\nimport trust.models  # noqa: E402,F401\n")
    pure = tmp_path / "coordination" / "benefit_rules" / "follow_up.py"
    pure.write_text(pure.read_text() + "\n\nfrom django.utils import timezone  # noqa\n")

    result = _lint(tmp_path)

    assert result.returncode == 1
    out = " ".join(result.stdout.split())
    assert (
        "Accounts import neither coordination nor trust (the bottom layer, issue 16) BROKEN"
        in out
    )
    assert "ibbis.accounts is not allowed to import trust" in out
    assert "ibbis.accounts.models -> trust.models" in out
    assert "benefit_rules is pure: no Django, no other module of the project BROKEN" in out
    # accounts importing trust is also against the layers (the next test).
    assert f"{LAYERS} BROKEN" in out
    assert "3 broken" in out


LAYERS = ("Dependencies run one way: composition -> trust -> coordination -> audit -> "
          "accounts -> errors, settings (issue 16 item 6)")


def test_an_import_up_the_layers_breaks_the_build(tmp_path):
    """Coordination reaching trust again (the import the meeting_booked signal replaced),
    and the access log reaching coordination: each breaks the layers contract, and only it."""
    _copy_tree(tmp_path)
    meetings = tmp_path / "coordination" / "services" / "meetings.py"
    meetings.write_text(
        meetings.read_text()
        + "\n\ndef _checklist(meeting):\n"
        "    from trust.services import checklist_copy_for_meeting\n\n"
        "    return checklist_copy_for_meeting(meeting=meeting)\n"
    )
    audit = tmp_path / "ibbis" / "audit" / "models.py"
    audit.write_text(audit.read_text() + "\n\nimport coordination.models  # noqa: E402,F401\n")

    result = _lint(tmp_path)

    assert result.returncode == 1
    out = " ".join(result.stdout.split())
    assert f"{LAYERS} BROKEN" in out
    assert "coordination is not allowed to import trust" in out
    assert "coordination.services.meetings -> trust.services" in out
    assert "ibbis.audit is not allowed to import coordination" in out
    assert "ibbis.audit.models -> coordination.models" in out
    assert "1 broken" in out
