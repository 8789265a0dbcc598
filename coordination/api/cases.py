"""API of cases, their clock, the caller's deadlines and notifications (API.md, Cases).

Views parse, call a service or a selector, and render. What a caller may not see is a 404
(`get_case_for_user`, `for_user` querysets); what they see but may not change is a 403.
A case's own sub-collections (absences, decisions, deadlines) are short and returned as
plain arrays; lists across cases are paginated.
"""
import uuid

from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.fields import DecimalField
from rest_framework.response import Response

from coordination import selectors
from coordination.access import get_case_for_user
from coordination.benefit_rules import Absence, rules_for
from coordination.filters import CaseFilter, DeadlineFilter
from coordination.law_extras import case_law
from coordination.models import AbsencePeriod, Case, Deadline, Notification, TransferRequest
from coordination.serializers import (
    ACCOUNTS,
    AbsenceCreateSerializer,
    AbsenceSerializer,
    AsOfSerializer,
    CaseCreateSerializer,
    CaseDeadlineSerializer,
    CaseDetailSerializer,
    CaseFollowUpUpdateSerializer,
    CaseListSerializer,
    CertificateCreateSerializer,
    CertificateReceivedSerializer,
    CertificateSerializer,
    DeadlineSerializer,
    EarlyFollowUpCreateSerializer,
    EarlyFollowUpSerializer,
    ExtensionCreateSerializer,
    ExtensionDecisionSerializer,
    HandoverSerializer,
    MarkedReadSerializer,
    NotificationSerializer,
    TransferAcceptSerializer,
    TransferRequestCreateSerializer,
    TransferRequestSerializer,
    UnreadCountSerializer,
    WaitingCreateSerializer,
    WaitingPeriodSerializer,
)
from coordination.services import cases as case_services
from coordination.services import follow_up as follow_up_services
from coordination.services import law as law_services
from coordination.services import notifications as notification_services
from coordination.services import transfers as transfer_services
from ibbis.accounts.api import as_drf_validation_error
from ibbis.accounts.models import User
from ibbis.api import CachedCountPagination, Pagination
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record, access_log_record_many

AS_OF = OpenApiParameter(
    "as_of", OpenApiTypes.DATE, description="Compute for this day (YYYY-MM-DD); default today."
)
ERRORS = {
    400: OpenApiResponse(description="Field errors, or {detail, code}"),
    403: OpenApiResponse(description="Visible, but not yours to change"),
    404: OpenApiResponse(description="No such case for this caller"),
}


def _as_of(request):
    data = AsOfSerializer(data=request.query_params)
    data.is_valid(raise_exception=True)
    return data.validated_data.get("as_of")


def _require(request, perm, case=None):
    if not request.user.has_perm(perm, case):
        raise exceptions.PermissionDenied()


_PEOPLE = ("service_user", "care_manager", "employment_consultant")
_LIST_COLUMNS = (
    "id", "first_absence_day", "referral_date", "diagnosis", "employment", "closed_on",
    "status", "reassessment_date", "next_follow_up_due", "next_deadline_due",
    *(f"{person}_id" for person in _PEOPLE),
)
_WEEKS = DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)


def _iso(day):
    return None if day is None else day.isoformat()


def _person(pk, first, last, username, role, organisation) -> dict:
    return {"id": str(pk), "name": f"{first} {last}".strip() or username, "role": role,
            "organisation": organisation}


def _row(case_id, first_day, referral, diagnosis, employment, closed_on, status, reassessment,
         follow_up, next_due, people, absences, today) -> dict:
    weeks = rules_for(today).benefit_weeks_used(absences, employment, today)
    service_user, care_manager, consultant = people
    return {
        "id": str(case_id), "service_user": service_user, "care_manager": care_manager,
        "employment_consultant": consultant,
        "first_absence_day": _iso(first_day), "referral_date": _iso(referral),
        "diagnosis": diagnosis, "employment": employment, "closed_on": _iso(closed_on),
        "status": status, "benefit_weeks_used": _WEEKS.to_representation(weeks),
        "reassessment_date": _iso(reassessment), "next_follow_up_due": _iso(follow_up),
        "next_deadline_due": _iso(next_due),
    }


