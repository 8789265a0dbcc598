"""The manager's dashboard, one implementation: figures.py counts (cached per organisation),
views.py renders the pages and the CSV; trust/api/overview.py serves the same figures."""
