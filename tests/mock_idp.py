"""A small OpenID Connect identity provider for the sign-in tests, on 127.0.0.1 (no outside network).

It speaks the authorization-code flow the way Streamlit's st.login (Authlib) uses it: discovery document, an
authorize endpoint that signs the configured test user in without a form and redirects back with the code and the
state, a token endpoint (client authentication, PKCE S256, redirect_uri checked) returning an RS256-signed id_token
(iss, aud, sub, email, name, groups, nonce, iat, exp) and an access token, the JWKS, userinfo and an end-session
endpoint. Tokens are signed with joserfc (Authlib's own JOSE library, installed with it).

    with MockIdentityProvider(client_id="dashboard", client_secret="s3cret") as idp:
        idp.next_user = {"sub": "u1", "email": "Li.Na@Example.com", "name": "Li Na", "groups": ["exec"]}
        ... idp.metadata_url ...
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

from joserfc import jwt
from joserfc.jwk import RSAKey

TOKEN_LIFETIME = 300  # seconds


class MockIdentityProvider:
    """An OpenID Connect provider on a free local port; a context manager (starts and stops the server).

    `next_user`: the claims the next sign-in returns (sub, email, name, groups, … — any claims). `sign_ins` and
    `sign_outs` record what happened; `problems` what the provider refused (a test asserts it stays empty)."""

    def __init__(self, client_id: str, client_secret: str, next_user: dict | None = None) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.next_user = dict(next_user or {"sub": "test-user", "email": "test@example.com", "name": "Test User"})
        self.key = RSAKey.generate_key(2048, parameters={"kid": "mock-idp-1", "use": "sig", "alg": "RS256"})
        self.sign_ins: list[dict] = []
        self.sign_outs: list[dict] = []
        self.problems: list[str] = []
        self._codes: dict[str, dict] = {}      # code → what the token request must match and the claims to sign
        self._access_tokens: dict[str, dict] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="mock-idp", daemon=True)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def __enter__(self) -> "MockIdentityProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # --- the endpoints' logic (the handler below does the HTTP) -------------------------------------------------------
    def metadata(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "end_session_endpoint": f"{self.issuer}/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
        }

    def jwks(self) -> dict:
        return {"keys": [self.key.as_dict(private=False)]}

    def authorize(self, query: dict[str, str]) -> str:
        """The authorize request signs `next_user` in: the redirect back (with code and state), or raises ValueError."""
        if query.get("client_id") != self.client_id:
            raise ValueError(f"unknown client_id {query.get('client_id')!r}")
        if query.get("response_type") != "code":
            raise ValueError(f"unsupported response_type {query.get('response_type')!r}")
        if "openid" not in query.get("scope", "").split():
            raise ValueError("the scope lacks openid")
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri.startswith("http://127.0.0.1:") or not redirect_uri.endswith("/oauth2callback"):
            raise ValueError(f"unexpected redirect_uri {redirect_uri!r}")
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = {"redirect_uri": redirect_uri, "nonce": query.get("nonce"),
                                 "code_challenge": query.get("code_challenge"),
                                 "code_challenge_method": query.get("code_challenge_method"),
                                 "claims": dict(self.next_user)}
            self.sign_ins.append(dict(query))
        return f"{redirect_uri}?{urlencode({'code': code, 'state': query.get('state', '')})}"

    def token(self, form: dict[str, str], authorization: str | None) -> dict:
        """The token response for an authorization code, or raises ValueError (the code is used up either way)."""
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            client_id, _, client_secret = base64.b64decode(authorization[6:]).decode().partition(":")
        if (client_id, client_secret) != (self.client_id, self.client_secret):
            raise ValueError("client authentication failed")
        if form.get("grant_type") != "authorization_code":
            raise ValueError(f"unsupported grant_type {form.get('grant_type')!r}")
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)
        if grant is None:
            raise ValueError("unknown or used code")
        if form.get("redirect_uri") != grant["redirect_uri"]:
            raise ValueError("redirect_uri differs from the authorize request's")
        if grant["code_challenge"]:
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if grant["code_challenge_method"] != "S256" or digest != grant["code_challenge"]:
                raise ValueError("PKCE verification failed")
        now = int(time.time())
        claims = {**grant["claims"], "iss": self.issuer, "aud": self.client_id, "iat": now, "exp": now + TOKEN_LIFETIME}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": self.key.kid}, claims, self.key)
        access_token = secrets.token_urlsafe(24)
        with self._lock:
            self._access_tokens[access_token] = grant["claims"]
        return {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_LIFETIME,
                "id_token": id_token, "scope": "openid email profile"}

    def userinfo(self, authorization: str | None) -> dict:
        token = (authorization or "").removeprefix("Bearer ")
        with self._lock:
            claims = self._access_tokens.get(token)
        if claims is None:
            raise ValueError("unknown access token")
        return claims

    def logout(self, query: dict[str, str]) -> str | None:
        """RP-initiated logout: records it, and the redirect back (post_logout_redirect_uri) if any."""
        with self._lock:
            self.sign_outs.append(dict(query))
        return query.get("post_logout_redirect_uri")


def _handler(idp: MockIdentityProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet: pytest shows failures, not requests
            pass

        def _send(self, status: int, body: dict | None = None, location: str | None = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            if location:
                self.send_header("Location", location)
            self.send_header("Content-Type", "application/json")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _refuse(self, status: int, error: str, problem: Exception) -> None:
            idp.problems.append(f"{self.command} {urlparse(self.path).path}: {problem}")
            self._send(status, {"error": error, "error_description": str(problem)})

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            url = urlparse(self.path)
            query = {key: values[0] for key, values in parse_qs(url.query).items()}
            try:
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, idp.metadata())
                elif url.path == "/jwks":
                    self._send(200, idp.jwks())
                elif url.path == "/authorize":
                    self._send(302, location=idp.authorize(query))
                elif url.path == "/userinfo":
                    self._send(200, idp.userinfo(self.headers.get("Authorization")))
                elif url.path == "/logout":
                    back = idp.logout(query)
                    self._send(302, location=back) if back else self._send(200, {})
                else:
                    self._send(404, {"error": "not_found"})
            except ValueError as problem:
                self._refuse(401 if url.path == "/userinfo" else 400, "invalid_request", problem)

        def do_POST(self) -> None:  # noqa: N802
            url = urlparse(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
            if url.path != "/token":
                self._send(404, {"error": "not_found"})
                return
            try:
                self._send(200, idp.token(form, self.headers.get("Authorization")))
            except ValueError as problem:
                self._refuse(400, "invalid_grant", problem)

    return Handler
