"""The citizen's real name and address for appeals: given once, privately; validated precisely; shown to their owner
only (their account, their appeal form, their data export); deleted on request and with the account."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.test import Client

from dauys.accounts import services
from dauys.accounts.forms import iin_is_valid
from dauys.accounts.models import Applicant, ApplicantDetails
from dauys.accounts.selectors import applicant_of

pytestmark = pytest.mark.django_db

URL = "/en/accounts/me/applicant/"
GOOD = {
    "full_name": "  Серикова   Айгерим Болатқызы ",
    "iin": "9001 0140 0013",
    "postal_address": "Астана, Қабанбай батыр 11\n\n  пәтер 7 ",
    "email": "",
}


@pytest.mark.parametrize(
    ("iin", "valid"),
    [
        ("900101400013", True),
        ("850705300128", True),
        ("900101400012", False),  # a wrong check digit
        ("90010140001", False),  # 11 digits
        ("９００１０１４０００１３", False),  # digits of another script
        ("90010140001a", False),
    ],
)
def test_an_iin_is_checked_by_its_check_digit(iin: str, valid: bool) -> None:
    assert iin_is_valid(iin) is valid


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "Enter your full name as in your identity document."),
        ({"full_name": "Aigerim"}, "full_name", "Enter at least your surname and first name."),
        ({"iin": "900101400012"}, "iin", "its last digit checks the others"),
        ({"postal_address": "", "email": ""}, "postal_address", "Give a postal address, an e-mail address, or both"),
        ({"email": "not-an-address"}, "email", "Enter an e-mail address such as name@example.kz."),
    ],
)
def test_bad_details_are_refused_precisely_and_kept(client: Client, make_user, change, field, message) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Citizen_A")
    client.force_login(user)
    response = client.post(URL, GOOD | change)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert f'href="#id_{field}"' in response.content.decode()  # the error summary links to the field
    assert not Applicant.objects.exists()


def test_details_are_saved_cleaned_changed_and_deleted(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Citizen_B")
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    response = client.post(URL, GOOD | {"next": "/en/problems/mine/"})
    assert response.status_code == 302 and response["Location"] == "/en/problems/mine/"
    assert applicant_of(user) == ApplicantDetails(
        full_name="Серикова Айгерим Болатқызы",
        iin="900101400013",
        postal_address="Астана, Қабанбай батыр 11\nпәтер 7",
    )
    shown = client.get(URL).content.decode()
    assert "Серикова Айгерим Болатқызы" in shown and "Delete my name and address" in shown
    assert client.post(URL, GOOD | {"next": "https://elsewhere.example/"})["Location"] == "/en/accounts/me/"
    assert client.post(URL, {"delete": "yes"}).status_code == 302
    assert applicant_of(user) is None and not Applicant.objects.exists()


def test_only_the_owner_reads_them_and_the_account_deletion_takes_them(client: Client, make_user) -> None:  # type: ignore[no-untyped-def]
    owner, other = make_user("Citizen_C"), make_user("Citizen_D")
    services.applicant_save(user=owner, details=ApplicantDetails(full_name="Ахметов Ерлан", email="e@example.kz"))
    client.force_login(other)
    assert "Ахметов" not in client.get(URL).content.decode()
    assert "Ахметов" not in client.get(f"/en/people/{owner.username}/").content.decode()
    client.force_login(owner)
    exported = json.loads(client.get("/en/accounts/me/export.json").content)
    assert exported["applicant"]["full_name"] == "Ахметов Ерлан"  # their own data, to them
    services.account_delete(user=owner)
    assert not Applicant.objects.filter(user=owner).exists()


def test_the_appeal_form_prepares_the_text_for_the_portal_for_its_author_only(  # type: ignore[no-untyped-def]
    client: Client, make_problem, author, make_user
) -> None:
    problem = make_problem()
    client.force_login(author)
    url = f"/en/problems/{problem.pk}/appeal/"
    unsigned = client.get(url)
    text = unsigned.content.decode()
    assert "Not your name or address" in text
    assert re.search(r'<input type="checkbox" name="signed"[^>]* disabled', text)  # cannot sign without them
    assert 'href="/en/accounts/me/applicant/?next=%2Fen%2Fproblems%2F' in text
    services.applicant_save(user=author, details=ApplicantDetails(full_name="Ахметов Ерлан", postal_address="Астана"))
    page = client.get(url)
    assert "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "Өтініш беруші / Заявитель: Ахметов Ерлан" in body and problem.body in body
    assert "Есиль" in body or "Yesil" in body  # where it is
    client.force_login(make_user("Other_One"))
    assert client.get(url).status_code == 404


def test_the_complaint_form_gives_its_author_the_lines_art_93_asks_for(  # type: ignore[no-untyped-def]
    client: Client, recorded_appeal, author
) -> None:
    from dauys.problems.models import Appeal

    appeal = recorded_appeal(date.today() - timedelta(days=40))
    Appeal.objects.filter(pk=appeal.pk).update(status=Appeal.Status.OVERDUE)
    appeal.authority.parent.__class__.objects.filter(pk=appeal.authority.parent_id).update(accepts_complaints=True)
    client.force_login(author)
    url = f"/en/appeals/{appeal.pk}/escalate/"
    assert "add them when you file it" in client.get(url).content.decode()
    services.applicant_save(user=author, details=ApplicantDetails(full_name="Ахметов Ерлан", postal_address="Астана"))
    page = client.get(url)
    assert "no-store" in page["Cache-Control"]
    assert "Өтініш беруші / Заявитель: Ахметов Ерлан" in page.content.decode()


def test_details_that_can_no_longer_be_read_can_be_given_again_or_deleted(client: Client, make_user, settings) -> None:  # type: ignore[no-untyped-def]
    user = make_user("Citizen_E")
    services.applicant_save(user=user, details=ApplicantDetails(full_name="Ахметов Ерлан", postal_address="Астана"))
    settings.SECRET_KEY = "another-secret-key-of-at-least-32-characters"
    client.force_login(user)
    assert "You have not given your name and address" in client.get("/en/accounts/me/").content.decode()
    page = client.get(URL).content.decode()
    assert "can no longer be read" in page and "Delete my name and address" in page
    assert client.post(URL, {"delete": "yes"}).status_code == 302
    assert not Applicant.objects.exists()
