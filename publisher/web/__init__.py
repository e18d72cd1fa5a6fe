"""The web app: application factory and the wiring of its blueprints."""

from __future__ import annotations

from typing import Any

from flask import Flask

from publisher.core import Desk
from publisher.paths import TEMPLATES_DIR
from publisher.settings import Settings


def check_settings(settings: Settings) -> None:
    """Check the web settings (``base_url``, the time zones) without building an app.

    For callers that want a clear error before starting servers, e.g. ``publisher serve``
    before gunicorn forks its workers. Raises ConfigError with one line saying what is wrong.
    """
    from publisher.web import urls, zones

    urls.parse_base_url(settings.base_url)
    zones.zone_choice(settings)


def create_app(test_config: dict[str, Any] | None = None, *, desk: Desk | None = None) -> Flask:
    """Create the Flask app around a Desk.

    ``test_config`` may carry publisher settings (lower-case names, see publisher.settings) and
    Flask keys (upper-case). Raises ConfigError for bad settings (an unusable ``base_url`` or
    time zone among them).
    """
    test_config = dict(test_config or {})
    flask_keys = {key: value for key, value in test_config.items() if key.isupper()}
    setting_overrides = {key: value for key, value in test_config.items() if not key.isupper()}
    if desk is None:
        desk = Desk.from_settings(setting_overrides)

    # Imported here, not at the top, so that `import publisher.web` stays cheap for the CLI.
    from publisher.web import (
        caching,
        csrf,
        extensions,
        i18n,
        limits,
        login,
        params,
        problems,
        security,
        urls,
        zones,
    )
    from publisher.web.api import bp as api_bp
    from publisher.web.auth import bp as auth_bp
    from publisher.web.downloads import bp as downloads_bp
    from publisher.web.editor import bp as editor_bp
    from publisher.web.editor_downloads import bp as editor_downloads_bp
    from publisher.web.feed_writers import FEED_FORMATS
    from publisher.web.feeds import bp as feeds_bp
    from publisher.web.glossary_pages import bp as glossary_bp
    from publisher.web.pages import bp as pages_bp
    from publisher.web.review_pages import bp as review_bp

    app = Flask(__name__, template_folder=str(TEMPLATES_DIR), static_folder="static")
    app.config.from_mapping(
        SECRET_KEY=desk.settings.secret_key, **login.cookie_config(desk.settings)
    )
    app.config.from_prefixed_env("FLASK")
    app.config.update(flask_keys)

    params.init_app(app)  # first: the blueprints' routes use its converter
    extensions.init_app(app, desk)
    urls.init_app(app, desk.settings.base_url)
    zones.init_app(app, desk.settings)
    i18n.init_app(app)
    problems.init_app(app)
    caching.init_app(app)
    security.init_app(app)
    login.init_app(app)
    csrf.init_app(app)
    limits.init_app(app, desk.settings)
    app.jinja_env.globals["feed_formats"] = FEED_FORMATS
    app.register_blueprint(pages_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(editor_bp)
    app.register_blueprint(review_bp)
    app.register_blueprint(glossary_bp)
    app.register_blueprint(downloads_bp)
    app.register_blueprint(editor_downloads_bp)
    return app
