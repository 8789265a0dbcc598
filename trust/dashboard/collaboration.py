"""The dashboard's collaboration figures (issue 21), kept apart from the caseload figures of
figures.py: the cases whose team changed lately (continuity.py); shown by
trust/templates/trust/includes/dashboard_collaboration.html."""
from .continuity import team_changes


def collaboration_figures(manager) -> dict:
    return {"team_changes": team_changes(manager)}
