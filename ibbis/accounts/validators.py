"""Usernames and names that cannot pass for someone else's (issue 13).

An account named "erik.еc" - with a Cyrillic "е" - would read exactly like the real
consultant "erik.ec" in every list, and a name with a right-to-left override displays
reversed. So:

- Control and format characters (bidi overrides, zero-width joiners, NULs, line breaks,
  unassigned code points) are refused in usernames and names alike; the only space allowed
  in a name is the ordinary one.
- A username is written in one script (digits and `.@+-_` are shared by all) and, if that
  script is not Latin, it contains no letter that can be taken for a Latin one (an
  all-Cyrillic "сага" reads as Latin "caga").
- Each word of a name is written in one script: "Hаnsen" with a Cyrillic "а" is refused,
  while "Maria Παπαδοπούλου" - a Latin word and a Greek word - is a real name and is kept.

The script and confusable data come from confusable_homoglyphs (a kept library built from
Unicode's Scripts.txt and confusables.txt, UTS #39) rather than a list of our own.
`validate_account` is called from User.clean(), so the admin's forms and
services.account_create (the accounts API) both apply it; the API's serializer also uses
the field validators directly.
"""
import re
import unicodedata

from confusable_homoglyphs import categories, confusables
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Cc control, Cf format (bidi overrides, zero-width), Cs surrogate, Co private use,
# Cn unassigned, Zl/Zp line and paragraph separators.
FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
SHARED_SCRIPTS = ["COMMON", "INHERITED"]  # digits, punctuation, combining accents
MAX_COMBINING_MARKS = 2  # "é" written as e + accent is fine; a stack of ten is not

INVISIBLE = _("This contains invisible or control characters.")
MIXED = _("This mixes letters from different alphabets, for example a Cyrillic letter in a "
          "Latin name.")
LOOKALIKE = _("This contains letters that look like Latin letters but are not.")


def _check_characters(value: str, *, spaces: bool) -> None:
    marks = 0
    for char in value:
        category = unicodedata.category(char)
        if category in FORBIDDEN_CATEGORIES or (category == "Zs" and (not spaces or char != " ")):
            raise ValidationError(INVISIBLE, code="control_characters")
        marks = marks + 1 if category.startswith("M") else 0
        if marks > MAX_COMBINING_MARKS:
            raise ValidationError(INVISIBLE, code="control_characters")


def _mixed(word: str) -> bool:
    return confusables.is_mixed_script(word, allowed_aliases=SHARED_SCRIPTS)


def validate_username(value: str) -> None:
    value = unicodedata.normalize("NFKC", str(value))
    _check_characters(value, spaces=False)
    if _mixed(value):
        raise ValidationError(MIXED, code="mixed_scripts")
    scripts = categories.unique_aliases(value) - set(SHARED_SCRIPTS)
    if scripts and scripts != {"LATIN"} and confusables.is_confusable(
        value, preferred_aliases=["LATIN", *SHARED_SCRIPTS]
    ):
        raise ValidationError(LOOKALIKE, code="confusable")


def validate_name(value: str) -> None:
    """First and last names (and so the display name), organisation names."""
    value = unicodedata.normalize("NFC", str(value))
    _check_characters(value, spaces=True)
    for word in re.split(r"[\s\-‐‑'’.,]+", value):
        if word and _mixed(word):
            raise ValidationError(MIXED, code="mixed_scripts")


def validate_account(user) -> None:
    """Every name field of an account; ValidationError keyed by field."""
    errors = {}
    for field, validator in (("username", validate_username), ("first_name", validate_name),
                             ("last_name", validate_name)):
        try:
            validator(getattr(user, field) or "")
        except ValidationError as error:
            errors[field] = error.error_list
    if errors:
        raise ValidationError(errors)
