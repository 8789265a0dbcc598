import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coordination import benefit_rules
from coordination.querysets import CaseQuerySet, CaseScopedQuerySet


class Diagnosis(models.TextChoices):
    STRESS = "stress", _("Stress")
    ANXIETY = "anxiety", _("Anxiety")
    DEPRESSION = "depression", _("Depression")


class Employment(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    UNEMPLOYED = "unemployed", _("Unemployed")


# The case's two roles (CaseMembership.Role's values), each held by a professional of its own
# side's organisation: the one list of them for the models, the services and the selectors.
SIDES = ("care_manager", "employment_consultant")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXTENDED = "extended", _("Extended")
    JOB_CLARIFICATION = "job_clarification", _("Job clarification")
    REDUCED_BENEFIT = "reduced_benefit", _("Sickness benefit at a reduced rate")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """A course (forløb) joining one service user with a care manager and an employment
    consultant. The current professionals are on the row; who was on the case when is kept
    in CaseMembership (handover)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_as_service_user"
    )
    care_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_as_care_manager"
    )
    employment_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cases_as_employment_consultant",
    )
    # Each side's organisation as stored on the case (issue 20): the organisation of the
    # current care manager and of the current employment consultant, so a manager's list is
    # an index range, not a walk over every case in the country through the people (at
    # 1,000,000 cases the page read 14,052 index entries and the count every case;
    # docs/benchmarks.md). Kept equal to the people's organisations by `save` (whenever a
    # role is assigned) and by coordination.case_organisations (when an account moves
    # organisation); `Case.objects.for_user` scopes a manager by them, so a stale column
    # would be a scoping bug: tests/coordination/test_case_organisations.py holds them.
    care_manager_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", null=True,
        editable=False, db_index=False,
    )
    employment_consultant_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", null=True,
        editable=False, db_index=False,
    )
    first_absence_day = models.DateField(_("first absence day"))
    referral_date = models.DateField(_("referral date"))
    diagnosis = models.CharField(_("diagnosis"), max_length=20, choices=Diagnosis.choices)
    employment = models.CharField(
        _("employment"), max_length=20, choices=Employment.choices, default=Employment.EMPLOYEE
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Sygedagpengeloven § 25: receives senior or disability pension, meets its health
    # conditions, or has reached the state pension age -> 26 weeks in 12 months (issue 14).
    pensioner = models.BooleanField(_("pensioner (§ 25)"), default=False)
    # Follow-up per sygedagpengeloven § 13 b (DOMAIN.md, Follow-up conversations), set by
    # the employment consultant: when the person is expected back (chooses the regime),
    # and after six months the next conversation agreed with them and the day it was
    # recorded (a conversation from that day on answers it).
    expected_return_date = models.DateField(_("expected return date"), null=True, blank=True)
    follow_up_agreed_on = models.DateField(
        _("next follow-up agreed for"), null=True, blank=True
    )
    follow_up_agreed_recorded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Stored projections of the benefit rules, refreshed by services whenever absences,
    # decisions or meetings change and by the daily sweep, so lists can filter and sort.
    status = models.CharField(
        max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE, db_index=True
    )
    reassessment_date = models.DateField(null=True, blank=True, db_index=True)
    next_follow_up_due = models.DateField(null=True, blank=True)
    next_deadline_due = models.DateField(null=True, blank=True)
    # Set when retention removed the names, contact details and free text of a closed case
    # (ibbis/retention/services.py); dates, statuses and counts stay.
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["next_deadline_due", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(diagnosis__in=Diagnosis.values), name="case_diagnosis_valid"
            ),
            models.CheckConstraint(
                condition=Q(employment__in=Employment.values), name="case_employment_valid"
            ),
            # One open course per service user (issue 13); the service refuses a second
            # one with `open_case_exists` (coordination.services.cases.case_open). A case
            # is closed by its `closed_on`; one closing later is still open, which the
            # service checks and this index, being static, cannot.
            models.UniqueConstraint(
                fields=["service_user"],
                condition=Q(closed_on__isnull=True),
                name="one_open_case_per_service_user",
            ),
        ]
        indexes = [
            models.Index(fields=["care_manager", "next_deadline_due"]),
            models.Index(fields=["employment_consultant", "next_deadline_due"]),
            models.Index(fields=["service_user"]),
            # A manager's list and count (for_user): their organisation's side, in the list's
            # order, so a page of 50 reads 50 index entries (issue 20).
            models.Index(
                fields=["care_manager_organisation", "next_deadline_due", "created_at"],
                name="case_cm_org_list",
            ),
            models.Index(
                fields=["employment_consultant_organisation", "next_deadline_due", "created_at"],
                name="case_ec_org_list",
            ),
            # The case list's ordering: a page of 50 reads the index instead of sorting all
            # of a manager's cases (issue 9, bench/explain.py).
            models.Index(fields=["next_deadline_due", "created_at"], name="case_list_order"),
            # The sweep's calendar transitions filter status with the reassessment date.
            models.Index(fields=["status", "reassessment_date"], name="case_status_reassess"),
            models.Index(fields=["closed_on"], name="case_closed_on"),
            # The retention selector: closed cases not yet pseudonymised, by closing date.
            models.Index(
                fields=["closed_on"],
                condition=Q(pseudonymised_at__isnull=True, closed_on__isnull=False),
                name="case_due_pseudonymise",
            ),
        ]

    def __str__(self):
        return f"{self.service_user} ({self.first_absence_day:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        """Whenever a role is (re)assigned, each side's organisation follows its holder's,
        read from the database in the same save (never from a possibly older instance)."""
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"care_manager", "employment_consultant"} & set(
            update_fields
        ):
            self.sync_organisations()
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields, *(f"{role}_organisation" for role in SIDES)
                }
        super().save(*args, **kwargs)

    def sync_organisations(self):
        """Set each side's organisation from its current holder's account."""
        from ibbis.accounts.models import User

        holders = {getattr(self, f"{role}_id") for role in SIDES} - {None}
        organisations = dict(
            User.objects.filter(pk__in=holders).values_list("pk", "organisation_id")
        ) if holders else {}
        for role in SIDES:
            setattr(self, f"{role}_organisation_id",
                    organisations.get(getattr(self, f"{role}_id")))

    def rules_on(self, day) -> benefit_rules.RuleSet:
        """The rule set in force on ``day`` for this case: the one place the app picks a
        case's rules (issue 14: by the event's date, never by the first absence day; a
        case-specific variant of the rules, e.g. for pensioners, belongs here). Inside
        the rules, a `none` decision's outcome follows the reassessment date and a
        ground's texts the decision's date (benefit_rules.none_outcome, ground_on).
        A pensioner's case counts 26 weeks in 12 months (§ 25, benefit_rules.pensioner_rules)."""
        rules = benefit_rules.rules_for(day)
        return benefit_rules.pensioner_rules(rules) if self.pensioner else rules

    @property
    def rules(self) -> benefit_rules.RuleSet:
        """The case's rules in force today (``rules_on``)."""
        from django.utils import timezone

        return self.rules_on(timezone.localdate())

    def professionals(self):
        return [self.care_manager, self.employment_consultant]


