"""Relational coordination between the two organisations (issue 21; API.md,
`relational-coordination`).

The seven dimensions and their wording follow Gittell's Relational Coordination Survey
(J. H. Gittell, "High Performance Healthcare: Using the Power of Relationships to Achieve
Quality, Efficiency and Resilience", McGraw-Hill 2009, appendix; Gittell, Seidner & Wimbush,
"A relational model of how high-performance work systems work", Organization Science 21(2),
2010): four dimensions of communication (frequent, timely, accurate, problem-solving) and
three of relationships (shared goals, shared knowledge, mutual respect), each answered on a
1-5 scale about another work group - here one colleague of the other organisation with
whom the respondent shares (or shared) cases. The Danish wording is ours, translated from
the survey's English items.

Answers are never shown one by one: the respondent reads their own, managers only the
thresholded averages of trust/dashboard/relational.py.
"""
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


@dataclass(frozen=True)
class Dimension:
    code: str
    short: Promise
    question: Promise
    low: Promise  # what 1 means
    high: Promise  # what 5 means


# Gittell's seven items, in the survey's order (see the module docstring for the source).
DIMENSIONS = (
    Dimension(
        "frequent", _("frequent communication"),
        _("How often does this colleague communicate with you about the cases you share?"),
        _("Never"), _("Constantly"),
    ),
    Dimension(
        "timely", _("timely communication"),
        _("Does this colleague communicate with you in a timely way about the cases you "
          "share?"),
        _("Never"), _("Always"),
    ),
    Dimension(
        "accurate", _("accurate communication"),
        _("Does this colleague communicate with you accurately about the cases you share?"),
        _("Never"), _("Always"),
    ),
    Dimension(
        "problem_solving", _("problem-solving communication"),
        _("When there are problems in the cases you share, does this colleague blame others "
          "or work with you to solve the problem?"),
        _("Always blames others"), _("Always works with me to solve it"),
    ),
    Dimension(
        "shared_goals", _("shared goals"),
        _("How much does this colleague share your goals for the cases you share?"),
        _("Not at all"), _("Completely"),
    ),
    Dimension(
        "shared_knowledge", _("shared knowledge"),
        _("How much does this colleague know about the work you do in the cases you share?"),
        _("Nothing"), _("Everything"),
    ),
    Dimension(
        "mutual_respect", _("mutual respect"),
        _("How much does this colleague respect the work you do in the cases you share?"),
        _("Not at all"), _("Completely"),
    ),
)
DIMENSION_CODES = tuple(d.code for d in DIMENSIONS)


def quarter_start(day: date) -> date:
    """The first day of the calendar quarter `day` falls in (the caller passes a day in
    Europe/Copenhagen, timezone.localdate())."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(start: date) -> str:
    """`2026-Q4`: how the API and pages name a quarter."""
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def _score(label):
    return models.PositiveSmallIntegerField(label, validators=SCORE_VALIDATORS)


class RelationalCoordinationAnswer(models.Model):
    """One professional's answer about one colleague of the other organisation, at most once
    a quarter (the unique constraint; the service turns a second into 409
    `already_answered`). Both organisations are kept as they were when answering, so a
    later move does not shift last quarter's figures between pairs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    respondent_role = models.CharField(max_length=32)
    respondent_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    colleague_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    quarter = models.DateField(help_text="The first day of the quarter answered for.")
    frequent = _score(_("frequent communication"))
    timely = _score(_("timely communication"))
    accurate = _score(_("accurate communication"))
    problem_solving = _score(_("problem-solving communication"))
    shared_goals = _score(_("shared goals"))
    shared_knowledge = _score(_("shared knowledge"))
    mutual_respect = _score(_("mutual respect"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-quarter", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["respondent", "colleague", "quarter"],
                name="rc_answer_once_per_quarter",
            ),
            models.CheckConstraint(
                condition=~Q(respondent=F("colleague")), name="rc_answer_not_about_oneself"
            ),
            models.CheckConstraint(
                condition=~Q(respondent_organisation=F("colleague_organisation")),
                name="rc_answer_about_the_other_organisation",
            ),
            models.CheckConstraint(
                condition=(
                    Q(frequent__gte=1, frequent__lte=5)
                    & Q(timely__gte=1, timely__lte=5)
                    & Q(accurate__gte=1, accurate__lte=5)
                    & Q(problem_solving__gte=1, problem_solving__lte=5)
                    & Q(shared_goals__gte=1, shared_goals__lte=5)
                    & Q(shared_knowledge__gte=1, shared_knowledge__lte=5)
                    & Q(mutual_respect__gte=1, mutual_respect__lte=5)
                ),
                name="rc_answer_scores_1_to_5",
            ),
        ]
        indexes = [
            models.Index(
                fields=["respondent_organisation", "quarter"], name="rc_by_respondent_org"
            ),
            models.Index(
                fields=["colleague_organisation", "quarter"], name="rc_by_colleague_org"
            ),
        ]

    @property
    def quarter_label(self) -> str:
        return quarter_label(self.quarter)


class RelationalSurveyReminder(models.Model):
    """The notification that a quarter's survey is open, sent once per professional and
    quarter however often the periodic task runs: the unique constraint decides."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    quarter = models.DateField()
    notification = models.OneToOneField(
        "coordination.Notification", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "quarter"], name="rc_reminder_once_per_quarter"
            ),
        ]
