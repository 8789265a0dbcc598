"""The benefit-weeks timeline of one case, drawn on the server (an SVG plus a text list).

Everything here is computed with the rule sets of benefit_rules (each chosen by its
event's date), never with figures of its own: the week marks are the days on which the
benefit-day count of DOMAIN.md (Sickness benefit, rules 1-4) reaches 7, 14, ... days; the
reassessment date is rule 3's; the extension, job-clarification and reduced-rate bands
follow "The seven extension grounds".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from coordination import benefit_rules
from coordination.dates import human_date

# The drawing's coordinate system; the SVG scales to the page width.
WIDTH = 1000
MARGIN = 24


@dataclass(frozen=True)
class Band:
    start: date
    end: date
    kind: str  # css: absence-full, absence-partial, employer, extension, job-clarification,
    # reduced-benefit
    label: str
    x: float = 0.0
    width: float = 0.0


@dataclass(frozen=True)
class Mark:
    day: date
    kind: str  # week, today, reassessment, job-clarification
    label: str
    x: float = 0.0


@dataclass(frozen=True)
class Milestone:
    day: date
    text: str
    kind: str = ""


@dataclass
class Timeline:
    start: date
    end: date
    today: date
    weeks_used: Decimal
    reassessment_date: date | None
    week_marks: list[Mark] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    width: int = WIDTH

    @property
    def reduced_benefit(self) -> bool:
        """A `none` outcome at a reassessment from 2027-01-01 is the reduced rate."""
        return self.reassessment_date is not None and (
            benefit_rules.none_outcome(self.reassessment_date) == "reduced_benefit")

    @property
    def weeks_text(self) -> str:
        return format_weeks(self.weeks_used)


def _window_start(rules: benefit_rules.RuleSet, day: date) -> date:
    return benefit_rules.month_start(benefit_rules.add_months(day, 1 - rules.window_months))


def benefit_days_by_day(rules, absences, employment, start: date, end: date) -> dict[date, int]:
    """Benefit days counted in the rolling window up to each day (DOMAIN.md rule 4)."""
    counts = {}
    day = start
    while day <= end:
        counts[day] = rules.benefit_days(absences, employment, _window_start(rules, day), day)
        day += timedelta(days=1)
    return counts


def _horizon_end(case, today, reassessment, absences, decisions) -> date:
    """Where the drawing stops: a little past the last thing worth seeing. Long extensions
    (up to 134 weeks) are cut off after half a year, so the weeks stay readable; the text
    list gives their end date."""
    latest_focus = max(today, reassessment or today)
    candidates = [today + timedelta(weeks=4)]
    if reassessment is not None:
        candidates.append(reassessment + timedelta(weeks=8))
    candidates += [a.end + timedelta(weeks=2) for a in absences if a.end is not None]
    candidates += [
        min(d.valid_until + timedelta(weeks=2), latest_focus + timedelta(weeks=26))
        for d in decisions
        if d.valid_until
    ]
    return max(candidates)


def build_timeline(case, *, today: date, absences=None, decisions=None) -> Timeline:
    """The timeline for `case` as seen on `today`.

    `absences` and `decisions` default to the case's rows (prefetch them to save queries).
    """
    rules = case.rules_on(today)
    absence_rows = list(case.absences.all()) if absences is None else list(absences)
    decision_rows = list(case.decisions.all()) if decisions is None else list(decisions)
    rule_absences = [a.as_rule() for a in absence_rows]
    reassessment = (
        rules.reassessment_date(rule_absences, case.employment) if rule_absences else None
    )
    start = min([case.first_absence_day, *(a.start for a in absence_rows)])
    end = _horizon_end(case, today, reassessment, absence_rows, decision_rows)
    span_days = max((end - start).days, 1)

    def x_of(day: date) -> float:
        offset = min(max((day - start).days, 0), span_days)
        return round(MARGIN + (WIDTH - 2 * MARGIN) * offset / span_days, 1)

    def band(first: date, last: date, kind: str, label: str) -> Band:
        first, last = max(first, start), min(last, end)
        x = x_of(first)
        width = max(round(x_of(last + timedelta(days=1)) - x, 1), 1)
        return Band(first, last, kind, label, x, width)

    timeline = Timeline(
        start=start,
        end=end,
        today=today,
        weeks_used=rules.benefit_weeks_used(rule_absences, case.employment, today),
        reassessment_date=reassessment,
    )

    # Week marks: the first day on which the window's count reaches each whole week.
    counts = benefit_days_by_day(rules, rule_absences, case.employment, start, end)
    most_weeks = max(counts.values(), default=0) // 7
    step = 2 if most_weeks <= 30 else 4
    wanted = {0, *range(step, most_weeks + 1, step)}
    if most_weeks >= 22:
        wanted.add(22)
    reached: dict[int, date] = {}
    for day, days in counts.items():
        for week in wanted:
            if week not in reached and days >= max(week * 7, 1):
                reached[week] = day
    marks = [Mark(day, "week", str(week), x_of(day)) for week, day in sorted(reached.items())]
    week_22 = next((m for m in marks if m.label == "22"), None)
    timeline.week_marks = [
        m for m in marks
        if week_22 is None or m is week_22 or abs(m.x - week_22.x) >= 14
    ]

    employer_days = rules.employer_period_days(case.employment)
    for absence in absence_rows:
        last = absence.end or end
        kind = "absence-partial" if absence.kind == "partial" else "absence-full"
        timeline.bands.append(band(absence.start, last, kind, absence.get_kind_display()))
    # One employer period per uninterrupted absence (DOMAIN.md rule 2): touching periods
    # share the first one's.
    for first, last in benefit_rules.uninterrupted_absences(rule_absences):
        last = min(last, end)
        employer_last = min(first + timedelta(days=employer_days - 1), last)
        timeline.bands.append(band(first, employer_last, "employer", _("Employer period")))

    for decision in sorted(decision_rows, key=lambda d: (d.decided_on, d.created_at)):
        # A ground's texts as on the decision's date (benefit_rules.ground_on).
        ground = benefit_rules.ground_on(decision.ground, decision.decided_on, reassessment)
        if decision.ground == "none":
            if reassessment is not None:
                begins = reassessment + timedelta(days=1)
                # The outcome of the rule set in force on the reassessment date.
                if benefit_rules.none_outcome(reassessment) == "reduced_benefit":
                    kind, band_label, mark_label, text = (
                        "reduced-benefit", _("Sickness benefit at a reduced rate"),
                        _("Reduced rate"),
                        _("Sickness benefit continues at a reduced rate (no extension "
                          "ground applied)"),
                    )
                else:
                    kind, band_label, mark_label, text = (
                        "job-clarification", _("Job clarification programme"),
                        _("Job clarification"),
                        _("Job clarification programme starts (no extension ground applied)"),
                    )
                timeline.bands.append(band(begins, end, kind, band_label))
                timeline.marks.append(Mark(begins, kind, mark_label, x_of(begins)))
                timeline.milestones.append(Milestone(begins, text, kind))
            continue
        begins = max(decision.decided_on, reassessment + timedelta(days=1)) if reassessment else (
            decision.decided_on
        )
        last = decision.valid_until or end
        label = ground_label(ground)
        if last >= begins:
            timeline.bands.append(band(begins, last, "extension", label))
        if decision.valid_until:
            text = _("Extended on the ground “%(ground)s” until %(until)s") % {
                "ground": label, "until": human_date(decision.valid_until)}
        else:
            text = _("Extended on the ground “%(ground)s” with no fixed end date") % {
                "ground": label}
        timeline.milestones.append(Milestone(decision.decided_on, text, "extension"))

    if reassessment is not None:
        timeline.marks.append(
            Mark(reassessment, "reassessment", _("Reassessment (week 22)"), x_of(reassessment))
        )
        timeline.milestones.append(
            Milestone(reassessment, _("Reassessment date (week 22)"), "reassessment")
        )
    if start <= today <= end:
        timeline.marks.append(Mark(today, "today", _("Today"), x_of(today)))
    timeline.milestones.append(
        Milestone(
            today,
            _("Today: week %(weeks)s of 22") % {"weeks": format_weeks(timeline.weeks_used)},
            "today",
        )
    )
    timeline.milestones.append(
        Milestone(case.first_absence_day, _("First day of absence"), "start")
    )
    if absence_rows:
        first_benefit = min(a.start for a in absence_rows) + timedelta(days=employer_days)
        timeline.milestones.append(
            Milestone(first_benefit, _("Sickness benefit from the municipality begins"), "benefit")
        )
    timeline.milestones.sort(key=lambda m: m.day)
    return timeline


def ground_label(ground: benefit_rules.Ground) -> str:
    """The ground's short name in the active language."""
    from django.utils.translation import get_language

    return ground.label_in(get_language())


def ground_plain(ground: benefit_rules.Ground) -> str:
    """The ground explained in plain words, in the active language."""
    from django.utils.translation import get_language

    return ground.plain_in(get_language())


def _is_danish() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "da").startswith("da")


def format_weeks(weeks: Decimal) -> str:
    """One decimal, with the active language's decimal mark (14,3 in Danish)."""
    text = f"{weeks:.1f}"
    return text.replace(".", ",") if _is_danish() else text
