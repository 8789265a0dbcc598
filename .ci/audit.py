#!/usr/bin/env python3
"""Dependency audit for CI: pip-audit on requirements.lock, honest about what it could check.

    .venv/bin/python .ci/audit.py                  # run pip-audit, then judge its report
    .venv/bin/python .ci/audit.py --report F.json  # judge a report pip-audit already wrote

Exit status 1 when any pinned dependency has a known vulnerability, or when pip-audit itself
fails or writes no report. pip-audit says "No known vulnerabilities found" and exits 0 even
when it could check nothing (every package "not found on PyPI" when its vulnerability service
is unreachable, as on this workplace's network), so this script counts audited against
skipped packages and prints a WARNING when nothing could be audited - that is outside our
power, so it does not fail the run, but nobody may read it as "clean".
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK_FILE = ROOT / "requirements.lock"


def run_pip_audit(lock_file: Path, output: Path) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "pip_audit", "--requirement", str(lock_file),
        # Every line of the lock file is pinned: audit exactly those versions, no resolver.
        "--no-deps", "--disable-pip", "--format", "json", "--output", str(output),
        "--progress-spinner", "off", "--timeout", "20",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=900)


def judge(report: dict) -> tuple[int, list[str]]:
    """The exit status and the lines to print for a pip-audit JSON report."""
    dependencies = report.get("dependencies")
    if not isinstance(dependencies, list) or not dependencies:
        return 1, ["ERROR: the pip-audit report lists no dependencies; nothing was audited."]
    audited = [d for d in dependencies if "skip_reason" not in d]
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    lines = []
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases") or [])
            lines.append(
                f"VULNERABLE: {dependency['name']} {dependency.get('version', '?')}: "
                f"{vuln.get('id', '?')}{f' ({aliases})' if aliases else ''}; fixed in {fixes}"
            )
    vuln_count = sum(len(d["vulns"]) for d in vulnerable)
    lines.append(
        f"pip-audit: {len(audited)} of {len(dependencies)} packages audited, "
        f"{len(skipped)} skipped, {vuln_count} known vulnerabilities "
        f"in {len(vulnerable)} packages."
    )
    if vulnerable:
        lines.append("FAILED: upgrade the packages above in requirements.lock.")
        return 1, lines
    if not audited:
        reason = skipped[0].get("skip_reason", "")
        lines.append(
            "WARNING: no dependency could be audited - the vulnerability service is unreachable "
            f"from here (first skip reason: {reason!r}). The dependencies are NOT known to be "
            "free of vulnerabilities; run this audit where PyPI's JSON API or OSV answers."
        )
        return 0, lines
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        lines.append(f"Note: not audited (not on the vulnerability service): {names}")
    lines.append("No known vulnerabilities in the audited packages.")
    return 0, lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="judge this pip-audit JSON report")
    parser.add_argument("--lock-file", type=Path, default=LOCK_FILE)
    args = parser.parse_args(argv)

    if args.report:
        text = args.report.read_text()
    else:
        with tempfile.TemporaryDirectory() as tmp:
            output = Path(tmp) / "pip-audit.json"
            result = run_pip_audit(args.lock_file, output)
            if not output.exists():
                print(result.stdout + result.stderr, file=sys.stderr)
                print(f"ERROR: pip-audit exited {result.returncode} without a report.",
                      file=sys.stderr)
                return 1
            text = output.read_text()
    try:
        report = json.loads(text)
    except ValueError:
        print("ERROR: the pip-audit report is not JSON.", file=sys.stderr)
        return 1
    if not isinstance(report, dict):
        print("ERROR: the pip-audit report is not a JSON object.", file=sys.stderr)
        return 1
    status, lines = judge(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
