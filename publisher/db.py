"""Storage: tables and sessions. SQLite is the embedded default; PostgreSQL runs the same code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    event,
    false,
)
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import (
    DeclarativeBase,
    Mapped,
    Session,
    mapped_column,
    relationship,
    sessionmaker,
)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored in UTC and read back aware.

    SQLite keeps no offset, so without this a 14:30+09:00 would come back as a naive 14:30.
    The source's own offset is kept separately in the ``*_iso`` text columns.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Dispatch(Base):
    """A story. Later versions of the same story are revisions of one dispatch."""

    __tablename__ = "dispatches"

    id: Mapped[int] = mapped_column(primary_key=True)
    # guid or URL from the source; else a key derived from agency + normalized headline
    story_key: Mapped[str] = mapped_column(String(512), unique=True, index=True)
    agency: Mapped[str | None] = mapped_column(String(200))
    current_revision_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # indexed: pages derive their validators from the latest change (publisher.web.caching)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )

    revisions: Mapped[list[Revision]] = relationship(
        back_populates="dispatch", order_by="Revision.number", cascade="all, delete-orphan"
    )
    publications: Mapped[list[Publication]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, viewonly=False
    )


class Revision(Base):
    """One version of a dispatch as received, with everything derived from it."""

    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("dispatch_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int] = mapped_column(
        ForeignKey("dispatches.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer, default=1)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    source_format: Mapped[str] = mapped_column(String(32))
    source_name: Mapped[str | None] = mapped_column(String(1024))
    url: Mapped[str | None] = mapped_column(String(2048))
    guid: Mapped[str | None] = mapped_column(String(1024))
    language: Mapped[str] = mapped_column(String(16))
    headline: Mapped[str] = mapped_column(Text)
    agency: Mapped[str | None] = mapped_column(String(200))
    byline: Mapped[str | None] = mapped_column(String(500))
    dateline: Mapped[str | None] = mapped_column(String(200))
    update_tag: Mapped[str | None] = mapped_column(String(64))
    topics: Mapped[list[Any]] = mapped_column(JSON, default=list)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # ISO 8601 with the source's own offset; DateTime columns lose it on SQLite
    published_iso: Mapped[str | None] = mapped_column(String(40))
    # published_at is the dateline's day at DAY_ONLY_TIME, not a source timestamp (ingest.dates)
    published_inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_iso: Mapped[str | None] = mapped_column(String(40))
    paragraphs: Mapped[list[Any]] = mapped_column(JSON)
    # fields the source did not give and ingest made up, with what from ({"headline":
    # "summary"}): shown to editors so a derived headline is read as such
    derived: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    dispatch: Mapped[Dispatch] = relationship(back_populates="revisions")
    sentences: Mapped[list[Sentence]] = relationship(
        order_by="Sentence.index", cascade="all, delete-orphan"
    )
    summary: Mapped[Summary | None] = relationship(cascade="all, delete-orphan", uselist=False)
    translations: Mapped[list[Translation]] = relationship(cascade="all, delete-orphan")


class Sentence(Base):
    __tablename__ = "sentences"
    __table_args__ = (UniqueConstraint("revision_id", "index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), index=True
    )
    index: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class Summary(Base):
    __tablename__ = "summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), unique=True
    )
    method: Mapped[str] = mapped_column(String(64))
    sentence_indexes: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # The source-language version's own editing (publisher.review): an editor's headline
    # replaces the agency's for readers; the agency's stays on the revision.
    headline: Mapped[str | None] = mapped_column(Text)
    headline_state: Mapped[str] = mapped_column(
        String(16), default="initial", server_default="initial"
    )
    headline_origin: Mapped[str] = mapped_column(
        String(16), default="machine", server_default="machine"
    )
    # who chose the selection: "machine" (a summarizer) or "editor" (toggled or re-run by hand)
    selection_origin: Mapped[str] = mapped_column(
        String(16), default="machine", server_default="machine"
    )


class Translation(Base):
    """A revision's headline and summary (or full text) in one target language."""

    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("revision_id", "language", "full_text"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(16), index=True)
    full_text: Mapped[bool] = mapped_column(Boolean, default=False)
    # publisher.publication.TranslationStatus: pending | done | failed | stale
    status: Mapped[str] = mapped_column(String(16), default="pending")
    reason: Mapped[str | None] = mapped_column(Text)
    engine: Mapped[str | None] = mapped_column(String(64))
    model_version: Mapped[str | None] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    # translated sentence i belongs to source sentence source_indexes[i]
    source_indexes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sentences: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # the draft's own review state (publisher.publication.VersionState); what readers see is
    # decided by the publications table alone
    review_state: Mapped[str] = mapped_column(String(16), default="draft")
    # the dateline's place name in this language, translated with the headline
    dateline: Mapped[str | None] = mapped_column(String(200))
    # per sentence, aligned with ``sentences`` (publisher.review.states): SentenceState and
    # SentenceOrigin values; empty lists mean every sentence is the machine's, untouched
    sentence_states: Mapped[list[Any] | None] = mapped_column(JSON)
    sentence_origins: Mapped[list[Any] | None] = mapped_column(JSON)
    headline_state: Mapped[str] = mapped_column(
        String(16), default="initial", server_default="initial"
    )
    headline_origin: Mapped[str] = mapped_column(
        String(16), default="machine", server_default="machine"
    )
    # what the engine said of each text it made, headline first then the sentences: its
    # confidence (mean log-probability per token) and a known failure it could not cure
    # (publisher.translate.degenerate), None where it said nothing
    engine_scores: Mapped[list[Any] | None] = mapped_column(JSON)
    engine_problems: Mapped[list[Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )


class Publication(Base):
    """What readers see of one dispatch in one language: an immutable snapshot of a draft.

    Made only by publisher.publication; replaced whole when a newer draft is published.
    """

    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("dispatch_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int] = mapped_column(
        ForeignKey("dispatches.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(16), index=True)
    # the revision whose text this is; readers keep it until a newer one is published
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), index=True
    )
    # publisher.publication.VersionState: published, or killed / unpublished when taken down
    state: Mapped[str] = mapped_column(String(16), default="published", index=True)
    provenance: Mapped[str] = mapped_column(String(16))  # original | machine | reviewed
    headline: Mapped[str] = mapped_column(Text)
    sentences: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # published sentence i translates source sentence source_indexes[i] of the revision
    source_indexes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    source_headline: Mapped[str] = mapped_column(Text)
    source_sentences: Mapped[list[Any]] = mapped_column(JSON, default=list)
    dateline: Mapped[str | None] = mapped_column(String(200))
    engine: Mapped[str | None] = mapped_column(String(64))
    model_version: Mapped[str | None] = mapped_column(Text)
    # the whole text in this language, when a full-text translation was published with it:
    # full sentence i translates the revision's sentence full_source_indexes[i]. None for an
    # original (its full text is the revision's own) and for a translation of the summary only.
    full_sentences: Mapped[list[Any] | None] = mapped_column(JSON)
    full_source_indexes: Mapped[list[Any] | None] = mapped_column(JSON)
    full_engine: Mapped[str | None] = mapped_column(String(64))
    full_provenance: Mapped[str | None] = mapped_column(String(16))  # machine | reviewed
    first_published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # "" for a first version; "update" once a newer revision replaced an earlier published one;
    # "correction" when that revision corrects the story (readers see a correction note)
    revision_kind: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # the public notice of a killed version, written by the editor who killed it
    notice: Mapped[str | None] = mapped_column(Text)
    # indexed: page validators and the search index follow the latest change
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )


