"""Templates: the effective one per type and language, an owner's own saved over it, previews."""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session

from foyer_shared.db import Database
from notify.domain import catalogue, errors, templates
from notify.domain.catalogue import LANGUAGES, MESSAGE_TYPES, PARTS
from notify.models import TemplateOverride
from notify.repository import ContactRepository, TemplateRepository
from notify.templates import builtin


@dataclasses.dataclass(frozen=True)
class Template:
    kind: str
    language: str
    source: str  # "builtin" or "saved"
    parts: dict[str, str | None]
    placeholders: list[str]


def known(kind: str, language: str | None = None) -> None:
    if kind not in MESSAGE_TYPES:
        raise errors.unknown_type(kind, MESSAGE_TYPES)
    if language is not None and language not in LANGUAGES:
        raise errors.unknown_language(language, LANGUAGES)


def effective(session: Session, kind: str, language: str) -> Template:
    saved = TemplateRepository(session).get(kind, language)
    if saved is not None:
        parts = {part: getattr(saved, part) for part in PARTS}
    else:
        parts = dict(builtin(kind, language))
    source = "saved" if saved is not None else "builtin"
    return Template(kind, language, source, parts, sorted(catalogue.placeholders(kind)))


def list_all(db: Database) -> list[Template]:
    with db.read_only() as session:
        return [effective(session, k, lang) for k in MESSAGE_TYPES for lang in LANGUAGES]


def get(db: Database, kind: str, language: str) -> Template:
    known(kind, language)
    with db.read_only() as session:
        return effective(session, kind, language)


def save(db: Database, kind: str, language: str, parts: dict, user_id: str | None) -> Template:
    """Checked first: a syntax error or an unknown placeholder is refused (TemplateProblem)."""
    known(kind, language)
    templates.check(kind, parts)
    templates.render(parts, catalogue.SAMPLES[kind])  # e.g. a loop over a plain value
    with db.transaction() as session:
        repository = TemplateRepository(session)
        row = repository.get(kind, language)
        if row is None:
            row = TemplateOverride(kind=kind, language=language)
            repository.add(row)
        for part in PARTS:
            setattr(row, part, parts.get(part))
        row.updated_by = user_id
        session.flush()
        return effective(session, kind, language)


def reset(db: Database, kind: str, language: str) -> Template:
    known(kind, language)
    with db.transaction() as session:
        TemplateRepository(session).remove(kind, language)
    return get(db, kind, language)


def preview(
    db: Database, kind: str, language: str | None, person_id: str, draft: dict | None
) -> tuple[str, templates.Rendered]:
    """The template (or an unsaved draft) rendered for the person, with sample values for
    the rest; the person's language chooses unless `language` is given."""
    known(kind, language)
    with db.read_only() as session:
        contact = ContactRepository(session).get(person_id)
        if contact is None:
            raise errors.unknown_persons([person_id], "person_id")
        chosen = language or catalogue.language_for(contact.language)
        parts = draft if draft else effective(session, kind, chosen).parts
        if draft:
            templates.check(kind, draft)
        context = {**catalogue.SAMPLES[kind], "person": contact.facts()}
        return chosen, templates.render(parts, context)


def render_for(session: Session, kind: str, language: str | None, context: dict, only=PARTS):
    """The effective template of `kind` in the person's language (English when missing),
    its parts in `only` rendered; looked up once per transaction (a message to 5,000
    persons reads it once)."""
    chosen = catalogue.language_for(language)
    transaction = session.get_transaction()
    cached = session.info.get("notify.templates")
    if cached is None or cached[0] is not transaction:
        cached = session.info["notify.templates"] = (transaction, {})
    parts = cached[1].get((kind, chosen))
    if parts is None:
        parts = cached[1][(kind, chosen)] = effective(session, kind, chosen).parts
    return chosen, templates.render(parts, context, only)
