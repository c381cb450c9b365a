from __future__ import annotations

import pytest

from dauys.accounts.models import ApiToken, User
from dauys.cli import main

pytestmark = pytest.mark.django_db


def test_createadmin_generates_and_prints_a_password(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("DAUYS_ADMIN_PASSWORD", raising=False)
    assert main(["createadmin", "--username", "root", "--email", "root@example.org", "--no-input"]) == 0
    out = capsys.readouterr().out
    password = out.split("password: ")[1].strip()
    user = User.objects.get(username="root")
    assert user.is_superuser and user.check_password(password)


def test_createadmin_takes_the_password_from_the_environment(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DAUYS_ADMIN_PASSWORD", "a very good passphrase")
    assert main(["createadmin", "--username", "boss", "--email", "boss@example.org", "--no-input"]) == 0
    assert "password:" not in capsys.readouterr().out
    assert User.objects.get(username="boss").check_password("a very good passphrase")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--username", "x", "--email", "not-an-email"], "is not a valid e-mail address"),
        (["--username", "dup", "--email", "dup@example.org"], "the username 'dup' is taken"),
    ],
)
def test_createadmin_refuses_bad_input(args, message, capsys, monkeypatch, make_user) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DAUYS_ADMIN_PASSWORD", "a very good passphrase")
    User.objects.create(username="dup", display_name="dup")
    assert main(["createadmin", *args, "--no-input"]) == 2
    assert message in capsys.readouterr().err


def test_createadmin_refuses_a_weak_password(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DAUYS_ADMIN_PASSWORD", "123")
    assert main(["createadmin", "--username", "weak", "--email", "w@example.org", "--no-input"]) == 2
    assert "too short" in capsys.readouterr().err
    assert not User.objects.filter(username="weak").exists()


def test_token_create_prints_a_token_stored_only_as_a_hash(make_user, capsys) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    assert main(["token", "create", user.username]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("dauys_")
    token = ApiToken.objects.get(user=user)
    assert token.digest == ApiToken.digest_of(secret)
    assert secret not in token.digest


def test_token_create_for_unknown_user(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["token", "create", "nobody"]) == 2
    assert "no account with the username 'nobody'" in capsys.readouterr().err


def test_every_subcommand_has_help(capsys) -> None:  # type: ignore[no-untyped-def]
    for sub in (["init"], ["serve"], ["demo"], ["worker"], ["createadmin"], ["token"], ["token", "create"]):
        with pytest.raises(SystemExit) as exit_info:
            main([*sub, "--help"])
        assert exit_info.value.code == 0
        assert "usage: dauys" in capsys.readouterr().out
