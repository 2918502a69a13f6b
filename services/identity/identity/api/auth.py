"""Logging in and out, refreshing tokens, and the public keys that verify access tokens."""

from flask.views import MethodView

from foyer_shared.access import PUBLIC, requires
from foyer_shared.blueprint import Blueprint
from foyer_shared.service import current_db, current_settings
from identity.api.caching import no_store
from identity.api.common import actor
from identity.api.schemas import ActivateIn, Jwks, LoginIn, RefreshIn, TokenPair
from identity.use_cases import lifecycle, sessions

blp = Blueprint("auth", __name__, description="Log in, refresh, log out")
keys_blp = Blueprint("keys", __name__, description="Public keys for verifying access tokens")

REFRESH_EXAMPLE = {"refresh_token": "p2bT0m...opaque"}
TOKENS_EXAMPLE = {
    "access_token": "eyJhbGciOiJFZERTQSIsImtpZCI6...",
    "token_type": "Bearer",
    "expires_in": 900,
    "refresh_token": "p2bT0m...opaque",
}


@blp.route("/auth/login")
class Login(MethodView):
    @requires(PUBLIC)
    @blp.arguments(LoginIn, example={"username": "owner", "password": "your password"})
    @blp.response(200, TokenPair, example=TOKENS_EXAMPLE)
    @blp.alt_response(401, description="Wrong username or password (the same for every reason)")
    @blp.alt_response(429, description="Too many failures for this name or address: Retry-After")
    @no_store
    def post(self, credentials):
        """Log in: an access token (15 min) and a refresh token"""
        return sessions.login(
            current_db(),
            current_settings(),
            credentials["username"],
            credentials["password"],
            actor(),
        )


@blp.route("/auth/refresh")
class Refresh(MethodView):
    @requires(PUBLIC)
    @blp.arguments(RefreshIn, example=REFRESH_EXAMPLE)
    @blp.response(200, TokenPair, example=TOKENS_EXAMPLE)
    @blp.alt_response(401, description="Unknown, expired, revoked or already used refresh token")
    @no_store
    def post(self, body):
        """Trade a refresh token for a new pair (each refresh token works once)"""
        return sessions.refresh(current_db(), current_settings(), body["refresh_token"])


@blp.route("/auth/logout")
class Logout(MethodView):
    @requires(PUBLIC)
    @blp.arguments(RefreshIn, example=REFRESH_EXAMPLE)
    @blp.response(204)
    def post(self, body):
        """Log out: the refresh token and its whole session stop working"""
        sessions.logout(current_db(), body["refresh_token"])


@blp.route("/auth/activate")
class Activate(MethodView):
    @requires(PUBLIC)
    @blp.arguments(ActivateIn, example={"token": "from the link", "password": "a long passphrase"})
    @blp.response(204)
    @blp.alt_response(400, description="Unknown, expired or used link (names `token`)")
    @blp.alt_response(422, description="Too weak a password (names `password`)")
    def post(self, body):
        """Activate an account with the link's token and choose a password"""
        lifecycle.activate(current_db(), actor(), body["token"], body["password"])


@keys_blp.route("/.well-known/jwks.json")
class JwksView(MethodView):
    @requires(PUBLIC)
    @keys_blp.response(
        200,
        Jwks,
        example={
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                    "kid": "019ad1a2-5b7e-7c3a-9f10-6d2e8b4c1a07",
                    "use": "sig",
                    "alg": "EdDSA",
                }
            ]
        },
    )
    def get(self):
        """The public keys (JWKS) that verify access tokens"""
        return sessions.public_keys(current_db(), current_settings())