class LanguageVersion(Base):
    """The review state of one dispatch in one language (publisher.review).

    ``lock_version`` grows with every change: an editor's save names the number it was based
    on, so two editors of the same language never overwrite each other unseen, and editors of
    different languages never collide.
    """

    __tablename__ = "language_versions"
    __table_args__ = (UniqueConstraint("dispatch_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int] = mapped_column(
        ForeignKey("dispatches.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(16), index=True)
    # the revision under review: the dispatch's current one once it has arrived
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), index=True
    )
    # publisher.publication.VersionState
    state: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str | None] = mapped_column(Text)  # why it was rejected, killed, reopened
    # the revision last approved in this language: the editor's source diff starts there
    approved_revision_id: Mapped[int | None] = mapped_column(Integer)
    # the latest wire revision this version has taken account of (reopened for, or killed by)
    seen_revision_id: Mapped[int | None] = mapped_column(Integer)
    updated_by: Mapped[str | None] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, onupdate=utcnow, index=True
    )


class EditorPresence(Base):
    """An editor has a dispatch's review page open (publisher.review.presence); rows older than
    the expiry are deleted as new views come."""

    __tablename__ = "editor_presence"
    __table_args__ = (UniqueConstraint("dispatch_id", "editor"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int] = mapped_column(
        ForeignKey("dispatches.id", ondelete="CASCADE"), index=True
    )
    editor: Mapped[str] = mapped_column(String(320))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AuditEntry(Base):
    """One state change or edit: who, when, what, before and after. Written, never changed."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(320), index=True)
    # no foreign key: the log outlives what it speaks of
    dispatch_id: Mapped[int] = mapped_column(Integer, index=True)
    language: Mapped[str] = mapped_column(String(16), default="")
    revision_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(32))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class MemoryEntry(Base):
    """Translation memory: one source sentence translated once per engine, model and pair."""

    __tablename__ = "translation_memory"
    __table_args__ = (
        UniqueConstraint("engine", "model_version", "source_lang", "target_lang", "source_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    engine: Mapped[str] = mapped_column(String(64))
    model_version: Mapped[str] = mapped_column(String(128))
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    source_hash: Mapped[str] = mapped_column(String(64))
    source_text: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Glossary(Base):
    """The terms of one language pair. ``version`` changes on every edit, so a check made
    against a glossary (a dismissed flag's fingerprint) knows when the glossary moved on."""

    __tablename__ = "glossaries"
    __table_args__ = (UniqueConstraint("source_lang", "target_lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    terms: Mapped[list[GlossaryTerm]] = relationship(
        order_by="GlossaryTerm.id", cascade="all, delete-orphan", passive_deletes=True
    )


class GlossaryTerm(Base):
    """One rule of a glossary (publisher.glossary.model.TermKind): a do-not-translate term
    (``target`` is the source term), a forced rendering, or a forbidden rendering."""

    __tablename__ = "glossary_terms"
    __table_args__ = (UniqueConstraint("glossary_id", "kind", "source", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    glossary_id: Mapped[int] = mapped_column(
        ForeignKey("glossaries.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(300))
    target: Mapped[str] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class EditorMemoryEntry(Base):
    """A sentence as an editor approved it: reused for the same source sentence, preferred over
    any engine. Apart from ``translation_memory``, which only caches machine output. A later
    approval of the same source sentence retires this one (``retired_at``, ``retired_by``)."""

    __tablename__ = "editor_memory"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    # publisher.translate.sentence_key: the same identity the machine cache uses
    source_hash: Mapped[str] = mapped_column(String(64), index=True)
    source_text: Mapped[str] = mapped_column(Text)
    target_text: Mapped[str] = mapped_column(Text)
    editor: Mapped[str] = mapped_column(String(320))
    approved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retired_by: Mapped[str | None] = mapped_column(String(320))


class Job(Base):
    """What a pipeline stage did (or failed to do) for one revision, so failures can be retried."""

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("stage", "revision_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage: Mapped[str] = mapped_column(String(32))
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(16), default="")
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued | done | failed
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class User(Base):
    """An editor's or an admin's account (publisher.accounts); nobody registers themselves."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # normalized by publisher.accounts.emails: one account per address, whatever its case
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    role: Mapped[str] = mapped_column(String(16))  # publisher.accounts.roles.Role
    # argon2 encoded hash; None until a password is set (an account made with a login link)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # random, carried in each login session: replaced on password change and on disable, so
    # every session made before ends
    session_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LoginLink(Base):
    """A one-time login link: only its SHA-256 is stored, and it works once before it expires."""

    __tablename__ = "login_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QualityFlag(Base):
    """A problem a quality check found in one draft (publisher.quality), recomputed with it.

    ``scope`` is ``target`` for a flag on a translation, ``source`` when the same check fails
    in every language of the revision (then ``language`` is the source's).
    """

    __tablename__ = "quality_flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int] = mapped_column(
        ForeignKey("dispatches.id", ondelete="CASCADE"), index=True
    )
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("revisions.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(16), index=True)
    scope: Mapped[str] = mapped_column(String(8), default="target")
    segment: Mapped[str] = mapped_column(String(16))  # headline | sentence | version
    sentence_index: Mapped[int | None] = mapped_column(Integer)  # the source sentence's index
    check_id: Mapped[str] = mapped_column(String(50))
    issue_type: Mapped[str] = mapped_column(String(32))  # ITS 2.0 issue type
    severity: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    # publisher.quality.base.fingerprint: what a dismissal of this flag is tied to
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class FlagDismissal(Base):
    """An editor's judgement that a flag is a false alarm, for exactly the texts it was about.

    Tied to the flag's fingerprint (source, target, glossary version), not to the flag row:
    flags are recomputed, and a dismissal stops applying as soon as the text changes.
    """

    __tablename__ = "flag_dismissals"
    __table_args__ = (UniqueConstraint("dispatch_id", "language", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dispatch_id: Mapped[int] = mapped_column(
        ForeignKey("dispatches.id", ondelete="CASCADE"), index=True
    )
    language: Mapped[str] = mapped_column(String(16))
    fingerprint: Mapped[str] = mapped_column(String(64))
    check_id: Mapped[str] = mapped_column(String(50))
    dismissed_by: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


# Which search documents are indexed, and from which version of their source row
# (publisher.search). The index tables themselves differ by backend: publisher.search_tables.
search_state = Table(
    "search_state",
    Base.metadata,
    Column("revision_id", Integer, primary_key=True),
    Column("language", String(16), primary_key=True),
    Column("stamp", UTCDateTime(), nullable=False),
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web app read while a worker writes; foreign keys are off by default in SQLite
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create the SQLAlchemy engine for ``url`` with the settings each backend needs."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True)
    return engine


class Store:
    """The database: engine and transactional sessions. The schema is publisher.schema's."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
