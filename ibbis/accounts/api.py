import django_filters
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ibbis.throttling import AddressScopedRateThrottle

from . import approvals, events, services, tokens, two_factor
from .models import AccountChangeRequest, AuthEvent, AuthEventKind, Organisation, User
from .permissions import IsAdminRole
from .serializers import (
    AccountChangeRequestSerializer,
    AccountCreateSerializer,
    AccountSerializer,
    AuthEventSerializer,
    EnrolmentLinkSerializer,
    MeSerializer,
    OrganisationSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from .tokens import TokenAuthentication


class TokenView(APIView):
    """Exchange a username and password for an API token (API.md, Conventions)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AddressScopedRateThrottle]  # the real address (ibbis.client_ip)
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(
                description=(
                    "Bad credentials (`invalid_credentials`); the account has two-factor "
                    "sign-in and `otp` is missing (`otp_required`) or wrong (`otp_invalid`); "
                    "or the account must set up two-factor first "
                    "(`two_factor_setup_required`: every role that must sign in with two "
                    "factors, until it has done so on the website); or an administrator set "
                    "the password and it must be changed on the website first "
                    "(`password_change_required`); or passwords are turned off for the "
                    "account's role, which signs in through its identity provider "
                    "(`password_login_disabled`, setting PASSWORD_LOGIN_ROLES)"
                )
            ),
            429: OpenApiResponse(description="Locked out after repeated failures"),
        },
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # The plain HttpRequest, so django-axes records the attempt and its middleware sees
        # a lockout, exactly as for the login page.
        user = authenticate(
            request=request._request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            return Response(
                {"detail": "Unable to log in with the given credentials.",
                 "code": "invalid_credentials"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        refusal = self._refusal(request, user, data.validated_data.get("otp", ""))
        if refusal is not None:
            events.record(kind=AuthEventKind.TOKEN_REFUSED, request=request._request, user=user)
            return Response(refusal, status=status.HTTP_400_BAD_REQUEST)
        instance, token = tokens.issue(user)
        events.record(kind=AuthEventKind.TOKEN_ISSUED, request=request._request, user=user)
        return Response(
            TokenResponseSerializer({"token": token, "expires_at": instance.expiry}).data
        )

    @staticmethod
    def _refusal(request, user, otp):
        """None if the token may be issued, else the 400 body (docs/decisions.md).

        A password alone never yields a token for an account that signs in with two factors:
        a role that must have them and has not set them up is refused outright."""
        if not two_factor.password_login_allowed(user):
            return {
                "detail": "This account signs in through its identity provider, not with a "
                          "password.",
                "code": "password_login_disabled",
            }
        if user.must_change_password:
            return {
                "detail": "Sign in on the website and choose a new password first.",
                "code": "password_change_required",
            }
        if two_factor.confirmed_device(user) is None:
            if two_factor.two_factor_required(user):
                return {
                    "detail": "Set up two-factor sign-in on the website before using the API.",
                    "code": "two_factor_setup_required",
                }
            return None
        if not otp.strip():
            return {
                "detail": "This account signs in with two factors: send the code from the "
                          "authenticator app as `otp`.",
                "code": "otp_required",
            }
        verdict = two_factor.check_code(user=user, code=otp, request=request._request)
        if verdict.accepted:
            return None
        if verdict == two_factor.Verdict.THROTTLED:
            detail = "Too many wrong codes; wait a few seconds and try again."
        else:
            detail = "The code is not right."
        return {"detail": detail, "code": "otp_invalid"}


class LogoutView(APIView):
    """End the token this request was made with (API.md, Conventions); the account's other
    tokens and its browser sessions carry on."""

    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if request.auth is None:  # authenticated some other way: there is no token to end
            raise exceptions.NotAuthenticated()
        tokens.revoke(request.auth, request=request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class OrganisationViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAdminRole]
    serializer_class = OrganisationSerializer
    queryset = Organisation.objects.all()

    def perform_create(self, serializer):
        serializer.instance = services.organisation_create(**serializer.validated_data)


class AccountViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAdminRole]
    queryset = User.objects.select_related("organisation")
    filterset_fields = ["role", "organisation"]

    def get_serializer_class(self):
        return AccountCreateSerializer if self.action == "create" else AccountSerializer

    @extend_schema(
        request=None,
        responses={
            201: EnrolmentLinkSerializer,
            400: OpenApiResponse(
                description="The account needs no link (`enrolment_link_refused`): not a role "
                "that must sign in with two factors, deactivated, or already set up"
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="enrolment-link")
    def enrolment_link(self, request, pk=None, format=None):  # noqa: A002 - DRF passes it
        """A one-time, expiring link for the account's first set-up of two-factor sign-in
        (the only showing of its secret); earlier unused links stop working."""
        from .views import enrolment_link_url

        account = self.get_object()
        try:
            link, secret = two_factor.enrolment_link_issue(
                user=account, issued_by=request.user, request=request._request
            )
        except DjangoValidationError as error:
            return Response(
                {"detail": " ".join(error.messages), "code": "enrolment_link_refused"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        body = {"url": enrolment_link_url(request, secret), "expires_at": link.expires_at}
        return Response(EnrolmentLinkSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AccountCreateSerializer,
        responses={201: AccountSerializer},
        description=(
            "A manager or administrator account is created switched off (`is_active: "
            "false`) with `pending_approval`: the id of the request a second administrator "
            "approves (`POST /api/account-changes/{id}/approve/`) to switch it on."
        ),
    )
    def create(self, request, *args, **kwargs):
        incoming = AccountCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        user, pending = approvals.account_create_by_admin(
            actor=request.user, request=request._request, **incoming.validated_data
        )
        body = AccountSerializer(user).data
        body["pending_approval"] = str(pending.pk) if pending else None
        return Response(body, status=status.HTTP_201_CREATED)


class AccountChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """Administrators' changes to accounts waiting for a second administrator (four eyes,
    issue 13). `?status=pending` narrows the list. The one who asked cannot approve, nor
    the account's owner (403); an answered request is 409 `not_pending`."""

    permission_classes = [IsAdminRole]
    serializer_class = AccountChangeRequestSerializer
    queryset = AccountChangeRequest.objects.select_related("account", "requested_by",
                                                           "decided_by")
    filterset_fields = ["status", "account"]

    def _answer(self, answer):
        change = self.get_object()
        answer(actor=self.request.user, change=change, request=self.request._request)
        change.refresh_from_db()
        return Response(AccountChangeRequestSerializer(change).data)

    @extend_schema(request=None, responses={200: AccountChangeRequestSerializer})
    @action(detail=True, methods=["post"], filterset_fields=None)
    def approve(self, request, pk=None, format=None):  # noqa: A002 - DRF passes it
        return self._answer(approvals.change_approve)

    @extend_schema(request=None, responses={200: AccountChangeRequestSerializer})
    @action(detail=True, methods=["post"], filterset_fields=None)
    def refuse(self, request, pk=None, format=None):  # noqa: A002 - DRF passes it
        return self._answer(approvals.change_refuse)


class AuthEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(field_name="username", lookup_expr="iexact")
    kind = django_filters.ChoiceFilter(choices=AuthEventKind.choices)
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = AuthEvent
        fields = ["user", "username", "kind", "created_after", "created_before"]


class AuthEventViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The authentication trail (sign-ins, failures, lockouts, two-factor changes, tokens);
    admins only. Newest first."""

    permission_classes = [IsAdminRole]
    serializer_class = AuthEventSerializer
    queryset = AuthEvent.objects.all()
    filterset_class = AuthEventFilter