class CaseMembership(models.Model):
    """Who was on a case, in which role, and when (handover keeps the history)."""

    class Role(models.TextChoices):
        CARE_MANAGER = "care_manager", _("Care manager")
        EMPLOYMENT_CONSULTANT = "employment_consultant", _("Employment consultant")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["started_at"]
        constraints = [
            # One current holder per role per case.
            models.UniqueConstraint(
                fields=["case", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_current_member_per_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="membership_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "case"])]


class AbsenceKind(models.TextChoices):
    FULL = "full", _("Full sick leave")
    PARTIAL = "partial", _("Partial sick leave")


class AbsencePeriod(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="absences")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Empty while ongoing."))
    kind = models.CharField(_("kind"), max_length=10, choices=AbsenceKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="absence_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=AbsenceKind.values), name="absence_kind_valid"
            ),
        ]

    def as_rule(self) -> benefit_rules.Absence:
        return benefit_rules.Absence(start=self.start, end=self.end, kind=self.kind)


class ExtensionGround(models.TextChoices):
    P27_1 = "p27_1", _("§ 27(1)(1): vocational rehabilitation expected")
    P27_2 = "p27_2", _("§ 27(1)(2): clarifying measures needed")
    P27_3 = "p27_3", _("§ 27(1)(3): medical treatment, return expected")
    P27_4 = "p27_4", _("§ 27(1)(4): going to the rehabilitation team")
    P27_5 = "p27_5", _("§ 27(1)(5): life-threatening, serious illness")
    P27_6 = "p27_6", _("§ 27(1)(6): work-injury claim opened")
    P27_7 = "p27_7", _("§ 27(1)(7): disability pension applied for")
    NONE = "none", _("None of the seven grounds applies")


class ExtensionDecision(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    ground = models.CharField(_("ground"), max_length=10, choices=ExtensionGround.choices)
    decided_on = models.DateField(_("decided on"))
    medical_evidence = models.BooleanField(_("medical evidence"), default=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reasoning = models.TextField(_("reasoning"))
    # The hearing (partshøring, forvaltningsloven § 19) before a decision that stops or
    # lowers benefit: when the letter went out, the answer's deadline, the answer.
    hearing_sent_on = models.DateField(_("hearing sent on"), null=True, blank=True)
    hearing_response_by = models.DateField(_("answer due by"), null=True, blank=True)
    hearing_response_on = models.DateField(_("answer received on"), null=True, blank=True)
    hearing_response = models.TextField(_("the answer"), blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["decided_on", "created_at"]
        # The sweep's "current decision" subquery per case (latest first).
        indexes = [
            models.Index(fields=["case", "-decided_on", "-created_at"], name="decision_latest")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ground__in=ExtensionGround.values), name="decision_ground_valid"
            ),
        ]

    @property
    def ground_label(self) -> str:
        """The ground's short name as the law read on the decision's date (`none`'s by the
        reassessment date), in the active language: the one label pages, the API and the
        export show (benefit_rules.ground_on, Ground.label_in)."""
        ground = benefit_rules.ground_on(self.ground, self.decided_on,
                                         self.case.reassessment_date)
        return ground.label_in(get_language())

    def as_rule(self) -> benefit_rules.Decision:
        return benefit_rules.Decision(
            ground=self.ground, decided_on=self.decided_on, valid_until=self.valid_until
        )


class DeadlineKind(models.TextChoices):
    REASSESSMENT = "reassessment", _("Reassessment (week 22)")
    FOLLOW_UP = "follow_up", _("Follow-up conversation")
    EXTENSION_REVIEW = "extension_review", _("Extension review")
    MEDICAL_CERTIFICATE = "medical_certificate", _("Doctor's certificate (LÆ 285)")
    # § 13 f: a check on the expected return day instead of conversations (not a
    # conversation the law requires, so a manager is not told when it is overdue).
    RETURN_CHECK = "return_check", _("Check on return to work")


# Deadlines the law requires: a manager is told when one of these becomes overdue.
STATUTORY_DEADLINE_KINDS = ("reassessment", "follow_up", "extension_review")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    OVERDUE = "overdue", _("Overdue")


class Deadline(models.Model):
    """A stored deadline, recomputed by services and swept daily, so that lists and
    dashboards can query and index them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=DeadlineKind.choices)
    due = models.DateField()
    status = models.CharField(
        max_length=10, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deadlines"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "due"], name="deadline_unique_per_day"),
            models.CheckConstraint(
                condition=Q(kind__in=DeadlineKind.values), name="deadline_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeadlineStatus.values), name="deadline_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due"]),
            models.Index(fields=["responsible", "status", "due"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due}"


class EarlyFollowUpRequest(models.Model):
    """An employer's or employee's request for early follow-up (fast track, sygedagpengeloven
    §§ 7 c, 7 e): the first conversation is then due within 14 days (§ 13 b, stk. 2)."""

    class RequestedBy(models.TextChoices):
        EMPLOYER = "employer", _("Employer")
        EMPLOYEE = "employee", _("Employee")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="early_follow_up_requests"
    )
    requested_on = models.DateField(_("requested on"))
    requested_by = models.CharField(_("requested by"), max_length=10, choices=RequestedBy.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CaseScopedQuerySet.as_manager()

    class Meta:
        ordering = ["requested_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_by__in=["employer", "employee"]),
                name="early_follow_up_requested_by_valid",
            ),
        ]


class NotificationKind(models.TextChoices):
    REMINDER_7_DAYS = "reminder_7d", _("Deadline in 7 days")
    REMINDER_1_DAY = "reminder_1d", _("Deadline tomorrow")
    OVERDUE = "overdue", _("Deadline overdue")
    MEETING_REPLY = "meeting_reply", _("Reply to a meeting invitation")
    # A quarter's relational coordination survey is open (trust/services/relational.py).
    RELATIONAL_SURVEY = "relational_survey", _("The collaboration survey for a new quarter is open")
    # Someone broke the glass on a case (issue 19): told to its service user and to the
    # professional's manager at once (DOMAIN.md, Roles and access).
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access to a case")


class Notification(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    # The meeting a reply notification is about (issue 18); none for deadline reminders.
    meeting = models.ForeignKey(
        "coordination.Meeting", on_delete=models.CASCADE, related_name="notifications",
        null=True, blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Each reminder is sent once, however many sweeps run: the database decides.
            models.UniqueConstraint(
                fields=["deadline", "recipient", "kind"], name="notification_once_per_deadline"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            # /healthz asks for the oldest unmailed notification on every probe: without it,
            # a scan of every notification ever (54 ms at 1,000,000 demo cases, which held
            # /healthz at 20 req/s; issue 20, docs/benchmarks.md).
            models.Index(fields=["created_at"], condition=Q(emailed_at__isnull=True),
                         name="notification_unmailed_age"),
        ]
