"""The relational coordination figures a manager reads (issue 21; API.md,
`GET /api/relational-coordination/summary/`): per pair of organisations (one mental-health,
one jobcentre) and quarter, the averages of the seven dimensions, and the same per side of
the pair (each organisation's professionals' view of the other's). The product has no
"team" below the organisation, so the organisation is the team here.

Never a person's answer, by two rules that both must hold for a figure to show:
- the feedback batch rule (trust.selectors.published_count): a group's figures count its
  oldest answers in whole steps of FEEDBACK_ANONYMITY_THRESHOLD, so they move only when
  another three answers have come in and no one answer can be read off a difference;
- at least FEEDBACK_ANONYMITY_THRESHOLD different people gave the answers counted (one person
  answering about three colleagues is still one person).
Below that a group shows its (stepped) count and no averages. When one side of a pair is
hidden and the other shown, the pair hides its averages too: else the pair's minus the
shown side's would give the hidden side's (differencing).

One query for the whole summary, whatever the number of pairs and quarters."""
from collections import defaultdict

from django.db.models import Q

from ibbis.accounts.models import Role
from trust.models import DIMENSION_CODES, RelationalCoordinationAnswer, quarter_label
from trust.selectors import FEEDBACK_ANONYMITY_THRESHOLD, published_count

INDEX = "index"  # the mean of the seven dimensions: Gittell's relational coordination index


def _published_figures(answers: list[dict]) -> dict:
    counted = published_count(len(answers))
    rows = answers[:counted]
    people = len({row["respondent_id"] for row in rows})
    if not counted or people < FEEDBACK_ANONYMITY_THRESHOLD:
        return {"responses": counted, "averages": None}
    averages = {
        code: round(sum(row[code] for row in rows) / counted, 2) for code in DIMENSION_CODES
    }
    averages[INDEX] = round(sum(averages[code] for code in DIMENSION_CODES) / 7, 2)
    return {"responses": counted, "averages": averages}


def relational_summary(organisation) -> list[dict]:
    """The pairs the organisation is one side of, each with its quarters oldest first:
    `{"mental_health", "jobcentre", "quarters": [{"quarter", "quarter_start", "responses",
    "averages", "by_organisation": [{"organisation", "responses", "averages"}]}]}`."""
    answers = (
        RelationalCoordinationAnswer.objects.filter(
            Q(respondent_organisation=organisation) | Q(colleague_organisation=organisation)
        )
        .order_by("created_at", "id")
        .values(
            "respondent_id", "respondent_role", "quarter",
            "respondent_organisation_id", "respondent_organisation__name",
            "colleague_organisation_id", "colleague_organisation__name",
            *DIMENSION_CODES,
        )
    )
    groups: dict = defaultdict(list)
    names: dict = {}
    for row in answers:
        mine = ("respondent_organisation_id", "respondent_organisation__name")
        theirs = ("colleague_organisation_id", "colleague_organisation__name")
        health, jobcentre = (mine, theirs) if row["respondent_role"] == Role.CARE_MANAGER else (
            theirs, mine
        )
        pair = (row[health[0]], row[jobcentre[0]])
        names[row[health[0]]] = row[health[1]]
        names[row[jobcentre[0]]] = row[jobcentre[1]]
        groups[(pair, row["quarter"])].append(row)

    def org(pk):
        return {"id": str(pk), "name": names[pk]}

    pairs: dict = {}
    for (pair, quarter), rows in sorted(groups.items(), key=lambda item: item[0][1]):
        entry = pairs.setdefault(
            pair, {"mental_health": org(pair[0]), "jobcentre": org(pair[1]), "quarters": []}
        )
        side_rows = [[r for r in rows if r["respondent_organisation_id"] == side]
                     for side in pair]
        sides = [{"organisation": org(side), **_published_figures(own)}
                 for side, own in zip(pair, side_rows, strict=True)]
        hidden = [s["averages"] is None and own for s, own in zip(sides, side_rows,
                                                                    strict=True)]
        figures = _published_figures(rows)
        if any(hidden) and not all(s["averages"] is None for s in sides):
            # One side shown, one hidden: the pair's figures minus the shown side's would
            # give the hidden side's answers (differencing), so the pair hides its averages.
            figures["averages"] = None
        entry["quarters"].append(
            {
                "quarter": quarter_label(quarter),
                "quarter_start": quarter,
                **figures,
                "by_organisation": sides,
            }
        )
    return sorted(
        pairs.values(), key=lambda p: (p["mental_health"]["name"], p["jobcentre"]["name"])
    )
