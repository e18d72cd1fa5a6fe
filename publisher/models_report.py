"""What `publisher models list` says: installed models, engines, and what serves each pair.

The pairs explained are the desk's: every source language of the stored dispatches (English
when there are none yet) into every target language of the ``languages`` setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from publisher.db import Revision
from publisher.errors import TranslationUnavailable
from publisher.translate.argos_packages import ArgosPackage, installed_packages
from publisher.translate.ct2_models import ModelFolder, installed_models

if TYPE_CHECKING:
    from publisher.core import Desk


@dataclass(frozen=True)
class PairStatus:
    source: str
    target: str
    engine: str | None  # e.g. ctranslate2, argos+apertium; None when nothing serves it
    model_version: str
    missing: str  # why nothing serves it

    @property
    def label(self) -> str:
        return f"{self.source}→{self.target}"


@dataclass
class ModelsReport:
    argos_dir: str
    argos: list[ArgosPackage]
    ct2_dir: str
    ct2: list[ModelFolder]
    engines: dict[str, list[str]]
    routes: dict[str, str]
    order: list[str]
    pairs: list[PairStatus] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "argos_packages_dir": self.argos_dir,
            "argos_packages": [
                {
                    "from": p.from_code,
                    "to": p.to_code,
                    "version": p.package_version,
                    "path": str(p.path),
                }
                for p in self.argos
            ],
            "ct2_models_dir": self.ct2_dir,
            "ct2_models": [
                {
                    "name": m.name,
                    "engine": "ctranslate2",
                    "family": m.family.name,
                    "title": m.family.title,
                    "languages": list(m.languages),
                    "pair": list(m.pair) if m.pair else None,
                    "size": m.size,
                    "license": m.family.license,
                    "installed_at": m.installed_at,
                    "path": str(m.path),
                }
                for m in self.ct2
            ],
            "engines": self.engines,
            "engine_order": self.order,
            "routes": self.routes,
            "pairs": {
                p.label: {"engine": p.engine, "model": p.model_version, "missing": p.missing}
                for p in self.pairs
            },
        }

    def lines(self) -> list[str]:
        out = [f"Argos packages in {self.argos_dir}:"]
        out += [
            f"  {p.from_code}→{p.to_code}  {p.package_version}  {p.path.name}" for p in self.argos
        ] or ["  (none; add one with `publisher models install --file PATH.argosmodel`)"]
        out.append(f"CTranslate2 models in {self.ct2_dir}:")
        out += [
            f"  {m.name}  {m.family.title}  "
            + (f"{m.pair[0]}→{m.pair[1]}" if m.pair else ", ".join(m.languages))
            + f"  {_size(m.size)}  licence: {m.family.license}"
            for m in self.ct2
        ] or ["  (none; add a converted folder with `publisher models install --dir PATH`)"]
        for name, pairs in self.engines.items():
            out.append(f"{name}: {', '.join(pairs) if pairs else '(no pairs installed)'}")
        out.append(
            f"Preference: editors' memory, {', '.join(self.order)}, then a pivot via English"
        )
        out.append("Pairs this desk translates:")
        for pair in self.pairs:
            if pair.engine:
                out.append(f"  {pair.label}  {pair.engine}  {pair.model_version}")
            else:
                out.append(f"  {pair.label}  missing: {pair.missing}")
        return out


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size //= 1024
    return f"{size} GB"


def models_report(desk: Desk) -> ModelsReport:
    settings = desk.settings
    router = desk.router
    report = ModelsReport(
        argos_dir=str(settings.resolved_argos_packages_dir),
        argos=installed_packages(settings.resolved_argos_packages_dir),
        ct2_dir=str(settings.resolved_ct2_models_dir),
        ct2=installed_models(settings.resolved_ct2_models_dir),
        engines={
            name: sorted(f"{a}-{b}" for a, b in engine.pairs())
            for name, engine in desk.engines.items()
        },
        routes={
            f"{a}-{b}": route.engine_label
            for (a, b), route in sorted(router.available_pairs().items())
        },
        order=list(router.order),
    )
    with desk.store.session() as session:
        sources = sorted(set(session.scalars(select(Revision.language).distinct())))
    for source in sources or ["en"]:
        for target in settings.target_languages:
            if source == target:
                continue
            try:
                route = router.route(source, str(target))
            except TranslationUnavailable as error:
                report.pairs.append(PairStatus(source, str(target), None, "", error.reason))
                continue
            report.pairs.append(
                PairStatus(source, str(target), route.engine_label, route.model_version, "")
            )
    return report
