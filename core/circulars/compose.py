"""Composition: a draft's sections from the enabled plugins, and the draft as a renderable document."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import select

from core import clock, modules
from core.circulars.models import Circular, CircularSection
from core.circulars.render import CircularDocument, Section, Table
from core.extensions import db
from core.models import Region
from core.periods import Period
from core.plugins.host import get_host

__all__ = ["CompositionError", "Period", "compose", "document_of"]


class CompositionError(ValueError):
    """A section a plugin returned cannot be used; the message is for the user."""


def _as_section_fields(item: Any) -> dict[str, Any]:
    """A plugin's `Section` as the columns of a `CircularSection` (cells and paragraphs as text)."""
    if not isinstance(item, Section):
        raise CompositionError(f"应返回 core.circulars.render.Section，而不是 {type(item).__name__}")
    if not item.heading.strip():
        raise CompositionError("模块返回的通报内容缺少标题")
    table = None
    if item.table is not None:
        table = asdict(item.table)
        table["header"] = [str(h) for h in item.table.header]
        table["rows"] = [[str(c) for c in row] for row in item.table.rows]
    return {
        "heading": item.heading[:200],
        "level": item.level,
        "body": "\n".join(str(p) for p in item.paragraphs),
        "table": table,
    }


def compose(circular: Circular) -> list[str]:
    """(Re)build the plugin sections of a draft from the plugins switched on for its region.

    Sections staff added by hand are kept; the sections are written in Chinese whoever composes
    them. Returns warnings (in the user's language) for plugins whose hook
    raised or returned something unusable; their sections are left out, the rest go in.
    """
    from core.admin.describe import module_title

    host = get_host()
    region = db.session.get(Region, circular.region_id)
    period = Period(circular.period_start, circular.period_end)
    enabled = modules.enabled_keys(region.id, list(host.plugins))
    failures_before = len(host.failures)
    # The circular is a Chinese document whoever composes it: labels the plugins draw (enum
    # labels, indicator names) must not follow an English user's choice into its text.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        contributed = host.collect("collect_circular_sections", only=enabled, ctx=None, region=region, period=period)
        converted: list[tuple[str, dict[str, Any] | Exception]] = []
        for key, item in contributed:
            try:
                converted.append((key, _as_section_fields(item)))
            except (CompositionError, KeyError, TypeError, ValueError) as exc:
                converted.append((key, exc))
    warnings = [
        gettext(
            "模块“%(module)s”的通报内容生成失败：%(error)s",
            module=module_title(f.name) if f.name in host.plugins else f.name,
            error=f.error,
        )
        for f in host.failures[failures_before:]
    ]
    for section in [s for s in circular.sections if s.plugin_key]:
        circular.sections.remove(section)
    manual = [s for s in circular.sections]
    position = 0
    for key, fields in converted:
        if isinstance(fields, Exception):
            warnings.append(
                gettext("模块“%(module)s”返回的内容无法使用：%(error)s", module=module_title(key), error=fields)
            )
            continue
        position += 10
        circular.sections.append(
            CircularSection(region_id=circular.region_id, plugin_key=key, position=position, **fields)
        )
    for section in manual:
        position += 10
        section.position = position
    return warnings


def document_of(
    circular: Circular, number: int | None = None, year: int | None = None, issue_date: date | None = None
) -> CircularDocument:
    """The draft (or published circular) as the renderer's `CircularDocument`."""
    sections = []
    for s in sorted(circular.sections, key=lambda s: (s.position, s.id or 0)):
        if not s.included:
            continue
        table = None
        if s.table:
            table = Table(
                header=list(s.table["header"]),
                rows=[list(r) for r in s.table["rows"]],
                caption=s.table.get("caption", "") or "",
                widths=s.table.get("widths"),
            )
        paragraphs = [p.strip() for p in (s.body or "").splitlines() if p.strip()]
        sections.append(Section(heading=s.heading, level=s.level, paragraphs=paragraphs, table=table))
    return CircularDocument(
        number=number or circular.number or 1,
        year=year or circular.year or circular.period_end.year,
        issuing_office=circular.issuing_office,
        issue_date=issue_date or circular.issue_date or clock.today(),
        title=circular.title,
        sections=sections,
        report_to=circular.report_to or "",
        send_to=circular.send_to or "",
        distribute_to=circular.distribute_to or "",
        copies=circular.copies,
    )


def plain_text(document: CircularDocument) -> str:
    """Every string of the document, one per line (kept for look-ups of units and notices)."""
    lines = [document.title, document.issuing_office]
    for section in document.sections:
        lines.append(section.heading)
        lines.extend(section.paragraphs)
        if section.table:
            lines.append(" ".join(section.table.header))
            lines.extend(" ".join(row) for row in section.table.rows)
    return "\n".join(lines)


def has_content(document: CircularDocument) -> bool:
    """Whether there is anything to publish (at least one section with text or a table)."""
    return any(s.paragraphs or (s.table and s.table.rows) for s in document.sections)


def circulars_mentioning(text: str, limit: int = 50) -> list[Circular]:
    """Published circulars (visible to the user) whose text mentions `text`."""
    from core.circulars.models import CircularState
    from core.tenancy import scope_filter

    query = select(Circular).where(Circular.state == CircularState.PUBLISHED, Circular.frozen_text.contains(text))
    criterion = scope_filter(Circular)
    if criterion is not None:
        query = query.where(criterion)
    return list(db.session.execute(query.order_by(Circular.published_at.desc()).limit(limit)).scalars())
