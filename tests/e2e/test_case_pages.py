"""The clock in the browser: a professional records an absence and sees week 22 move; a
service user reads their deadline page. Dates are relative to today (no frozen clock, so
the browser's session cookie stays valid)."""
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from coordination.benefit_rules import Absence, ground_on
from coordination.models import AbsencePeriod, ExtensionDecision
from coordination.services.clock import case_recompute
from coordination.timeline import format_weeks
from tests.e2e.two_factor import complete_second_factor, device_for
from tests.factories import TEST_PASSWORD, CaseFactory

SCREENS = Path("/work/research/screens")


def da_date(day):
    """How a page in Danish writes the day (issue 17): `1. december 2026`."""
    from coordination.dates import human_date

    with translation.override("da"):
        return human_date(day)


@pytest.mark.django_db(transaction=True)
def test_a_professional_records_an_absence_and_sees_the_reassessment_date_move(
    login, live_server, care_manager, consultant, service_user
):
    today = timezone.localdate()
    first = today - timedelta(days=220)
    case = CaseFactory(
        care_manager=care_manager, employment_consultant=consultant,
        service_user=service_user, first_absence_day=first,
    )
    # Two spells with a long gap; a third spell in the gap adds benefit days, so week 22
    # comes sooner (DOMAIN.md, Sickness benefit, rules 1-3).
    AbsencePeriod.objects.create(case=case, start=first, end=first + timedelta(days=100),
                                 kind="full")
    AbsencePeriod.objects.create(case=case, start=first + timedelta(days=200), kind="full")
    case = case_recompute(case=case)
    before = case.reassessment_date
    gap_start, gap_end = first + timedelta(days=110), first + timedelta(days=180)
    after = case.rules.reassessment_date(
        [a.as_rule() for a in case.absences.all()] + [Absence(gap_start, gap_end, "partial")],
        case.employment,
    )
    assert before is not None and after < before

    page = login("carla.cm")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_test_id("reassessment-date")).to_have_text(da_date(before))

    form = page.get_by_test_id("absence-form")
    form.locator("#id_start").fill(gap_start.isoformat())
    form.locator("#id_end").fill(gap_end.isoformat())
    form.locator("#id_kind").select_option("partial")
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.get_by_test_id("reassessment-date")).to_have_text(da_date(after))
    expect(page.get_by_test_id("absences")).to_contain_text(da_date(gap_start))
    expect(page.get_by_test_id("milestones")).to_contain_text(da_date(after))


@pytest.mark.django_db(transaction=True)
def test_a_bad_absence_is_explained_in_the_browser_and_nothing_changes(
    login, live_server, care_manager, consultant, service_user
):
    today = timezone.localdate()
    case = CaseFactory(
        care_manager=care_manager, employment_consultant=consultant,
        service_user=service_user, first_absence_day=today - timedelta(days=60),
    )
    AbsencePeriod.objects.create(case=case, start=today - timedelta(days=60), kind="full")
    case_recompute(case=case)

    page = login("erik.ec")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    form = page.get_by_test_id("absence-form")
    form.locator("#id_start").fill((today - timedelta(days=10)).isoformat())
    form.locator("#id_end").fill((today - timedelta(days=20)).isoformat())
    form.locator("button[type=submit]").click()

    expect(page.locator("#id_end_errors")).to_be_visible()
    assert case.absences.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_service_user_reads_their_deadline_page(
    login, live_server, care_manager, consultant, service_user
):
    today = timezone.localdate()
    first = today - timedelta(days=120)
    case = CaseFactory(
        care_manager=care_manager, employment_consultant=consultant,
        service_user=service_user, first_absence_day=first,
    )
    AbsencePeriod.objects.create(case=case, start=first, kind="full")
    case = case_recompute(case=case)
    rules = case.rules
    weeks = rules.benefit_weeks_used([Absence(first)], "employee", today)

    page = login("sara.borger")
    expect(page).to_have_url(re.compile(r"/my-case/$"))
    # Danish by default: 14,3 not 14.3, and the grounds in plain Danish.
    with translation.override("da"):
        danish_weeks = format_weeks(weeks)
    assert danish_weeks == f"{weeks:.1f}".replace(".", ",")
    expect(page.get_by_test_id("my-weeks")).to_contain_text(danish_weeks)
    expect(page.get_by_test_id("my-weeks")).to_contain_text("22")
    expect(page.get_by_test_id("my-reassessment")).to_contain_text(
        da_date(case.reassessment_date)
    )
    grounds = page.get_by_test_id("grounds").locator("li")
    expect(grounds).to_have_count(7)
    for index, code in enumerate(["p27_1", "p27_2", "p27_3", "p27_4", "p27_5", "p27_6",
                                  "p27_7"]):
        expect(grounds.nth(index)).to_contain_text(rules.grounds[code].plain_da)
    # `none`'s words follow the reassessment date (issue 14: the reduced rate from 2027).
    expect(page.get_by_test_id("none-applies")).to_have_text(
        ground_on("none", today, case.reassessment_date).plain_da)
    expect(page.get_by_test_id("who-decides")).to_contain_text(consultant.display_name)
    expect(page.get_by_test_id("who-does-not")).to_contain_text(care_manager.display_name)
    expect(page.get_by_test_id("my-deadlines")).to_contain_text(
        da_date(case.reassessment_date)
    )


