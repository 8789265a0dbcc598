"""Writes. One module per aggregate; each function is keyword-only, `<noun>_<verb>`, atomic."""
