"""The editors' workflow: the one API the CLI and the web app call. No Flask here.

Every method runs in its own transaction and writes an audit entry for each change it makes.
Actors are strings (an editor's email); the accounts layer decides who may act.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from publisher import publication
from publisher.db import Dispatch, LanguageVersion, Publication, Revision, Store
from publisher.errors import NotFound, ReviewError
from publisher.publication import Provenance, VersionState
from publisher.review import audit, wire
from publisher.review.audit import AuditView
from publisher.review.drafts import Draft
from publisher.review.editing import apply_edits, change_selection
from publisher.review.queue import FlagCounter, review_queue
from publisher.review.revisions import RevisionKind
from publisher.review.states import Action, SentenceState, transition
from publisher.review.viewing import detail_of
from publisher.review.views import ActionOutcome, QueuePage, ReviewDetail

S = VersionState
MAX_REASON = 2_000
# actions that change what readers see
_READER_VISIBLE = frozenset(
    {Action.PUBLISH.value, Action.KILL.value, Action.UNPUBLISH.value, Action.REPUBLISH.value}
)


def check_actor(actor: str) -> str:
    """The actor as recorded. Raises ReviewError for an empty or unprintable one."""
    name = actor.strip()
    if not name:
        raise ReviewError("say who acts: --user EMAIL")
    if len(name) > audit.MAX_ACTOR or not name.isprintable():
        raise ReviewError("the user must be a printable name of at most 320 characters")
    return name


def _text(value: str | None, what: str, *, required: bool) -> str | None:
    cleaned = " ".join((value or "").split())
    if required and not cleaned:
        raise ReviewError(f"give a {what}")
    if len(cleaned) > MAX_REASON:
        raise ReviewError(f"the {what} is too long (at most {MAX_REASON} characters)")
    return cleaned or None


class ReviewService:
    """Review, edit, approve, publish and take down language versions of dispatches."""

    def __init__(
        self,
        store: Store,
        *,
        separate_publish_step: bool = False,
        flag_counter: FlagCounter | None = None,
        on_approval: Callable[[Session, LanguageVersion, str], object] | None = None,
        actors: Callable[[str], str] | None = None,
        on_edit: Callable[[Session, int, str], object] | None = None,
    ) -> None:
        self.store = store
        self.separate_publish_step = separate_publish_step
        # the quality-flags table counts open flags per (dispatch, language); see queue()
        self.flag_counter = flag_counter
        # extra work after an approval (the editors' translation memory); see _after_approval
        self.on_approval = on_approval
        # who may act: given the actor as typed, the account's name, or raises (publisher.core
        # checks the users table); without it any printable name is recorded as given
        self.actors = actors
        # after an editor's save, given (session, revision id, language): the quality flags
        self.on_edit = on_edit

    def _actor(self, actor: str) -> str:
        name = check_actor(actor)
        return self.actors(name) if self.actors is not None else name

    # -- keeping up with the pipeline ---------------------------------------------

    def sync(self, dispatch_ids: Sequence[int]) -> None:
        """Bring these dispatches' versions up to their current revisions (new drafts, wire
        updates, corrections and kills)."""
        with self.store.session() as session:
            wire.sync_many(session, dispatch_ids)

    def machine_translated(self, revision_ids: Sequence[tuple[int, str]]) -> None:
        """Translation drafts the machine just (re)wrote, as (revision id, language)."""
        with self.store.session() as session:
            wire.machine_drafts_of(session, revision_ids)
            # one query for every revision's dispatch rather than one per revision
            dispatch_of = {
                revision_id: dispatch_id
                for revision_id, dispatch_id in session.execute(
                    select(Revision.id, Revision.dispatch_id).where(
                        Revision.id.in_({revision_id for revision_id, _ in revision_ids})
                    )
                )
            }
            dispatches = [
                int(dispatch_of[revision_id])
                for revision_id, _language in revision_ids
                if dispatch_of.get(revision_id) is not None
            ]
            wire.sync_many(session, dispatches)

    # -- reading --------------------------------------------------------------------

    def detail(self, dispatch_id: int) -> ReviewDetail:
        """One dispatch with every language version. Raises NotFound."""
        with self.store.session() as session:
            wire.sync(session, dispatch_id)
            return detail_of(session, dispatch_id)

    def queue(
        self,
        *,
        languages: Sequence[str] = (),
        states: Sequence[str] = (),
        agency: str | None = None,
        older_than: datetime | None = None,
        newer_than: datetime | None = None,
        flagged_first: bool = False,
        flagged_only: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> QueuePage:
        """Versions awaiting review (draft, in review unless ``states`` says otherwise),
        oldest first; ``flagged_first`` puts those with open quality flags first,
        ``flagged_only`` keeps only those."""
        with self.store.session() as session:
            # dispatches stored before the workflow join the queue the first time it is asked
            wire.sync_many(session, wire.unsynced_dispatches(session))
            return review_queue(
                session,
                languages=languages,
                states=states,
                agency=agency,
                older_than=older_than,
                newer_than=newer_than,
                flag_counter=self.flag_counter if flagged_first or flagged_only else None,
                flagged_only=flagged_only,
                limit=limit,
                offset=offset,
            )

    def history(self, dispatch_id: int, language: str | None = None) -> list[AuditView]:
        """Every state change and edit of a dispatch, oldest first. Raises NotFound."""
        with self.store.session() as session:
            if session.get(Dispatch, dispatch_id) is None and not audit.entries(
                session, dispatch_id=dispatch_id, limit=1
            ):
                raise NotFound(f"no dispatch with id {dispatch_id}")
            return audit.entries(session, dispatch_id=dispatch_id, language=language)

    def audit_log(self, *, since: datetime | None = None) -> list[AuditView]:
        with self.store.session() as session:
            return audit.entries(session, since=since)

    # -- state changes ----------------------------------------------------------------

    def act(
        self,
        dispatch_id: int,
        action: Action | str,
        actor: str,
        *,
        languages: Sequence[str] | None = None,
        reason: str | None = None,
        notice: str | None = None,
        expected_version: int | None = None,
    ) -> list[ActionOutcome]:
        """Apply ``action`` to the named language versions, or to every version it applies
        to when ``languages`` is None. All or nothing.

        Raises NotFound (no such dispatch or language version), InvalidTransition (a named
        version is in the wrong state, or no version can move), ReviewError (a reason or
        notice missing, nothing complete to approve, ``expected_version`` outdated).
        """
        actor = self._actor(actor)
        action = Action(action)
        reason = _text(reason, "reason", required=action is Action.REJECT)
        notice = _text(notice, "public notice", required=False)
        with self.store.session() as session:
            wire.sync(session, dispatch_id, actor=audit.WIRE)
            versions = wire.versions_of(session, dispatch_id)
            if session.get(Dispatch, dispatch_id) is None:
                raise NotFound(f"no dispatch with id {dispatch_id}")
            chosen = self._choose(dispatch_id, action, versions, languages)
            outcomes = []
            for version in chosen:
                where = f"#{dispatch_id} {version.language}"
                if expected_version is not None and version.lock_version != expected_version:
                    raise ReviewError(
                        f"{where}: changed by someone else since version {expected_version} "
                        f"(now {version.lock_version}); reload and try again"
                    )
                outcomes += self._apply(session, version, action, actor, reason, notice)
            if any(o.action in _READER_VISIBLE for o in outcomes):
                # readers' search follows in the same transaction as what they see
                from publisher.search import sync_index

                sync_index(session)
            return outcomes

    def _choose(
        self,
        dispatch_id: int,
        action: Action,
        versions: Mapping[str, LanguageVersion],
        languages: Sequence[str] | None,
    ) -> list[LanguageVersion]:
        if languages is not None:
            missing = [lang for lang in languages if lang not in versions]
            if missing:
                raise NotFound(
                    f"#{dispatch_id} has no {', '.join(missing)} version "
                    f"(it has: {', '.join(versions) or 'none yet'})"
                )
            return [versions[lang] for lang in dict.fromkeys(languages)]
        movable = []
        for version in versions.values():
            try:
                transition(action, version.state)
            except ReviewError:
                continue
            if action is Action.APPROVE and not self._complete(version):
                continue  # "approve all" leaves the drafts still being translated
            movable.append(version)
        if not movable:
            states = ", ".join(f"{v.language} {v.state}" for v in versions.values())
            raise ReviewError(
                f"#{dispatch_id}: no language version can {action.value} "
                f"({states or 'no drafts yet'})"
            )
        return movable

    def _complete(self, version: LanguageVersion) -> bool:
        session = Session.object_session(version)
        assert session is not None
        try:
            return Draft.of(session, version).complete
        except ReviewError:
            return False

    def _apply(
        self,
        session: Session,
        version: LanguageVersion,
        action: Action,
        actor: str,
        reason: str | None,
        notice: str | None,
    ) -> list[ActionOutcome]:
        where = f"#{version.dispatch_id} {version.language}"
        target = transition(action, version.state, where=where)
        before = version.state
        draft = Draft.of(session, version) if action in (Action.APPROVE, Action.PUBLISH) else None
        if action is Action.APPROVE:
            assert draft is not None
            if not draft.complete:
                raise ReviewError(
                    f"{where}: the draft is not complete ({draft.status}); nothing to approve"
                )
            draft.mark_all(SentenceState.REVIEWED)
            version.approved_revision_id = version.revision_id
        elif action is Action.PUBLISH:
            assert draft is not None
            self._publish(session, version, draft)
        elif action in (Action.KILL, Action.UNPUBLISH):
            wire.take_down(session, version, target, notice=notice)
        elif action is Action.REPUBLISH:
            self._republish(session, version, where)
        version.state = target.value
        version.reason = reason if action in (Action.REJECT, Action.REOPEN) else version.reason
        if action is Action.KILL:
            version.reason = notice or version.reason
        version.lock_version += 1
        version.updated_by = actor
        audit.record(
            session,
            actor,
            version.dispatch_id,
            action.value,
            language=version.language,
            revision_id=version.revision_id,
            before=before,
            after=target.value,
            lock=version.lock_version,
            **({"reason": reason} if reason else {}),
            **({"notice": notice} if notice else {}),
        )
        outcomes = [
            ActionOutcome(
                version.dispatch_id,
                version.language,
                action.value,
                before,
                target.value,
                version.lock_version,
            )
        ]
        if action is Action.APPROVE:
            self._after_approval(session, version, actor)
            if not self.separate_publish_step:
                outcomes += self._apply(session, version, Action.PUBLISH, actor, None, None)
        return outcomes

    def _after_approval(self, session: Session, version: LanguageVersion, actor: str) -> None:
        """Called once per approved language version, in the approval's transaction.

        The sentence states are already ``reviewed``. The editors' translation memory hooks in
        here (``on_approval``): each approved sentence with who and when.
        """
        if self.on_approval is not None:
            self.on_approval(session, version, actor)

    def _publish(self, session: Session, version: LanguageVersion, draft: Draft) -> None:
        where = f"#{version.dispatch_id} {version.language}"
        current = session.scalars(
            select(Publication).where(
                Publication.dispatch_id == version.dispatch_id,
                Publication.language == version.language,
            )
        ).first()
        previous = current.revision_id if current is not None else None
        before_kind = current.revision_kind if current is not None else ""
        provenance = Provenance.ORIGINAL if draft.is_source else Provenance.REVIEWED
        outcome = publication.publish(
            session, version.revision_id, version.language, provenance=provenance
        )
        if not outcome.published:
            raise ReviewError(f"{where}: cannot publish: {outcome.reason}")
        row = session.scalars(
            select(Publication).where(
                Publication.dispatch_id == version.dispatch_id,
                Publication.language == version.language,
            )
        ).one()
        row.notice = None
        if previous is not None and previous != version.revision_id:
            kind = wire.kind_of(draft.revision)
            row.revision_kind = (
                RevisionKind.CORRECTION.value
                if kind is RevisionKind.CORRECTION
                else RevisionKind.UPDATE.value
            )
        else:
            row.revision_kind = before_kind
        draft.mark_all(SentenceState.FINAL)

    def _republish(self, session: Session, version: LanguageVersion, where: str) -> None:
        row = session.scalars(
            select(Publication).where(
                Publication.dispatch_id == version.dispatch_id,
                Publication.language == version.language,
            )
        ).first()
        if row is None:
            raise ReviewError(f"{where}: was never published; reopen it and approve instead")
        row.state = S.PUBLISHED.value
        row.notice = None

    # -- editing --------------------------------------------------------------------

    def edit(
        self,
        dispatch_id: int,
        language: str,
        actor: str,
        *,
        expected_version: int,
        headline: str | None = None,
        sentences: Mapping[int, str] | None = None,
    ) -> int:
        """Save an editor's headline and/or sentences; return the new lock version.

        Raises EditConflict (with base, mine and theirs per field; nothing saved) when another
        save changed the same text since ``expected_version``; saves of other text since are
        no conflict. Raises NotFound, InvalidTransition for a killed version, ReviewError.
        """
        actor = self._actor(actor)
        with self.store.session() as session:
            wire.sync(session, dispatch_id)
            version = wire.versions_of(session, dispatch_id).get(language)
            if version is None:
                raise NotFound(f"#{dispatch_id} has no {language} version")
            lock = apply_edits(
                session,
                version,
                actor,
                expected_version,
                headline=headline,
                sentences=dict(sentences or {}),
            )
            if self.on_edit is not None:
                # in the edit's transaction: the flags always describe the saved text
                self.on_edit(session, version.revision_id, language)
            return lock

    def change_selection(
        self,
        dispatch_id: int,
        actor: str,
        *,
        expected_version: int,
        indexes: Sequence[int],
        method: str = "editor",
    ) -> int:
        """Replace the summary selection (source sentence indexes, in order) as an editor;
        every translation of it becomes stale and every version goes back to review.
        Returns the source version's new lock version."""
        actor = self._actor(actor)
        with self.store.session() as session:
            wire.sync(session, dispatch_id)
            return change_selection(
                session, dispatch_id, actor, expected_version, list(indexes), method
            )

    def resummarize(
        self,
        dispatch_id: int,
        actor: str,
        *,
        expected_version: int,
        method: str,
        count: int | None = None,
        ratio: float | None = None,
    ) -> int:
        """Run a summarizer again as an editor and take its choice as the new selection.
        Raises ConfigError for an unknown method, as change_selection otherwise."""
        from publisher.summarize import get_method, method_name, summarize

        get_method(method)
        detail = self.detail(dispatch_id)
        texts = [s.text for s in detail.sentences]
        if not texts:
            raise ReviewError(f"#{dispatch_id}: not split into sentences yet")
        indexes = summarize(
            texts,
            detail.source_language,
            method=method,
            count=count,
            ratio=ratio,
            title=detail.headline,
        )
        return self.change_selection(
            dispatch_id,
            actor,
            expected_version=expected_version,
            indexes=indexes,
            method=method_name(method),
        )
