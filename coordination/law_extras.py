"""Read side of issue 14's "Also in the law": what the API and the service user's page show
about the hearing, § 24 a, § 25, public-hospital waiting time and the LÆ 285 certificate.

Plain words for the service user are written here once (gettext, so Danish and English
follow the page's language) and used by both the page and the API.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from coordination import benefit_rules
from coordination.dates import human_date
from coordination.models import Case, ExtensionDecision


@dataclass(frozen=True)
class CaseLaw:
    pensioner: bool
    relapse_after_limit: date | None
    p27_3_limit: date | None


def case_law(case: Case) -> CaseLaw:
    """§ 24 a relapse, § 25 and p27_3's limit (waiting time left out) for one case."""
    rules = case.rules
    absences = [a.as_rule() for a in case.absences.all()]
    reassessment = rules.reassessment_date(absences, case.employment) if absences else None
    waiting = [w.as_rule() for w in case.waiting_periods.all()]
    return CaseLaw(
        pensioner=case.pensioner,
        relapse_after_limit=(
            benefit_rules.relapse_after_limit(rules, absences, case.employment)
            if absences else None
        ),
        p27_3_limit=(
            benefit_rules.p27_3_limit(reassessment, waiting) if reassessment else None
        ),
    )


def hearing_plain(decision: ExtensionDecision, on: date, day=human_date) -> str:
    """The hearing before a decision, in words the service user can follow; `day` writes
    its dates (the page's `1. december 2026`; the API passes date.isoformat)."""
    status = benefit_rules.hearing_status(
        on, decision.hearing_sent_on, decision.hearing_response_by, decision.hearing_response_on
    )
    if status == "not_recorded":
        if not benefit_rules.hearing_needed(decision.ground):
            return ""
        return _(
            "No hearing letter is recorded for this decision. Before the jobcentre decides "
            "something that stops or lowers your benefit on information you have not seen, "
            "it must show you that information and let you answer (the Public "
            "Administration Act, § 19). You may ask your employment consultant about it."
        )
    values = {
        "sent": day(decision.hearing_sent_on),
        "by": day(decision.hearing_response_by),
    }
    if status == "answered":
        values["on"] = day(decision.hearing_response_on)
        return _(
            "Before the decision you were sent the information it builds on, on %(sent)s, and "
            "could answer until %(by)s. Your answer of %(on)s was part of the decision."
        ) % values
    if status == "awaiting_response":
        return _(
            "You were sent the information the decision builds on, on %(sent)s. You can "
            "answer until %(by)s, and your answer will be part of the decision."
        ) % values
    return _(
        "Before the decision you were sent the information it builds on, on %(sent)s, and "
        "could answer until %(by)s. No answer was recorded."
    ) % values


def law_plain(law: CaseLaw) -> list[str]:
    """The § 25 and § 24 a facts that apply to this case, in plain words."""
    lines = []
    if law.pensioner:
        lines.append(_(
            "Because you receive a pension or have reached the state pension age, the law "
            "counts 26 weeks of sickness benefit in the last 12 calendar months for you, not "
            "22 weeks in 9 months (the Sickness Benefit Act, § 25)."
        ))
    if law.relapse_after_limit:
        lines.append(_(
            "When you fell ill again on %(day)s, you had already received sickness benefit "
            "for more than the weeks the law allows in the period before. Your employment "
            "consultant will tell you what you receive instead (the Sickness Benefit Act, "
            "§ 24 a)."
        ) % {"day": human_date(law.relapse_after_limit)})
    return lines


def my_case_law_context(case: Case, today: date) -> dict:
    """What the service user's page adds for issue 14: the hearing before the latest
    decision, and the § 25 / § 24 a facts, in the page's language."""
    latest = case.rules_on(today).current_decision(case.decisions.all(), today)
    return {
        "law_lines": law_plain(case_law(case)),
        "hearing_plain": hearing_plain(latest, today) if latest else "",
    }


def law_refusal_message(case: Case, refusal, data: dict) -> str | None:
    """Page words for issue 14's refusal codes, or None for the others."""
    if refusal.code == "hearing_response_pending":
        by = data.get("hearing_response_by") or data["hearing_sent_on"] + timedelta(
            days=benefit_rules.HEARING_DEFAULT_RESPONSE_DAYS)
        return _("The service user may answer the hearing until %(by)s. Decide after that "
                 "day, or record their answer first.") % {"by": human_date(by)}
    if refusal.code == "hearing_after_decision":
        return _("The hearing letter must be sent before the decision.")
    if refusal.code == "hearing_incomplete":
        return _("Give the day the hearing letter was sent.")
    if refusal.code == "hearing_invalid":
        return _("The answer must come after the letter and by the decision.")
    waiting = [w.as_rule() for w in case.waiting_periods.all()]
    if (refusal.code == "extension_too_long" and data.get("ground") == "p27_3" and waiting
            and case.reassessment_date):
        limit = benefit_rules.p27_3_limit(case.reassessment_date, waiting)
        return _("With the time waiting for treatment in a public hospital left out, this "
                 "ground allows an extension until %(limit)s at the latest.") % {
            "limit": human_date(limit)}
    return None