@pytest.mark.django_db(transaction=True)
def test_a_consultant_is_held_to_the_evidence_rule_then_extends_the_case(
    login, live_server, care_manager, consultant, service_user
):
    today = timezone.localdate()
    first = today - timedelta(days=200)
    case = CaseFactory(
        care_manager=care_manager, employment_consultant=consultant,
        service_user=service_user, first_absence_day=first,
    )
    AbsencePeriod.objects.create(case=case, start=first, kind="full")
    case_recompute(case=case)

    page = login("erik.ec")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    # The page asks before a decision is sent (issue 17); saying no sends nothing.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    form = page.get_by_test_id("extension-form")
    form.locator("#id_ground_p27_3").check()
    form.locator("button[type=submit]").click()
    assert asked and "afgørelsen" in asked[0]
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    assert not page.locator("#id_reasoning_errors").count()
    page.on("dialog", lambda dialog: dialog.accept())
    form = page.get_by_test_id("extension-form")
    form.locator("#id_ground_p27_3").check()
    form.locator("#id_reasoning").fill("In treatment; the doctor expects a return within a year.")
    form.locator("button[type=submit]").click()

    expect(page.locator("#id_medical_evidence_errors")).to_be_visible()
    expect(page.locator("#id_ground_p27_3")).to_be_checked()
    assert not case.decisions.exists()

    form = page.get_by_test_id("extension-form")
    form.locator("#id_medical_evidence").check()
    form.locator("button[type=submit]").click()
    # p27_3 lasts at most 134 weeks: without an end date it is refused (issue 14).
    expect(page.locator("#id_valid_until_errors")).to_be_visible()
    assert not case.decisions.exists()

    form = page.get_by_test_id("extension-form")
    form.locator("#id_medical_evidence").check()
    form.locator("#id_valid_until").fill((today + timedelta(weeks=52)).isoformat())
    form.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.get_by_test_id("decisions")).to_contain_text("doctor expects a return")
    expect(page.get_by_test_id("decisions")).to_contain_text(consultant.display_name)
    assert case.decisions.get().medical_evidence is True


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale,lang", [("da-DK", "da"), ("en-GB", "en")])
def test_a_service_user_reads_the_2027_reduced_rate_in_both_languages(
    browser, live_server, care_manager, consultant, service_user, locale, lang
):
    """Issue 14: a `none` decision for a reassessment on or after 2027-01-01 means the same
    case, the same consultant, a lower rate; the page says so in Danish and English."""
    today = timezone.localdate()
    first = today - timedelta(days=130)
    case = CaseFactory(
        care_manager=care_manager, employment_consultant=consultant,
        service_user=service_user, first_absence_day=first,
    )
    AbsencePeriod.objects.create(case=case, start=first, kind="full")
    ExtensionDecision.objects.create(
        case=case, ground="none", decided_on=today, reasoning="r", decided_by=consultant)
    case = case_recompute(case=case)
    assert case.reassessment_date >= date(2027, 1, 1)
    from coordination.dates import human_date

    with translation.override(lang):  # the page writes "1. februar 2027" / "1 February 2027"
        reduced_from = human_date(case.reassessment_date + timedelta(days=1))
    none = ground_on("none", today, case.reassessment_date)

    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.locator("#id_username").fill("sara.borger")
    page.locator("#id_password").fill(TEST_PASSWORD)
    device = device_for("sara.borger")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    complete_second_factor(page, device)
    expect(page).to_have_url(re.compile(r"/my-case/$"))
    expect(page.locator("html")).to_have_attribute("lang", lang)

    reduced = page.get_by_test_id("my-reduced-benefit")
    expect(reduced).to_contain_text(reduced_from)
    expect(reduced).to_contain_text(consultant.display_name)
    expect(page.get_by_test_id("none-applies")).to_have_text(
        none.plain_da if lang == "da" else none.plain_en)
    if lang == "da":
        expect(reduced).to_contain_text("lavere sats")
        expect(reduced).to_contain_text("samme forløb")
        expect(page.get_by_test_id("none-applies")).to_contain_text("Jobafklaringsforløb findes")
    else:
        expect(reduced).to_contain_text("lower rate")
        expect(reduced).to_contain_text("same case")
        expect(page.get_by_test_id("none-applies")).to_contain_text(
            "Job clarification programmes no longer exist")
    # Nothing about moving to a job clarification programme is promised any more.
    assert "job clarification programme from" not in page.content()
    assert "overgår du til et jobafklaringsforløb" not in page.content()
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"my-case-2027-{lang}-390.png"), full_page=True)
    page.locator("section", has=page.get_by_test_id("my-decision")).screenshot(
        path=str(SCREENS / f"my-case-2027-{lang}-390-decision.png"))
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 391)
        .map(e => e.tagName + '.' + e.className + '#' + (e.dataset.testid || ''))
        .slice(0, 12)""")
    # The page fits a phone: nothing wider than the 390 px viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wide
    context.close()
