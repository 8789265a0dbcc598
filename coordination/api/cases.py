"""API of cases and their clock (API.md, Cases).

Views parse, call a service or a selector, and render. What a caller may not see is a 404
(`get_case_for_user`, `for_user` querysets); what they see but may not change is a 403.
A case's own sub-collections (absences, decisions, deadlines) are short and returned as
plain arrays; lists across cases are paginated. The case's actions of other nouns live in
their modules (absences, decisions, law, transfers), the caller's deadlines and
notifications in deadlines and notifications.
"""
import uuid

from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coordination import selectors
from coordination.access import get_or_404
from coordination.api.absences import AbsenceActions
from coordination.api.case_list import PEOPLE, ListPage
from coordination.api.common import AS_OF, ERRORS, as_of_param, require
from coordination.api.decisions import DecisionActions
from coordination.api.law import LawActions
from coordination.api.transfers import TransferActions
from coordination.filters import CaseFilter
from coordination.law_extras import case_law
from coordination.models import Case
from coordination.serializers import (
    ACCOUNTS,
    CaseCreateSerializer,
    CaseDeadlineSerializer,
    CaseDetailSerializer,
    CaseFollowUpUpdateSerializer,
    CaseListSerializer,
    EarlyFollowUpCreateSerializer,
    EarlyFollowUpSerializer,
    HandoverSerializer,
)
from coordination.services import cases as case_services
from coordination.services import follow_up as follow_up_services
from ibbis.api import CachedCountPagination
from ibbis.audit.actions import AccessAction
from ibbis.audit.services import access_log_record_many


def _accounts_in_one_query(incoming, data):
    """The three accounts a new case names, read in one query rather than one get() per
    field; a value that names no account is left to the field, which says so as before."""
    wanted = {}
    for name in PEOPLE:
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
    AbsenceActions, DecisionActions, LawActions, TransferActions,
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    # /api/cases/ and /api/cases/{id}/: the list, a case, opening one, its follow-up, its
    # deadlines and its handover; the case's own collections come from the noun modules'
    # actions (absences, decisions, law, transfers). No docstring (see CaseActions).

    queryset = Case.objects.none()
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter
    # A manager sees up to 100,000 cases: the page is read fresh, its `count` comes from the
    # short figures cache (ibbis/api.py, issue 9).
    pagination_class = CachedCountPagination
    lookup_value_converter = "uuid"

    def get_queryset(self):
        return selectors.cases_for_user(self.request.user)

    def _detail(self, case: Case, as_of, *, prefetched=False) -> dict:
        if not prefetched:
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
        rows = self.paginate_queryset(ListPage(cases, timezone.localdate()))
        # Each row names a person and their diagnosis: one access-log entry per case shown,
        # in one INSERT for the page.
        access_log_record_many(actor=request.user, cases=[row["id"] for row in rows],
                               action=AccessAction.CASES_LISTED, object_type="case")
        return self.get_paginated_response(rows)

    @extend_schema(parameters=[AS_OF], responses={200: CaseDetailSerializer, **ERRORS})
    def retrieve(self, request, *args, **kwargs):
        case = selectors.case_holders_attach(get_or_404(
            selectors.case_detail_queryset(Case.objects.for_user(request.user)),
            self.kwargs["pk"]))
        as_of = as_of_param(request)
        self._log(case, AccessAction.CASE_VIEWED, "case")
        return Response(self._detail(case, as_of, prefetched=True))

    @extend_schema(request=CaseCreateSerializer, responses={201: CaseDetailSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        require(request, "coordination.open_case")
        incoming = CaseCreateSerializer(data=request.data)
        _accounts_in_one_query(incoming, request.data)
        incoming.is_valid(raise_exception=True)
        case = case_services.case_open(actor=request.user, **incoming.validated_data)
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
        require(request, "coordination.manage_follow_up", case)
        incoming = CaseFollowUpUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = follow_up_services.case_follow_up_update(
            actor=request.user, case=case, **incoming.validated_data
        )
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
        require(request, "coordination.manage_follow_up", case)
        incoming = EarlyFollowUpCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        early = follow_up_services.early_follow_up_request(
            actor=request.user, case=case, **incoming.validated_data
        )
        return Response(EarlyFollowUpSerializer(early).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[AS_OF], responses={200: CaseDeadlineSerializer(many=True), **ERRORS},
        summary="The case's deadlines; with as_of, their statuses on that day (not stored)",
    )
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def deadlines(self, request, pk=None):
        case = self._case()
        as_of = as_of_param(request)
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
        require(request, "coordination.hand_over_case", case)
        incoming = HandoverSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        case = case_services.case_hand_over(
            actor=request.user, case=case, role=incoming.validated_data["role"],
            to_user=incoming.validated_data["to"],
        )
        self._log(case, AccessAction.CASE_VIEWED, "case")
        return Response(self._detail(case, None))
