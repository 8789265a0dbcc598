from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from . import services
from .models import Organisation, User
from .permissions import IsAdminRole
from .serializers import (
    AccountCreateSerializer,
    AccountSerializer,
    MeSerializer,
    OrganisationSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)


def as_drf_validation_error(error: DjangoValidationError) -> serializers.ValidationError:
    detail = error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}
    return serializers.ValidationError(detail)


class TokenView(APIView):
    """Exchange a username and password for an API token (API.md, Conventions)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description="Bad credentials"),
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
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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
        try:
            serializer.instance = services.organisation_create(**serializer.validated_data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error


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

    @extend_schema(request=AccountCreateSerializer, responses={201: AccountSerializer})
    def create(self, request, *args, **kwargs):
        incoming = AccountCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            user = services.account_create(**incoming.validated_data)
        except DjangoValidationError as error:
            raise as_drf_validation_error(error) from error
        return Response(AccountSerializer(user).data, status=status.HTTP_201_CREATED)
