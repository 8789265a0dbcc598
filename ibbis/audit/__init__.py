"""The access log (issue 16, item 6): who read what of a case, when.

The model, the action registry (code -> label, `actions.py`), its one writer and its
retention (`services.py`), the nightly purge (`tasks.py`) and the API serializer. It sits
below coordination and trust (every app writes the log) and imports neither: the case is a
string foreign key, and visibility asks the case model through it (models.py). The pages and
the API view that show the log need coordination's case getters, so they stay in trust.
"""
