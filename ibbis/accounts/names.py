"""Name search (issue 20): one folding of names and of what is typed, so a search is case-
and accent-insensitive, Danish letters included, on PostgreSQL (a trigram GIN index on
`User.search_name`, migration accounts 0010) and SQLite (LIKE on the same column) alike.

The folding, applied to both sides:
- lower case, then å -> "aa", æ -> "ae", ø -> "o", and the pair "oe" -> "o": Danish
  names are spelt both ways (Aabenraa/Åbenrå, Gaard/Gård, Søren/Soeren/Soren), and
  keyboards without the letters type "aa", "ae", "oe". So "aa" finds "å" and "å" finds
  "aa" ("åse" finds Aase and Åse, "gård" finds Gaard); a search is for a part of the
  name, so a single "a" also finds the "aa" of an "å" ("ase" finds Åse, in "aase");
- every other accent dropped (é -> e, ü -> u: Unicode decomposition, marks removed), and
  what is not a letter, digit or space becomes a space.
A folded "oe" in a name such as Joensen makes "jonsen" find it too: a search may find a
little more, never less.
"""
import re
import unicodedata

_DANISH = str.maketrans({"å": "aa", "æ": "ae", "ø": "o"})
_NOT_WORD = re.compile(r"[^\w ]+|_")


def name_fold(text: str) -> str:
    """`text` as it is stored in search_name and searched for (see the module docstring)."""
    text = (text or "").lower().translate(_DANISH)
    text = "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    )
    text = _NOT_WORD.sub(" ", text).replace("oe", "o")
    return " ".join(text.split())


def search_name_of(first_name: str, last_name: str) -> str:
    return name_fold(f"{first_name} {last_name}")
