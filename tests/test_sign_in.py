"""Sign-in (issue 14): who is looking, from OpenID Connect (st.login against a local mock identity provider) or from a
trusted proxy's headers (server.trustedUserHeaders), and the dashboard closed to nobody-signed-in when either is
configured — open to everyone, as before, when neither is (the local demo)."""

import contextlib
import json
import urllib.request

import pytest
import streamlit as st
from streamlit.runtime.secrets import Secrets
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from csat import identity
from csat.i18n import Translator
from csat.identity import Identity, identity_from_claims
from queries.settings import REPOSITORY_ROOT
from tests.apptest_support import TIMEOUT
from tests.mock_idp import MockIdentityProvider

CLIENT_ID = "csat-dashboard"
CLIENT_SECRET = "mock-client-secret"
AUTH = {"redirect_uri": "http://127.0.0.1:{port}/oauth2callback", "cookie_secret": "a-long-random-test-cookie-secret",
        "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}
HEADERS = {"X-Forwarded-Email": "email", "X-Forwarded-User": "user", "X-Forwarded-Name": "name",
           "X-Forwarded-Groups": "groups"}
ZH, EN = Translator("zh"), Translator("en")
# Who may see what once someone signs in (queries/access.py): Li Na is an executive, Wang Fang manages the
# northwest (Urumqi, Lanzhou, Xi'an); anyone else has no access.
ACCESS_FILE = """\
[[rule]]
users = ["li.na@example.com"]
role = "executive"

[[rule]]
users = ["wang.fang@example.com"]
role = "regional_manager"
regions = ["northwest"]
"""
OTHER_CITIES = ("Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Guangzhou", "Hohhot", "Chengdu", "Wuhan")


@pytest.fixture(autouse=True)
def access_file(tmp_path, monkeypatch):
    """Sign-in without an access file lets nobody in: these tests sign in under the file above (servers the tests
    start inherit it)."""
    path = tmp_path / "access.toml"
    path.write_text(ACCESS_FILE, encoding="utf-8")
    monkeypatch.setenv("CSAT_ACCESS_FILE", str(path))
    return path


def signed_in_text(tr: Translator, name: str, role: str) -> str:
    return tr("access.signed_in", name=name, role=tr(f"access.role.{role}"))


# --- claims → Identity ------------------------------------------------------------------------------------------------
def test_claims_name_the_viewer_by_lower_cased_email():
    claims = {"is_logged_in": True, "sub": "00u1", "email": " Li.Na@Example.COM ", "name": "李娜",
              "groups": ["executives", "north", "executives", ""]}
    assert identity_from_claims(claims, "oidc") == Identity(
        user="li.na@example.com", name="李娜", email="li.na@example.com", groups=("executives", "north"),
        source="oidc")


def test_groups_as_a_comma_separated_string():
    found = identity_from_claims({"email": "a@b.cn", "groups": "city-BJ, city-SH,,city-BJ"}, "header")
    assert found.groups == ("city-BJ", "city-SH")
    assert identity_from_claims({"email": "a@b.cn", "groups": 7}, "oidc").groups == ()
    assert identity_from_claims({"email": "a@b.cn"}, "oidc").groups == ()


def test_the_name_falls_back_to_the_email_then_the_user_name():
    assert identity_from_claims({"email": "Wang@X.cn", "name": "  "}, "oidc").name == "wang@x.cn"
    by_name = identity_from_claims({"preferred_username": "wangfang", "sub": "00u2"}, "oidc")
    assert (by_name.user, by_name.name, by_name.email) == ("wangfang", "wangfang", None)
    by_subject = identity_from_claims({"sub": "00u3", "name": "Zhao Lei"}, "oidc")
    assert (by_subject.user, by_subject.name) == ("00u3", "Zhao Lei")
    header_user = identity_from_claims({"user": "zhaolei", "email": None, "name": None}, "header")
    assert (header_user.user, header_user.name, header_user.source) == ("zhaolei", "zhaolei", "header")


def test_nobody_without_email_or_user_name():
    assert identity_from_claims({}, "oidc") is None
    assert identity_from_claims({"is_logged_in": True, "name": "No Key"}, "oidc") is None
    assert identity_from_claims({"email": None, "user": None, "name": None, "groups": None}, "header") is None


def test_an_unverified_email_is_not_the_key():
    claims = {"sub": "00u4", "email": "boss@example.com", "email_verified": False, "name": "Somebody"}
    found = identity_from_claims(claims, "oidc")
    assert (found.user, found.email) == ("00u4", None)
    assert identity_from_claims({**claims, "email_verified": True}, "oidc").user == "boss@example.com"


def test_a_utf8_header_value_is_read_as_utf8():
    as_received = "张伟".encode().decode("latin-1")  # how Starlette hands over a UTF-8 header value
    assert identity_from_claims({"email": "z@x.cn", "name": as_received}, "header").name == "张伟"
    assert identity_from_claims({"email": "z@x.cn", "name": "Zoë"}, "header").name == "Zoë"  # Latin-1 stays


# --- sign_in_mode for each configuration ------------------------------------------------------------------------------
@contextlib.contextmanager
def secrets_holding(values: dict):
    """st.secrets replaced by a store holding `values` (as AppTest does with at.secrets)."""
    store = Secrets()
    store._secrets = values
    saved = st.secrets
    st.secrets = store
    try:
        yield
    finally:
        st.secrets = saved


def test_sign_in_mode_none_by_default():
    assert identity.sign_in_mode() == "none"
    assert identity.current_identity() is None  # outside a run, and in mode none: nobody
    identity.sign_out_button(EN, key="x")  # outside a run: nothing, and no error
    identity.show_sign_in(EN)


def test_sign_in_mode_oidc_with_an_auth_section():
    with secrets_holding({"auth": AUTH}):
        assert identity.sign_in_mode() == "oidc"
        assert identity.current_identity() is None  # outside a run nobody is signed in
    with secrets_holding({"database": {"password": "x"}}):  # secrets without [auth]
        assert identity.sign_in_mode() == "none"


def test_sign_in_mode_header_with_trusted_user_headers():
    with patch_config_options({"server.trustedUserHeaders": HEADERS}):
        assert identity.sign_in_mode() == "header"
        assert identity.trusted_headers() == HEADERS
        with secrets_holding({"auth": AUTH}):
            assert identity.sign_in_mode() == "oidc"  # both configured: OpenID Connect
    with patch_config_options({"server.trustedUserHeaders": json.dumps(HEADERS)}):  # as the CLI / env var give it
        assert identity.trusted_headers() == HEADERS


def test_an_unreadable_secrets_file_keeps_the_dashboard_closed(tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nclient_id = "unterminated\n', encoding="utf-8")
    with patch_config_options({"secrets.files": [str(broken)]}):
        assert identity.sign_in_mode() == "oidc"
    not_utf8 = tmp_path / "latin1.toml"  # Streamlit raises instead of reporting it
    not_utf8.write_bytes('[auth]\nclient_id = "café"\n'.encode("latin-1"))
    with patch_config_options({"secrets.files": [str(not_utf8)]}):
        assert identity.sign_in_mode() == "oidc"
    with patch_config_options({"secrets.files": [str(tmp_path / "missing.toml")]}):
        assert identity.sign_in_mode() == "none"


# --- the frame's hook, in AppTest (at.user fakes st.user: streamlit/testing/v1/app_test.py) ---------------------------
def dashboard(secrets: dict | None = None, user: dict | None = None, lang: str = "en",
              options: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(REPOSITORY_ROOT / "app.py"), default_timeout=TIMEOUT)
    app.secrets = secrets or {}
    if user is not None:
        app.user = user
    app.query_params["lang"] = lang
    with patch_config_options(options or {}):
        app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def shows_data(app: AppTest) -> bool:
    return bool(app.metric) or bool(app.get("vega_lite_chart")) or bool(app.dataframe)


def test_without_sign_in_the_dashboard_opens_as_before(monkeypatch, tmp_path):
    monkeypatch.setenv("CSAT_ACCESS_FILE", str(tmp_path / "none.toml"))  # the local demo: no access file either
    app = dashboard()  # AppTest's default user {"email": "test@example.com"} is nobody here
    assert shows_data(app)
    assert not [c for c in app.sidebar.caption if c.value.startswith("Signed in")]
    assert not [b for b in app.sidebar.button if b.key == "frame_sign_out"]


def test_oidc_nobody_signed_in_gets_the_sign_in_page_and_no_data():
    app = dashboard({"auth": AUTH}, {"is_logged_in": False})
    assert [t.value for t in app.title] == [EN("sign_in.title")]
    assert [b.label for b in app.button] == [EN("sign_in.button")]
    assert EN("sign_in.why") in [m.value for m in app.markdown]
    assert not shows_data(app) and not app.sidebar.selectbox


def test_oidc_signed_in_sees_the_dashboard_and_signs_out():
    app = dashboard({"auth": AUTH}, {"is_logged_in": True, "email": "Li.Na@Example.com", "name": "Li *Na*"}, "zh")
    assert shows_data(app)
    assert signed_in_text(ZH, "Li \\*Na\\*", "executive") in [c.value for c in app.sidebar.caption]  # as written
    sign_out = app.sidebar.button(key="frame_sign_out")
    assert sign_out.label == ZH("sign_in.sign_out")
    sign_out.click().run()  # st.logout() clears st.user: the sign-in page again
    assert app.user == {"is_logged_in": False}
    assert [t.value for t in app.title] == [ZH("sign_in.title")] and not shows_data(app)


def test_trusted_header_names_the_viewer_without_a_sign_out_button():
    options = {"server.trustedUserHeaders": HEADERS}
    user = {"email": "Wang.Fang@Example.com", "user": "wangfang", "name": "Wang Fang", "groups": "north,exec"}
    app = dashboard(user=user, options=options)
    assert shows_data(app)
    assert signed_in_text(EN, "Wang Fang", "regional_manager") in [c.value for c in app.sidebar.caption]
    assert not [b for b in app.sidebar.button if b.key == "frame_sign_out"]


def test_trusted_header_missing_gets_a_note_and_no_data():
    options = {"server.trustedUserHeaders": HEADERS}
    app = dashboard(user={key: None for key in HEADERS.values()}, options=options)
    assert [w.value for w in app.warning] == [EN("sign_in.no_header")]
    assert not app.button and not shows_data(app)


def test_unreadable_secrets_get_a_note_and_no_data(tmp_path):
    broken = tmp_path / "secrets.toml"
    broken.write_text('[auth]\nclient_id = "unterminated\n', encoding="utf-8")
    app = dashboard(options={"secrets.files": [str(broken)]})
    assert [e.value for e in app.error] == [EN("sign_in.misconfigured")]
    assert not app.button and not shows_data(app)


def test_an_incomplete_auth_section_gets_a_note_instead_of_a_failing_button():
    app = dashboard({"auth": {key: value for key, value in AUTH.items() if key != "client_secret"}},
                    {"is_logged_in": False})
    assert [e.value for e in app.error] == [EN("sign_in.misconfigured")]
    assert not app.button and not shows_data(app)


# --- the mock identity provider on its own ----------------------------------------------------------------------------
def test_mock_identity_provider_signs_a_verifiable_id_token():
    from joserfc import jwt
    from joserfc.jwk import KeySet

    with MockIdentityProvider(CLIENT_ID, CLIENT_SECRET) as idp:
        idp.next_user = {"sub": "u7", "email": "Chen@Example.com", "name": "Chen", "groups": ["exec"]}
        with urllib.request.urlopen(idp.metadata_url, timeout=5) as response:
            metadata = json.load(response)
        assert metadata["issuer"] == idp.issuer and metadata["code_challenge_methods_supported"] == ["S256"]
        with urllib.request.urlopen(metadata["jwks_uri"], timeout=5) as response:
            keys = KeySet.import_key_set(json.load(response))
        back = "http://127.0.0.1:8501/oauth2callback"
        redirect = idp.authorize({"client_id": CLIENT_ID, "response_type": "code", "scope": "openid email",
                                  "redirect_uri": back, "state": "s1", "nonce": "n1"})
        assert redirect.startswith(back + "?code=") and redirect.endswith("&state=s1")
        code = redirect.split("code=")[1].split("&")[0]
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": back, "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET}
        token = idp.token(form, None)
        claims = jwt.decode(token["id_token"], keys).claims
        assert {k: claims[k] for k in ("iss", "aud", "sub", "email", "groups", "nonce")} == {
            "iss": idp.issuer, "aud": CLIENT_ID, "sub": "u7", "email": "Chen@Example.com", "groups": ["exec"],
            "nonce": "n1"}
        assert claims["exp"] > claims["iat"]
        assert idp.userinfo(f"Bearer {token['access_token']}")["email"] == "Chen@Example.com"
        with pytest.raises(ValueError, match="used code"):
            idp.token(form, None)  # a code works once
        with pytest.raises(ValueError, match="client authentication"):
            idp.token({**form, "client_secret": "wrong"}, None)


# --- in a browser: st.login against the mock provider, and the trusted header -----------------------------------------
def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.browser
def test_browser_sign_in_with_openid_connect_and_sign_out(browser, tmp_path):
    from tests.browser_support import OutsideRequests, dashboard_process, error_texts, wait_for_app

    with MockIdentityProvider(CLIENT_ID, CLIENT_SECRET) as idp:
        idp.next_user = {"sub": "00u9", "email": "Li.Na@Example.com", "email_verified": True, "name": "Li Na",
                         "groups": ["executives"]}
        secrets = tmp_path / "secrets.toml"  # outside the repository: --secrets.files points the server at it
        secrets.write_text("[auth]\n" + "".join(f'{key} = "{value}"\n' for key, value in
                                                {**AUTH, "server_metadata_url": idp.metadata_url}.items()),
                           encoding="utf-8")
        with dashboard_process(arguments=["--secrets.files", str(secrets)]) as (base_url, _):
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            outside = OutsideRequests()
            outside.attach(context)
            page = context.new_page()
            page.goto(base_url)
            wait_for_app(page)
            assert ZH("sign_in.title") in main_text(page)
            assert not page.locator('[data-testid="stMetric"]').count()  # no data before signing in

            page.get_by_role("button", name=ZH("sign_in.button")).click()  # → /auth/login → the provider → back
            page.wait_for_url(f"{base_url}/", timeout=30_000)
            page.get_by_text(signed_in_text(ZH, "Li Na", "executive")).wait_for(timeout=60_000)
            wait_for_app(page)
            assert page.locator('[data-testid="stMetric"]').count()
            assert len(idp.sign_ins) == 1 and idp.sign_ins[0]["client_id"] == CLIENT_ID
            assert idp.sign_ins[0]["code_challenge_method"] == "S256"  # Streamlit uses PKCE when offered

            page.get_by_role("button", name=ZH("sign_in.sign_out")).click()  # → /auth/logout → the provider → back
            # The sign-in button may show on the page being left before the trip through the provider: wait for the
            # provider to have seen the sign-out and for the page it sends back.
            for _ in range(600):
                if idp.sign_outs:
                    break
                page.wait_for_timeout(100)
            page.wait_for_url(f"{base_url}/", wait_until="load", timeout=30_000)
            page.get_by_role("button", name=ZH("sign_in.button")).wait_for(timeout=60_000)
            wait_for_app(page)
            assert signed_in_text(ZH, "Li Na", "executive") not in sidebar_text(page)
            assert len(idp.sign_outs) == 1
            assert idp.problems == [] and error_texts(page) == [] and outside.blocked == []
            context.close()


@pytest.mark.browser
def test_browser_trusted_header_names_the_viewer(browser):
    from tests.browser_support import OutsideRequests, dashboard_process, error_texts, wait_for_app

    arguments = ["--server.trustedUserHeaders", json.dumps(HEADERS)]
    with dashboard_process(arguments=arguments) as (base_url, _):
        proxied = browser.new_context(viewport={"width": 1400, "height": 900}, extra_http_headers={
            "X-Forwarded-Email": "Wang.Fang@Example.com", "X-Forwarded-Name": "Wang Fang"})
        outside = OutsideRequests()
        outside.attach(proxied)
        page = proxied.new_page()
        page.goto(f"{base_url}/?lang=en")
        wait_for_app(page)
        assert signed_in_text(EN, "Wang Fang", "regional_manager") in sidebar_text(page)
        assert not page.get_by_role("button", name="Sign out").count()  # signing out is the proxy's business
        assert page.locator('[data-testid="stMetric"]').count() and error_texts(page) == []
        # A northwest manager: every page, even when the link asks for Beijing, shows no other city by name.
        for path in ("", "trends", "city", "causes", "plan", "scorecard", "quality"):
            page.goto(f"{base_url}/{path}?lang=en&month=2025-03&city=BJ&city=XA")
            wait_for_app(page)
            shown = page.locator('[data-testid="stApp"]').inner_text()
            assert "not among your cities" in shown, path
            assert [name for name in OTHER_CITIES if name in shown] == [], path
            assert error_texts(page) == [], path
        assert outside.blocked == []
        proxied.close()

        direct = browser.new_context()  # no header: not through the proxy
        page = direct.new_page()
        page.goto(f"{base_url}/?lang=en")
        wait_for_app(page)
        assert EN("sign_in.no_header") in main_text(page)
        assert not page.locator('[data-testid="stMetric"]').count()
        direct.close()