def case_list_rows(page, today) -> list[dict]:
    """The list's rows (CaseListSerializer's fields) from values_list(*_LIST_COLUMNS) rows:
    the page's people and absences in one query each (joining the people into the page's
    query cost more to plan than to run), and the weeks used today. The portable path;
    PostgreSQL reads all of it in one query (case_list_rows_pg)."""
    people = {
        pk: _person(pk, first, last, username, role, organisation)
        for pk, first, last, username, role, organisation in User.objects.filter(
            pk__in={pk for row in page for pk in row[10:13]}
        ).order_by().values_list(
            "id", "first_name", "last_name", "username", "role", "organisation__name")
    }
    absences = {}
    for case_id, start, end, kind in (
        AbsencePeriod.objects.filter(case_id__in=[row[0] for row in page])
        .order_by("start").values_list("case_id", "start", "end", "kind")
    ):
        absences.setdefault(case_id, []).append(Absence(start=start, end=end, kind=kind))
    return [
        _row(*row[:10], [people[pk] for pk in row[10:13]], absences.get(row[0], []), today)
        for row in page
    ]


# PostgreSQL: the page's ids in their order (Django's SQL for the sliced, filtered `for_user`
# queryset, so visibility, filters and ordering are exactly the ORM's), then each case with
# its three people, their organisations and its absences in the same statement. The ids
# come through ARRAY(...) WITH ORDINALITY, so the page keeps its order; the organisations
# are scalar subqueries, as joining them made the plan cost more than its execution.
_PERSON_COLUMNS = ", ".join(
    f"{alias}.id::text, {alias}.first_name, {alias}.last_name, {alias}.username, {alias}.role, "
    f"(SELECT o.name FROM accounts_organisation o WHERE o.id = {alias}.organisation_id)"
    for alias in ("su", "cm", "ec")
)
_PAGE_SQL = f"""
SELECT c.id::text, c.first_absence_day, c.referral_date, c.diagnosis, c.employment,
       c.closed_on, c.status, c.reassessment_date, c.next_follow_up_due, c.next_deadline_due,
       {_PERSON_COLUMNS}, a.starts, a.ends, a.kinds
FROM unnest(ARRAY({{ids}})) WITH ORDINALITY AS page (id, n)
JOIN coordination_case c ON c.id = page.id
JOIN accounts_user su ON su.id = c.service_user_id
JOIN accounts_user cm ON cm.id = c.care_manager_id
JOIN accounts_user ec ON ec.id = c.employment_consultant_id
LEFT JOIN LATERAL (
    SELECT array_agg(ap.start ORDER BY ap.start, ap.id) AS starts,
           array_agg(ap."end" ORDER BY ap.start, ap.id) AS ends,
           array_agg(ap.kind ORDER BY ap.start, ap.id) AS kinds
    FROM coordination_absenceperiod ap WHERE ap.case_id = c.id
) a ON TRUE
ORDER BY page.n
"""


def case_list_rows_pg(cases, today) -> list[dict]:
    """case_list_rows for the (sliced) `cases` queryset, in one query on PostgreSQL."""
    try:
        ids_sql, params = cases.values("pk").query.sql_with_params()
    except EmptyResultSet:  # for_user's none(), or a filter that can match nothing
        return []
    with connection.cursor() as cursor:
        cursor.execute(_PAGE_SQL.format(ids=ids_sql), params)
        fetched = cursor.fetchall()
    people = {}
    rows = []
    for row in fetched:
        team = []
        for at in (10, 16, 22):
            person = people.get(row[at])
            if person is None:
                person = people[row[at]] = _person(*row[at:at + 6])
            team.append(person)
        starts, ends, kinds = row[28:31]
        absences = [Absence(start=start, end=end, kind=kind)
                    for start, end, kind in zip(starts, ends, kinds, strict=True)
                    ] if starts else []
        rows.append(_row(*row[:10], team, absences, today))
    return rows


