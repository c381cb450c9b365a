"""The directory's writes: the seeded vertical, the default legal rule, operators' edits (each one event)."""

from __future__ import annotations

import pytest
from django.test import Client

from dauys.authorities.models import Authority
from dauys.authorities.selectors import vertical
from dauys.core.events import record_events

pytestmark = pytest.mark.django_db


def test_the_vertical_is_seeded() -> None:
    pa = Authority.objects.get(kind="presidential_administration")
    government = Authority.objects.get(kind="government")
    assert government.parent == pa
    assert not pa.accepts_complaints and not government.accepts_complaints
    assert Authority.objects.filter(kind="akimat", place__kind__in=["region", "city"]).count() == 20
    assert Authority.objects.filter(kind="parliament").count() == 2
    assert Authority.objects.filter(kind="ministry").count() >= 18
    assert Authority.objects.filter(kind="party").count() >= 6
    yesil = Authority.objects.get(place__code="KZ-71-yesil")
    assert [a.kind for a in vertical(authority=yesil)] == ["akimat", "government", "presidential_administration"]


def test_every_authority_has_the_default_15_day_rule_and_three_names() -> None:
    for a in Authority.objects.select_related("response_rule"):
        assert a.response_rule.answer_working_days == 15
        assert a.response_rule.extension_max_months == 2
        assert a.name_kk and a.name_ru and a.name_en


def test_admin_edit_goes_through_the_service_and_emits_one_event(
    admin_client: Client, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    a = Authority.objects.get(slug="akimat-astana")
    url = f"/en/admin/authorities/authority/{a.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "email": "appeals@astana.example.kz",
            "email_source": "https://www.gov.kz/memleket/entities/astana/contacts",
            "email_checked_on": "2026-11-30",
            "place": a.place_id,
            "parent": a.parent_id,
            "response_rule": a.response_rule_id,
            "representatives-TOTAL_FORMS": 0,
            "representatives-INITIAL_FORMS": 0,
        }
    )
    data = {k: v for k, v in data.items() if v is not False}
    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [e.name for e in seen] == ["authority.changed"]
    assert "email" in seen[0].fields  # type: ignore[attr-defined]


def test_saving_an_authority_and_verifying_a_representative_emit_one_event_each(make_user, emitted) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.models import Representative
    from dauys.authorities.services import authority_save, representative_set_verified

    akimat = Authority.objects.get(slug="akimat-astana")
    akimat.email = "appeals@astana.example.kz"
    akimat.email_source = "https://www.gov.kz/memleket/entities/astana/contacts"
    names, _saved = emitted(authority_save, authority=akimat, changed=["email"], actor=make_user("Operator"))
    assert names == ["authority.changed"]
    assert Authority.objects.get(pk=akimat.pk).email == "appeals@astana.example.kz"
    representative = Representative.objects.create(user=make_user("Akimat clerk"), authority=akimat)
    names, representative = emitted(representative_set_verified, representative=representative, verified=True)
    assert names == ["authority.representative_verified"]
    assert representative.verified and representative.verified_at is not None
    names, representative = emitted(representative_set_verified, representative=representative, verified=False)
    assert names == ["authority.representative_verified"] and representative.verified_at is None


CONTACTS = """slug,email,source,checked_on
akimat-astana,kense@astana.example.kz,https://www.gov.kz/memleket/entities/astana/contacts,2026-05-30
akimat-astana-yesil,yesil@astana.example.kz,"Akimat's letter of 2 May 2026, No. 12",2026-05-02
"""


