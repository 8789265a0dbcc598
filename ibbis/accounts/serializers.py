from rest_framework import serializers

from .models import AccountChangeRequest, AuthEvent, Organisation, Role, User
from .validators import validate_name, validate_username


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind"]


class AccountSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id", "username", "first_name", "last_name", "email", "role", "organisation",
            "display_name", "is_active",
        ]


class AccountCreateSerializer(serializers.Serializer):
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, validators=[validate_username]
    )
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    first_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, validators=[validate_name]
    )
    last_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, validators=[validate_name]
    )
    email = serializers.EmailField(required=False, allow_blank=True)
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )

    def validate_username(self, value):
        if User.objects.filter(username__iexact=value).exists():
            raise serializers.ValidationError("An account with this username already exists.")
        return value


class MeSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    display_name = serializers.CharField(read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "role", "organisation", "display_name"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
    otp = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        write_only=True,
        help_text=(
            "Required only for accounts with two-factor sign-in turned on: the six digits the "
            "authenticator app shows now, or one unused recovery code. Missing: 400 with code "
            "`otp_required`; wrong: 400 with code `otp_invalid`."
        ),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField(
        help_text="When the token stops working; sign in again for a new one."
    )



class EnrolmentLinkSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Shown once; give it to the account's holder.")
    expires_at = serializers.DateTimeField()


class AuthEventSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    actor = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = AuthEvent
        fields = ["id", "kind", "user", "username", "actor", "ip_address", "user_agent",
                  "created_at"]


class AccountChangeRequestSerializer(serializers.ModelSerializer):
    """A held change: which fields and their new values, whether it sets a password (never
    the password or its hash), who asked and who answered."""

    account = serializers.PrimaryKeyRelatedField(read_only=True)
    requested_by = serializers.PrimaryKeyRelatedField(read_only=True)
    decided_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = AccountChangeRequest
        fields = ["id", "account", "changes", "sets_password", "requested_by", "created_at",
                  "status", "decided_by", "decided_at"]
