"""The web app: application factory and the wiring of its blueprints."""

from __future__ import annotations

from typing import Any

from flask import Flask

from publisher.core import Desk
from publisher.paths import TEMPLATES_DIR


def create_app(test_config: dict[str, Any] | None = None, *, desk: Desk | None = None) -> Flask:
    """Create the Flask app around a Desk.

    ``test_config`` may carry publisher settings (lower-case names, see publisher.settings) and
    Flask keys (upper-case). Raises ConfigError for bad settings.
    """
    test_config = dict(test_config or {})
    flask_keys = {key: value for key, value in test_config.items() if key.isupper()}
    setting_overrides = {key: value for key, value in test_config.items() if not key.isupper()}
    if desk is None:
        desk = Desk.from_settings(setting_overrides)

    app = Flask(__name__, template_folder=str(TEMPLATES_DIR), static_folder="static")
    app.config.from_mapping(SECRET_KEY=desk.settings.secret_key)
    app.config.from_prefixed_env("FLASK")
    app.config.update(flask_keys)
    app.extensions["publisher.desk"] = desk

    # Imported here, not at the top, so that `import publisher.web` stays cheap for the CLI.
    from publisher.web.api import bp as api_bp
    from publisher.web.feeds import bp as feeds_bp
    from publisher.web.i18n import init_app as init_i18n
    from publisher.web.pages import bp as pages_bp
    from publisher.web.problems import init_app as init_problems

    init_i18n(app)
    init_problems(app)
    app.register_blueprint(pages_bp)
    app.register_blueprint(feeds_bp)
    app.register_blueprint(api_bp)
    return app
