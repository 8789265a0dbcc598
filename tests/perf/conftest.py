"""Builders for the query-count tests: rows that each hang off different related objects,
so an N+1 (a query per row) shows as a growing count."""
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coordination.models import Deadline, Notification
from ibbis.audit.services import access_log_record
from tests.factories import (
    CareManagerFactory,
    CaseFactory,
    EmploymentConsultantFactory,
    ServiceUserFactory,
    make_meeting,
)
from trust.models import Note


def count_queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return len(captured.captured_queries)


class Rows:
    """Grows one kind of list to n rows for the given team; each call adds only the rows
    missing, so the same test measures 2 and then 50."""

    def __init__(self, care_manager, consultant):
        self.care_manager = care_manager
        self.consultant = consultant
        self.cases = []
        self.case = None

    def cases_to(self, n):
        while len(self.cases) < n:
            case = CaseFactory(
                care_manager=self.care_manager, employment_consultant=self.consultant
            )
            due = date(2026, 11, 1) + timedelta(days=len(self.cases))
            Deadline.objects.create(case=case, kind="follow_up", due=due, status="open",
                                    responsible=self.consultant)
            self.cases.append(case)
        return self.cases

    def main_case(self):
        if self.case is None:
            self.case = self.cases_to(1)[0]
        return self.case

    def meetings_to(self, n):
        case = self.main_case()
        while case.meetings.count() < n:
            index = case.meetings.count()
            make_meeting(case, days=1 + index,
                         organizer=self.consultant if index % 2 else self.care_manager)

    def notifications_to(self, n):
        cases = self.cases_to(n)
        for case in cases:
            deadline = case.deadlines.first()
            Notification.objects.get_or_create(
                recipient=self.consultant, kind="reminder_7d", deadline=deadline, case=case)

    def notes_to(self, n):
        case = self.main_case()
        while case.notes.count() < n:
            author = self.consultant if case.notes.count() % 2 else self.care_manager
            Note.objects.create(case=case, author=author, author_role=author.role,
                                author_organisation=author.organisation, scope="sector"
                                if author == self.consultant else "private",
                                text=f"note {case.notes.count()}")

    def access_log_to(self, n):
        case = self.main_case()
        while case.access_log.count() < n:
            actor = self.consultant if case.access_log.count() % 2 else self.care_manager
            access_log_record(actor=actor, case=case, action="case.viewed", object_type="case")

    def professionals_to(self, n, organisation):
        """Professionals of the manager's organisation, each on a case of their own."""
        from ibbis.accounts.models import User

        while User.objects.filter(organisation=organisation).exclude(role="manager").count() < n:
            consultant = EmploymentConsultantFactory(organisation=organisation)
            CaseFactory(employment_consultant=consultant, care_manager=CareManagerFactory(),
                        service_user=ServiceUserFactory())


@pytest.fixture
def rows(care_manager, consultant):
    return Rows(care_manager, consultant)
