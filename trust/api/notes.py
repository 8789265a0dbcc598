"""Notes, consent and the access log (API.md, Notes, consent and access log)."""
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from coordination.access import get_case_for_user
from ibbis.audit.actions import AccessAction
from ibbis.audit.models import AccessLogEntry
from ibbis.audit.serializers import AccessLogEntrySerializer
from ibbis.audit.services import access_log_record
from trust import services
from trust.access import NOTE_RELATED, get_consent_for_user, get_note_for_user
from trust.models import Consent, Note
from trust.serializers import (
    ConsentInputSerializer,
    ConsentOutputSerializer,
    NoteInputSerializer,
    NoteOutputSerializer,
)


class CaseNotesView(generics.GenericAPIView):
    """GET: the case's notes the caller may read (Note.objects.for_user); POST: write one."""

    queryset = Note.objects.none()
    serializer_class = NoteOutputSerializer

    @extend_schema(responses=NoteOutputSerializer(many=True))
    def get(self, request, case_id):
        case = get_case_for_user(request.user, case_id)
        notes = Note.objects.for_user(request.user).filter(case=case).select_related(*NOTE_RELATED)
        page = self.paginate_queryset(notes)
        access_log_record(
            actor=request.user, case=case, action=AccessAction.NOTES_LISTED, object_type="note"
        )
        return self.get_paginated_response(NoteOutputSerializer(page, many=True).data)

    @extend_schema(request=NoteInputSerializer, responses={201: NoteOutputSerializer})
    def post(self, request, case_id):
        case = get_case_for_user(request.user, case_id)
        if not request.user.has_perm("trust.write_note", case):
            raise PermissionDenied
        data = NoteInputSerializer(data=request.data, context={"case": case})
        data.is_valid(raise_exception=True)
        note = services.note_create(actor=request.user, case=case, **data.validated_data)
        return Response(NoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)


class NoteDetailView(generics.GenericAPIView):
    queryset = Note.objects.none()
    serializer_class = NoteOutputSerializer

    def get(self, request, note_id):
        note = get_note_for_user(request.user, note_id)
        access_log_record(
            actor=request.user, case=note.case, action=AccessAction.NOTE_VIEWED, object_type="note"
        )
        return Response(NoteOutputSerializer(note).data)


class CaseConsentsView(generics.GenericAPIView):
    """GET: the case's consents, full history; POST: the service user grants one."""

    queryset = Consent.objects.none()
    serializer_class = ConsentOutputSerializer

    @extend_schema(responses=ConsentOutputSerializer(many=True))
    def get(self, request, case_id):
        case = get_case_for_user(request.user, case_id)
        page = self.paginate_queryset(Consent.objects.for_user(request.user).filter(case=case))
        # Whether a person lets their health details reach the jobcentre is about them.
        access_log_record(
            actor=request.user, case=case, action=AccessAction.CONSENTS_LISTED,
            object_type="consent"
        )
        return self.get_paginated_response(ConsentOutputSerializer(page, many=True).data)

    @extend_schema(request=ConsentInputSerializer, responses={201: ConsentOutputSerializer})
    def post(self, request, case_id):
        case = get_case_for_user(request.user, case_id)
        if not request.user.has_perm("trust.give_consent", case):
            raise PermissionDenied
        data = ConsentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = services.consent_grant(actor=request.user, case=case, **data.validated_data)
        return Response(ConsentOutputSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentRevokeView(APIView):
    @extend_schema(request=None, responses=ConsentOutputSerializer)
    def post(self, request, consent_id):
        consent = get_consent_for_user(request.user, consent_id)
        if not request.user.has_perm("trust.give_consent", consent.case):
            raise PermissionDenied
        consent = services.consent_revoke(actor=request.user, consent=consent)
        return Response(ConsentOutputSerializer(consent).data)


class CaseAccessLogView(generics.GenericAPIView):
    """Newest first; the service user and the case's professionals (API.md). Anyone else,
    a manager of the case included, cannot see the log: 404 (existence is never leaked),
    as for the plan and the FHIR bundle."""

    queryset = AccessLogEntry.objects.none()
    serializer_class = AccessLogEntrySerializer

    @extend_schema(responses=AccessLogEntrySerializer(many=True))
    def get(self, request, case_id):
        case = get_case_for_user(request.user, case_id)
        if not request.user.has_perm("trust.read_access_log", case):
            raise Http404
        entries = AccessLogEntry.objects.for_user(request.user).filter(case=case)
        page = self.paginate_queryset(entries.order_by("-at"))
        body = AccessLogEntrySerializer(page, many=True).data
        # Who looked at a person's case is itself about them: the reading is logged too
        # (after this page is read, so it shows on the next).
        access_log_record(
            actor=request.user, case=case, action=AccessAction.ACCESS_LOG_VIEWED,
            object_type="access_log"
        )
        return self.get_paginated_response(body)