class _ListPage:
    """What the paginator pages through: counts the queryset; a slice is the rows of that
    page, read as case_list_rows_pg or case_list_rows (the portable path) does."""

    def __init__(self, cases, today):
        self.cases = cases
        self.today = today
        self.ordered = cases.ordered

    def count(self):
        return self.cases.count()

    def __getitem__(self, key):
        page = self.cases[key]
        if connection.vendor == "postgresql":
            return case_list_rows_pg(page, self.today)
        return case_list_rows(list(page.values_list(*_LIST_COLUMNS)), self.today)


def _accounts_in_one_query(incoming, data):
    """The three accounts a new case names, read in one query rather than one get() per
    field; a value that names no account is left to the field, which says so as before."""
    wanted = {}
    for name in _PEOPLE:
        value = data.get(name) if hasattr(data, "get") else None
        try:
            wanted[name] = uuid.UUID(value) if isinstance(value, str) else None
        except ValueError:
            continue
    found = ACCOUNTS.in_bulk({pk for pk in wanted.values() if pk is not None})
    for name, pk in wanted.items():
        if pk in found:
            incoming.fields[name].to_internal_value = lambda _value, user=found[pk]: user


class CaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Case.objects.none()
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter
    # A manager sees up to 100,000 cases: the page is read fresh, its `count` comes from the
    # short figures cache (ibbis/api.py, issue 9).
    pagination_class = CachedCountPagination
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.cases_for_user(self.request.user)

    def _case(self) -> Case:
        return get_case_for_user(self.request.user, self.kwargs["pk"])

    def _log(self, case, action, object_type):
        access_log_record(actor=self.request.user, case=case, action=action,
                          object_type=object_type)

    def _detail(self, case: Case, as_of) -> dict:
        case = selectors.case_for_detail(case)
        case.clock = selectors.case_clock(case, as_of or timezone.localdate())
        case.team = selectors.case_team(case)
        case.team_since = selectors.case_team_since(case)
        case.law = case_law(case)
        return CaseDetailSerializer(case).data

    def list(self, request, *args, **kwargs):
        # At caseload scale the page is read as plain values, not model instances through
        # the serializer (a manager's page of 50 took several times longer that way; issue
        # 9): in one query on PostgreSQL (case_list_rows_pg), in three elsewhere. Both give
        # exactly what CaseListSerializer gives (tests/perf/test_case_list_rows.py).
        cases = Case.objects.for_user(request.user)
        # Building the FilterSet and its form is a tenth of the request; without any of its
        # parameters it filters nothing, so it is only built when one is given.
        if not CaseFilter.base_filters.keys().isdisjoint(request.query_params) or any(
                backend is not DjangoFilterBackend for backend in self.filter_backends):
            cases = self.filter_queryset(cases)
        rows = self.paginate_queryset(_ListPage(cases, timezone.localdate()))
        # Each row names a person and their diagnosis: one access-log entry per case shown,
        # in one INSERT for the page.
        access_log_record_many(actor=request.user, cases=[row["id"] for row in rows],
                               action=AccessAction.CASES_LISTED, object_type="case")
        return self.get_paginated_response(rows)

    @extend_schema(parameters=[AS_OF], responses={200: CaseDetailSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        case = self._case()
        as_of = _as_of(request)
        self._log(case, AccessAction.CASE_VIEWED, "case")
        return Response(self._detail(case, as_of))

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        _require(request, "coordination.open_case")
        incoming = CaseCreateSerializer(data=request.data)
        _accounts_in_one_query(incoming, request.data)
        incoming.is_valid(raise_exception=True)
        try:
            case = case_services.case_open(actor=request.user, **incoming.validated_data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        # The answer is the whole case, as a GET would show it: logged as one.
        self._log(case, AccessAction.CASE_VIEWED, "case")
        return Response(self._detail(case, None), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CaseFollowUpUpdateSerializer, responses={200: CaseDetailSerializer, **ERRORS},
        summary="The consultant sets the expected return date or the agreed next follow-up",
    )
    def partial_update(self, request, *args, **kwargs):
        # Follow-up per § 13 b (issue 14): coordination/services/follow_up.py.
        case = self._case()
        _require(request, "coordination.manage_follow_up", case)
        incoming = CaseFollowUpUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            case = follow_up_services.case_follow_up_update(
                actor=request.user, case=case, **incoming.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(self._detail(case, None))

    @extend_schema(
        request=EarlyFollowUpCreateSerializer,
        responses={201: EarlyFollowUpSerializer, **ERRORS},
        summary="Record a request for early follow-up (the first conversation within 14 days)",
    )
    @action(detail=True, methods=["post"], url_path="early-follow-up", filterset_class=None,
            pagination_class=None)
    def early_follow_up(self, request, pk=None):
        case = self._case()
        _require(request, "coordination.manage_follow_up", case)
        incoming = EarlyFollowUpCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            early = follow_up_services.early_follow_up_request(
                actor=request.user, case=case, **incoming.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(EarlyFollowUpSerializer(early).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: AbsenceSerializer(many=True), **ERRORS},
        summary="The case's absence periods",
    )
    @extend_schema(
        methods=["POST"], request=AbsenceCreateSerializer,
        responses={201: AbsenceSerializer, **ERRORS}, summary="Record an absence period",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def absences(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.ABSENCES_LISTED, "absence")
            return Response(AbsenceSerializer(case.absences.all(), many=True).data)
        _require(request, "coordination.record_absence", case)
        incoming = AbsenceCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            absence = case_services.absence_record(
                actor=request.user, case=case, **incoming.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: ExtensionDecisionSerializer(many=True), **ERRORS},
        summary="The case's reassessment and extension decisions",
    )
    @extend_schema(
        methods=["POST"], request=ExtensionCreateSerializer,
        responses={201: ExtensionDecisionSerializer, **ERRORS},
        summary="Decide on an extension (one of the seven grounds, or none)",
    )
    @action(detail=True, methods=["get", "post"], filterset_class=None, pagination_class=None)
    def extensions(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.DECISIONS_LISTED, "extension_decision")
            decisions = case.decisions.select_related("decided_by__organisation")
            return Response(_without_reasoning_for(request.user, case, ExtensionDecisionSerializer(
                decisions, many=True, context=self._decision_context(case)).data))
        _require(request, "coordination.decide_extension", case)
        incoming = ExtensionCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            decision = case_services.extension_decide(
                actor=request.user, case=case, **incoming.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(
            ExtensionDecisionSerializer(decision, context=self._decision_context(case)).data,
            status=status.HTTP_201_CREATED,
        )

    def _decision_context(self, case) -> dict:
        # The person's answer to a hearing is case content: not for managers (API.md).
        return {"show_text": self.request.user.has_perm("coordination.read_case_content", case)}

    # --- issue 14, "Also in the law" -------------------------------------------------------

    @extend_schema(
        methods=["GET"], responses={200: WaitingPeriodSerializer(many=True), **ERRORS},
        summary="Waiting time for treatment in a public hospital (left out of p27_3's 134 weeks)",
    )
    @extend_schema(
        methods=["POST"], request=WaitingCreateSerializer,
        responses={201: WaitingPeriodSerializer, **ERRORS},
        summary="Record waiting time for treatment in a public hospital",
    )
    @action(detail=True, methods=["get", "post"], url_path="hospital-waiting",
            filterset_class=None, pagination_class=None)
    def hospital_waiting(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.WAITING_LISTED, "hospital_waiting")
            return Response(WaitingPeriodSerializer(case.waiting_periods.all(), many=True).data)
        _require(request, "coordination.decide_extension", case)
        incoming = WaitingCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            period = law_services.waiting_period_record(
                actor=request.user, case=case, **incoming.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(WaitingPeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["GET"], responses={200: CertificateSerializer(many=True), **ERRORS},
        summary="The doctor's certificates (LÆ 285) requested for the first follow-up",
    )
    @extend_schema(
        methods=["POST"], request=CertificateCreateSerializer,
        responses={201: CertificateSerializer, **ERRORS},
        summary="Record a request for a LÆ 285 certificate (a medical_certificate deadline)",
    )
    @action(detail=True, methods=["get", "post"], url_path="medical-certificates",
            filterset_class=None, pagination_class=None)
    def medical_certificates(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            self._log(case, AccessAction.CERTIFICATES_LISTED, "medical_certificate")
            return Response(CertificateSerializer(case.certificates.all(), many=True).data)
        _require(request, "coordination.decide_extension", case)
        incoming = CertificateCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            certificate = law_services.certificate_request(
                actor=request.user, case=case, **incoming.validated_data
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CertificateReceivedSerializer, responses={200: CertificateSerializer, **ERRORS},
        summary="Record the day a requested LÆ 285 certificate arrived",
    )
    @action(detail=True, methods=["post"], url_path="medical-certificates/received",
            filterset_class=None, pagination_class=None)
    def medical_certificate_received(self, request, pk=None):
        case = self._case()
        _require(request, "coordination.decide_extension", case)
        incoming = CertificateReceivedSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        certificate = case.certificates.filter(pk=incoming.validated_data["certificate"]).first()
        if certificate is None:
            raise exceptions.ValidationError({"certificate": [_("No such certificate request.")]})
        try:
            certificate = law_services.certificate_received(
                actor=request.user, case=case, certificate=certificate,
                received_on=incoming.validated_data["received_on"],
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(CertificateSerializer(certificate).data)

    @extend_schema(
        parameters=[AS_OF], responses={200: CaseDeadlineSerializer(many=True), **ERRORS},
        summary="The case's deadlines; with as_of, their statuses on that day (not stored)",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def deadlines(self, request, pk=None):
        case = self._case()
        as_of = _as_of(request)
        self._log(case, AccessAction.DEADLINES_LISTED, "deadline")
        return Response(CaseDeadlineSerializer(selectors.case_deadlines(case, as_of),
                                               many=True).data)

    @extend_schema(
        request=HandoverSerializer, responses={200: CaseDetailSerializer, **ERRORS},
        summary="Hand the case over to another care manager or employment consultant",
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def handover(self, request, pk=None):
        case = self._case()
        _require(request, "coordination.hand_over_case", case)
        incoming = HandoverSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            case = case_services.case_hand_over(
                actor=request.user, case=case, role=incoming.validated_data["role"],
                to_user=incoming.validated_data["to"],
            )
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        self._log(case, AccessAction.CASE_VIEWED, "case")
        return Response(self._detail(case, None))


    @extend_schema(
        methods=["GET"], responses={200: TransferRequestSerializer(many=True), **ERRORS},
        summary="The case's requests to move a role to another organisation",
    )
    @extend_schema(
        methods=["POST"], request=TransferRequestCreateSerializer,
        responses={201: TransferRequestSerializer, **ERRORS,
                   409: OpenApiResponse(description="`transfer_pending`")},
        summary="Ask another organisation to take over a role (the side holding it)",
    )
    @action(detail=True, methods=["get", "post"], url_path="transfer-requests",
            filterset_class=None, pagination_class=None)
    def transfer_requests(self, request, pk=None):
        case = self._case()
        if request.method == "GET":
            transfers = case.transfer_requests.select_related(
                "case__service_user", "from_organisation", "to_organisation",
                "requested_by", "new_holder")
            self._log(case, AccessAction.TRANSFER_REQUESTS_LISTED, "transfer_request")
            return Response(TransferRequestSerializer(
                transfers, many=True, context={"visible_cases": {case.pk}}).data)
        _require(request, "coordination.hand_over_case", case)
        incoming = TransferRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            transfer = transfer_services.transfer_request(
                actor=request.user, case=case, **incoming.validated_data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(
            TransferRequestSerializer(transfer, context={"visible_cases": {case.pk}}).data,
            status=status.HTTP_201_CREATED)


def request_may_answer(request, transfer) -> bool:
    return request.user.has_perm("coordination.answer_transfer", transfer)


class TransferRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    """Requests to move a role of a case to another organisation: a manager sees those
    addressed to their organisation (without seeing the case) and answers them; the sending
    side sees those of its cases. `?status=pending` narrows the list."""

    queryset = TransferRequest.objects.none()
    serializer_class = TransferRequestSerializer
    filterset_fields = ["status"]
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return TransferRequest.objects.for_user(self.request.user).select_related(
            "case__service_user", "from_organisation", "to_organisation", "requested_by",
            "new_holder")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "visible_cases": self._visible}

    def _seen(self, transfers):
        """Remember which of these requests' cases the caller sees, and write the access
        log: the service user's name is read."""
        transfers = list(transfers)
        case_ids = {t.case_id for t in transfers}
        self._visible = set(Case.objects.for_user(self.request.user)
                            .filter(pk__in=case_ids).values_list("pk", flat=True))
        access_log_record_many(
            actor=self.request.user, cases=[t.case for t in transfers],
            action=AccessAction.TRANSFER_REQUESTS_LISTED, object_type="transfer_request")
        return transfers

    _visible: set = frozenset()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        page = self._seen(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        transfer = self._seen([self.get_object()])[0]
        return Response(self.get_serializer(transfer).data)

    def _answer(self, answer, parse=None):
        transfer = self.get_object()
        if not request_may_answer(self.request, transfer):
            raise exceptions.PermissionDenied()
        data = {}
        if parse is not None:
            incoming = parse(data=self.request.data)
            incoming.is_valid(raise_exception=True)
            data = {"to_user": incoming.validated_data["to"]}
        try:
            transfer = answer(actor=self.request.user, transfer=transfer, **data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        transfer = self._seen([self.get_queryset().get(pk=transfer.pk)])[0]
        return Response(self.get_serializer(transfer).data)

    @extend_schema(
        request=TransferAcceptSerializer,
        responses={200: TransferRequestSerializer, **ERRORS,
                   409: OpenApiResponse(description="`transfer_not_pending`")},
        summary="Accept, naming the new professional of your organisation",
    )
    @action(detail=True, methods=["post"], filterset_fields=None, pagination_class=None)
    def accept(self, request, pk=None):
        return self._answer(transfer_services.transfer_accept, TransferAcceptSerializer)

    @extend_schema(
        request=None,
        responses={200: TransferRequestSerializer, **ERRORS,
                   409: OpenApiResponse(description="`transfer_not_pending`")},
        summary="Decline the transfer",
    )
    @action(detail=True, methods=["post"], filterset_fields=None, pagination_class=None)
    def decline(self, request, pk=None):
        return self._answer(transfer_services.transfer_decline)
def _without_reasoning_for(user, case, decisions: list) -> list:
    """A decision's reasoning may carry health details: the case's people read it, its
    managers get null (API.md, extensions; DOMAIN.md: managers never see decision reasoning)."""
    if user.has_perm("coordination.read_case_content", case):
        return decisions
    return [{**decision, "reasoning": None} for decision in decisions]


class DeadlineViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's deadlines still to meet, across their cases, soonest first."""

    queryset = Deadline.objects.none()
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        return selectors.deadlines_open_for_user(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # Each deadline names its service user: one access-log entry per case shown.
        access_log_record_many(actor=request.user, cases=[d.case_id for d in page],
                               action=AccessAction.DEADLINES_LISTED, object_type="deadline")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class NotificationPagination(Pagination):
    """The page, plus how many of the caller's notifications are unread."""

    def paginate_queryset(self, queryset, request, view=None):
        self.unread = selectors.notifications_unread_count(request.user)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["unread"] = self.unread
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["unread"] = {"type": "integer", "example": 3}
        paginated["required"] = [*paginated.get("required", []), "unread"]
        return paginated


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The caller's own notifications: reminders and overdue notices from the daily sweep."""

    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    filterset_class = None
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.notifications_for_user(self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer, 404: ERRORS[404]})
    @action(detail=True, methods=["post"], pagination_class=None)
    def read(self, request, pk=None):
        notification = self.get_object()
        notification = notification_services.notification_mark_read(
            actor=request.user, notification=notification
        )
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: MarkedReadSerializer})
    @action(detail=False, methods=["post"], url_path="read-all", pagination_class=None)
    def read_all(self, request):
        marked = notification_services.notifications_mark_all_read(actor=request.user)
        return Response({"marked": marked})

    @extend_schema(responses={200: UnreadCountSerializer})
    @action(detail=False, methods=["get"], url_path="unread-count", pagination_class=None)
    def unread_count(self, request):
        return Response({"unread": selectors.notifications_unread_count(request.user)})
