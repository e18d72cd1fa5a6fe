"""The editors' forms (Flask-WTF): fields, bounds and messages, every message localized."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, InputRequired, Length

from publisher.accounts.emails import MAX_EMAIL
from publisher.accounts.passwords import MAX_PASSWORD, MIN_PASSWORD
from publisher.accounts.roles import Role

_EMAIL_REQUIRED = _l("Enter an email address.")
_EMAIL_LENGTH = _l("An email address has at most %(max)d characters.", max=MAX_EMAIL)
_PASSWORD_REQUIRED = _l("Enter the password.")
_PASSWORD_LENGTH = _l("A password has at most %(max)d characters.", max=MAX_PASSWORD)


class LoginForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        _l("Email address"),
        validators=[InputRequired(_EMAIL_REQUIRED), Length(max=MAX_EMAIL, message=_EMAIL_LENGTH)],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_PASSWORD_REQUIRED),
            Length(max=MAX_PASSWORD, message=_PASSWORD_LENGTH),
        ],
    )
    next = HiddenField()


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something: only the CSRF token."""


class PasswordForm(FlaskForm):  # type: ignore[misc]
    current = PasswordField(
        _l("Current password"),
        validators=[Length(max=MAX_PASSWORD, message=_PASSWORD_LENGTH)],
    )
    new = PasswordField(
        _l("New password (at least %(min)d characters)", min=MIN_PASSWORD),
        validators=[
            InputRequired(_PASSWORD_REQUIRED),
            Length(max=MAX_PASSWORD, message=_PASSWORD_LENGTH),
        ],
    )
    repeat = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("new", message=_l("The two passwords differ."))],
    )


class CreateUserForm(FlaskForm):  # type: ignore[misc]
    email = StringField(
        _l("Email address"),
        validators=[InputRequired(_EMAIL_REQUIRED), Length(max=MAX_EMAIL, message=_EMAIL_LENGTH)],
    )
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.EDITOR.value, _l("Editor")),
            SelectChoice(Role.ADMIN.value, _l("Admin")),
        ],
        validate_choice=True,
    )
