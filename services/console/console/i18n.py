"""Swedish and English through Flask-Babel; the chosen language is kept in a cookie."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import Babel

LANGUAGE_COOKIE = "foyer_lang"
NAMES = {"sv": "Svenska", "en": "English"}


def select_locale() -> str:
    settings = current_app.extensions["console"].settings
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in settings.languages:
        return chosen
    return request.accept_languages.best_match(settings.languages) or settings.default_language


def init_app(app, settings) -> None:
    Babel(app, locale_selector=select_locale)
    app.jinja_env.globals["language_names"] = {
        code: NAMES.get(code, code) for code in settings.languages
    }
