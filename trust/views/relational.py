"""Pages of the relational coordination survey (issue 21): the professional's survey page
(answer about a colleague, read one's own answers) and the manager's collaboration page (the
thresholded averages per pair and quarter with their trend, and continuity: how long the
professionals have worked together). Nobody reads another person's answer here."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.charts import grouped_column_chart
from ibbis.errors import DomainError
from ibbis.forms import add_domain_error
from trust import services
from trust.dashboard.continuity import pair_continuity
from trust.dashboard.relational import relational_summary
from trust.forms import RelationalCoordinationForm
from trust.models import DIMENSIONS, quarter_label, quarter_start
from trust.selectors import FEEDBACK_ANONYMITY_THRESHOLD
from trust.services.relational import is_survey_respondent


@login_required
def relational_survey(request):
    """The professional's survey: one colleague at a time, once a quarter each."""
    if not is_survey_respondent(request.user):
        raise PermissionDenied
    quarter = quarter_start(timezone.localdate())
    answers = list(services.relational_answers_of(request.user))
    answered = {a.colleague_id for a in answers if a.quarter == quarter}
    colleagues = list(services.relational_colleagues(request.user))
    open_colleagues = [c for c in colleagues if c.pk not in answered]
    form = RelationalCoordinationForm(colleagues=open_colleagues)
    status = 200
    if request.method == "POST":
        form = RelationalCoordinationForm(request.POST, colleagues=open_colleagues)
        if form.is_valid():
            scores = dict(form.cleaned_data)
            colleague_id = scores.pop("colleague")
            try:
                services.relational_answer_give(
                    actor=request.user, colleague_id=colleague_id, scores=scores
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Thank you. Your answer has been saved."))
                return redirect("trust:relational_survey")
        status = 400
    return render(
        request,
        "trust/relational_survey.html",
        {
            "form": form,
            "quarter": quarter_label(quarter),
            "colleagues": colleagues,
            "open_colleagues": open_colleagues,
            "answers": answers,
            "dimensions": DIMENSIONS,
        },
        status=status,
    )


def _trend_chart(index, pair):
    """The relational coordination index per quarter: the pair's, and each side's view."""
    groups = []
    for quarter in pair["quarters"]:
        values = [quarter["averages"]["index"] if quarter["averages"] else None]
        values += [
            side["averages"]["index"] if side["averages"] else None
            for side in quarter["by_organisation"]
        ]
        groups.append((quarter["quarter"], values))
    return grouped_column_chart(
        groups,
        series=[
            _("Both organisations"),
            _("%(organisation)s's answers") % {"organisation": pair["mental_health"]["name"]},
            _("%(organisation)s's answers") % {"organisation": pair["jobcentre"]["name"]},
        ],
        maximum=5,
        chart_id=f"rc-trend-{index}",
        title=_("Relational coordination per quarter (1–5)"),
        desc=_("The same figures are in the table below the chart."),
    )


@login_required
def relational_summary_page(request):
    """The manager's view of how the two organisations work together."""
    if not request.user.has_perm("trust.view_relational_summary"):
        raise PermissionDenied
    pairs = relational_summary(request.user.organisation)
    for index, pair in enumerate(pairs):
        pair["chart"] = _trend_chart(index, pair)
    return render(
        request,
        "trust/relational_summary.html",
        {
            "pairs": pairs,
            "dimensions": DIMENSIONS,
            "threshold": FEEDBACK_ANONYMITY_THRESHOLD,
            "continuity": pair_continuity(request.user),
        },
    )
