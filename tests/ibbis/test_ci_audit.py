"""The CI dependency audit (.ci/audit.py) judges pip-audit's JSON report honestly."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "audit.py"

CLEAN = {"name": "django", "version": "5.2.8", "vulns": []}
CLEAN_2 = {"name": "celery", "version": "5.7.0", "vulns": []}
VULNERABLE = {
    "name": "requests", "version": "2.19.0",
    "vulns": [{
        "id": "PYSEC-2018-28", "fix_versions": ["2.20.0"], "aliases": ["CVE-2018-18074"],
        "description": "The Requests package sends an HTTP Authorization header to an http URI",
    }],
}


def skipped(name, version):
    return {"name": name,
            "skip_reason": f"Dependency not found on PyPI and could not be audited: "
                           f"{name} ({version})"}


def judge(tmp_path, report):
    path = tmp_path / "report.json"
    path.write_text(report if isinstance(report, str) else json.dumps(report))
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--report", str(path)],
        capture_output=True, text=True, timeout=60,
    )


def test_a_known_vulnerability_fails_the_run(tmp_path):
    result = judge(tmp_path, {"dependencies": [CLEAN, VULNERABLE, skipped("amqp", "5.4.2")],
                              "fixes": []})
    assert result.returncode == 1
    assert "VULNERABLE: requests 2.19.0: PYSEC-2018-28 (CVE-2018-18074); fixed in 2.20.0" in (
        result.stdout
    )
    assert "2 of 3 packages audited, 1 skipped, 1 known vulnerabilities in 1 packages" in (
        result.stdout
    )


def test_a_vulnerability_without_a_fix_still_fails(tmp_path):
    vuln = {**VULNERABLE, "vulns": [{"id": "GHSA-xxxx", "fix_versions": [], "aliases": []}]}
    result = judge(tmp_path, {"dependencies": [vuln]})
    assert result.returncode == 1
    assert "GHSA-xxxx; fixed in no fixed version yet" in result.stdout


def test_nothing_audited_passes_with_a_clear_warning(tmp_path):
    report = {"dependencies": [skipped("amqp", "5.4.2"), skipped("celery", "5.7.0")],
              "fixes": []}
    result = judge(tmp_path, report)
    assert result.returncode == 0
    assert "0 of 2 packages audited, 2 skipped, 0 known vulnerabilities" in result.stdout
    warning = [line for line in result.stdout.splitlines() if line.startswith("WARNING:")]
    assert len(warning) == 1
    assert "vulnerability service is unreachable" in warning[0]
    assert "NOT known to be free of vulnerabilities" in warning[0]


def test_everything_audited_and_clean_passes_without_a_warning(tmp_path):
    result = judge(tmp_path, {"dependencies": [CLEAN, CLEAN_2], "fixes": []})
    assert result.returncode == 0
    assert "2 of 2 packages audited, 0 skipped, 0 known vulnerabilities" in result.stdout
    assert "WARNING" not in result.stdout
    assert "No known vulnerabilities in the audited packages." in result.stdout


def test_a_partly_audited_clean_report_passes_and_names_the_skipped(tmp_path):
    result = judge(tmp_path, {"dependencies": [CLEAN, skipped("ibbis-local", "0.1")]})
    assert result.returncode == 0
    assert "Note: not audited (not on the vulnerability service): ibbis-local" in result.stdout
    assert "WARNING" not in result.stdout


@pytest.mark.parametrize("report", ["not json", "[]", json.dumps({"dependencies": []}),
                                    json.dumps({"fixes": []})])
def test_a_broken_or_empty_report_fails(tmp_path, report):
    assert judge(tmp_path, report).returncode == 1


def test_pip_audit_failing_without_a_report_fails_the_run(tmp_path):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--lock-file", str(tmp_path / "missing.lock")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1
    assert "without a report" in result.stderr


def test_ci_runs_the_audit():
    assert ".venv/bin/python .ci/audit.py" in (ROOT / ".ci" / "run").read_text()