def test_contacts_are_imported_with_their_source_and_date(make_user, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.services import contacts_import

    with record_events() as seen, django_capture_on_commit_callbacks(execute=True):
        result = contacts_import(text=CONTACTS, actor=make_user("Operator"))
    assert (result.errors, sorted(result.changed), result.unchanged) == (
        [],
        ["akimat-astana", "akimat-astana-yesil"],
        0,
    )
    astana = Authority.objects.get(slug="akimat-astana")
    assert (astana.email, astana.email_checked_on.isoformat()) == ("kense@astana.example.kz", "2026-05-30")
    assert astana.email_source.startswith("https://www.gov.kz/")
    assert [e.name for e in seen] == ["authority.changed", "authority.changed"]
    assert contacts_import(text=CONTACTS).unchanged == 2  # the same file again changes nothing


def test_one_bad_line_and_nothing_changes(make_user) -> None:  # type: ignore[no-untyped-def]
    from dauys.authorities.services import contacts_import

    bad = CONTACTS + (
        "no-such-body,x@example.kz,https://example.kz,2026-05-01\n"
        "akimat-almaty,not-an-address,,2099-01-01\n"
        "akimat-almaty-almaly,a@example.kz,https://example.kz,01.05.2026\n"
        "akimat-astana,kense@astana.example.kz,https://example.kz,2026-05-30\n"
        "short,line\n"
    )
    result = contacts_import(text=bad)
    assert result.errors == [
        (4, "There is no body with the slug “no-such-body”."),
        (5, "“not-an-address” is not an e-mail address."),
        (5, "Say where the address is published: an address is never guessed."),
        (5, "The date the address was checked is in the future."),
        (6, "Give the date the address was checked as YYYY-MM-DD."),
        (7, "The body “akimat-astana” is on two lines."),
        (8, "Give four columns: slug, e-mail, source and the date it was checked."),
    ]
    assert not Authority.objects.exclude(email="").exists()
    huge = contacts_import(text='slug,email,source,checked_on\n"' + "x" * 200_000 + '",a@b.kz,s,2026-01-01\n')
    assert huge.errors and huge.errors[0][0] == 1 and "not a CSV file Dauys can read" in huge.errors[0][1]
    long_address = contacts_import(text=f"slug,email,source,checked_on\nakimat-astana,{'a' * 250}@b.kz,s,2026-01-01\n")
    assert long_address.errors == [(2, f"“{'a' * 200}” is not an e-mail address.")]
    assert contacts_import(text="name,mail\n").errors == [
        (1, "The first line must name the columns: slug,email,source,checked_on")
    ]


def test_the_admin_shows_bodies_without_an_address_and_imports_a_file(admin_client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    listing = admin_client.get("/en/admin/authorities/authority/?email=missing").content.decode()
    missing = Authority.objects.filter(is_active=True, email="").count()
    assert f"{missing} active bodies have no public e-mail address" in listing
    url = "/en/admin/authorities/authority/import-contacts/"
    assert admin_client.get(url).status_code == 200
    refused = admin_client.post(url, {"file": SimpleUploadedFile("c.csv", b"\xff\xfe bad")})
    assert refused.status_code == 400 and "Give a UTF-8 CSV file" in refused.content.decode()
    done = admin_client.post(url, {"file": SimpleUploadedFile("c.csv", CONTACTS.encode())})
    assert done.status_code == 200 and "2 bodies changed, 0 unchanged." in done.content.decode()
    assert Authority.objects.filter(is_active=True, email="").count() == missing - 2


def test_the_command_imports_or_names_every_bad_line(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from dauys.authorities.commands import import_contacts

    good = tmp_path / "contacts.csv"
    good.write_text(CONTACTS, encoding="utf-8")
    assert import_contacts(argparse.Namespace(file=str(good))) == 0
    said = capsys.readouterr()
    assert "2 bodies changed, 0 unchanged" in said.out + said.err
    bad = tmp_path / "bad.csv"
    bad.write_text(CONTACTS.replace("2026-05-30", "yesterday"), encoding="utf-8")
    assert import_contacts(argparse.Namespace(file=str(bad))) == 1
    said = capsys.readouterr()
    assert f"{bad}:2: Give the date the address was checked as YYYY-MM-DD." in said.out + said.err
    assert "nothing was changed" in said.out + said.err
    assert import_contacts(argparse.Namespace(file=str(tmp_path / "absent.csv"))) == 2
