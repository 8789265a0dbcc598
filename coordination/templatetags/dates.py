"""`{{ value|human_date }}` and `{{ value|human_datetime }}`: see coordination/dates.py."""
from django import template

from coordination import dates

register = template.Library()
register.filter("human_date", dates.human_date)
register.filter("human_datetime", dates.human_datetime)
