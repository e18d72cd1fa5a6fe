"""Editors' and admins' accounts: passwords, roles, one-time login links. No Flask here.

``emails`` and ``passwords`` normalize and check; ``roles`` says who may do what; ``store`` keeps
the accounts (``desk.users``). Import from the modules: this file stays empty so that
``publisher --help`` does not load the database layer.
"""
