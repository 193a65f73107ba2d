"""How tests get in: the same ways people and clients do. Each test database gets an admin account `tester`
(signed in through /login) and an admin API token (sent as `Authorization: Bearer …`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from app.services import accounts
from app.store.accounts_db import AccountsDB, accounts_path

TESTER = ("tester", "tester-password-1")
TOKEN = "gs_test-token-for-the-test-suite-000000"
API = {"Authorization": f"Bearer {TOKEN}"}


def ensure_access(db_path: Path) -> AccountsDB:
    """The test account and token in the accounts file of `db_path` (added once)."""
    store = AccountsDB(accounts_path(Path(db_path)))
    if not store.run("account_get", name=TESTER[0]):
        accounts.add_account(store, TESTER[0], "admin", (), TESTER[1])
    if not any(t["name"] == "tests" for t in accounts.list_tokens(store)):
        accounts.add_token(store, "tests", "admin", secret=TOKEN)
    return store


def signed_in(client):
    """A Flask test client signed in as the test account (its CSRF token sent on every later request)."""
    ensure_access(client.application.extensions["gridscope"].settings.db_path)
    answer = client.post("/login", data={"username": TESTER[0], "password": TESTER[1], "next": "/"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:300]
    csrf = client.get_cookie("_csrf_token").value
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf
    return client


def signing_in(page):
    """Make `page.goto` sign in through the form, as a person does, when the app asks (once per browser
    context: the session cookie then holds), landing on the page asked for. Returns the page."""
    goto = page.goto

    def signed_in_goto(url: str, **kwargs):
        response = goto(url, **kwargs)
        if urlsplit(page.url).path == "/login" and urlsplit(url).path != "/login":
            page.fill("#username", TESTER[0])
            page.fill("#password", TESTER[1])
            with page.expect_navigation(wait_until=kwargs.get("wait_until", "load")) as nav:
                page.click("#login-submit")
            response = nav.value
        return response

    page.goto = signed_in_goto
    return page
