"""Email addresses as account names: one normal form, so that one person has one account."""

from __future__ import annotations

import re
import unicodedata

from publisher.accounts.errors import InvalidEmail

MAX_EMAIL = 254  # the longest address SMTP can carry (RFC 5321 path limit less the brackets)
# Deliberately loose: the address only names an account here, no mail is sent to it. One @,
# something before, a host name after (a dot is not required: admin@localhost is fine).
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.][^@\s]*")


def normalize_email(raw: str) -> str:
    """``raw`` as the stored account name: trimmed, NFC, lower case. Raises InvalidEmail.

    Lower case on both sides of the @: mail systems treat the local part case-insensitively in
    practice, and two accounts for ``Ana@x`` and ``ana@x`` would only confuse.
    """
    text = unicodedata.normalize("NFC", raw.strip()).lower()
    if not text:
        raise InvalidEmail("give an email address")
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in text):
        raise InvalidEmail("the email address holds control characters")
    if len(text) > MAX_EMAIL:
        raise InvalidEmail(f"the email address is longer than {MAX_EMAIL} characters")
    if not _EMAIL.fullmatch(text) or text.endswith(".") or ".." in text.split("@", 1)[1]:
        raise InvalidEmail(f"{text!r} is not an email address such as editor@example.org")
    return text
