"""Jinja2 templates in the sandbox: an unknown placeholder is an error, never an empty string."""

from __future__ import annotations

import dataclasses
import functools

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from notify.domain.catalogue import PARTS, placeholders

_OPTIONS = {"undefined": StrictUndefined, "keep_trailing_newline": True}
_TEXT = SandboxedEnvironment(autoescape=False, **_OPTIONS)
_HTML = SandboxedEnvironment(autoescape=True, **_OPTIONS)


class TemplateProblem(ValueError):
    """A template part that cannot be saved: `part`, `line`, and the placeholder when named."""

    def __init__(self, part: str, line: int | None, message: str, placeholder: str | None = None):
        where = f"{part}, line {line}" if line else part
        super().__init__(f"{where}: {message}")
        self.part, self.line, self.placeholder = part, line, placeholder
        self.field = part  # the 422 names the part of the template


@dataclasses.dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None
    sms: str


def _environment(part: str) -> SandboxedEnvironment:
    return _HTML if part == "html" else _TEXT


@functools.lru_cache(maxsize=512)
def _compiled(html: bool, source: str):
    """Compiling costs far more than rendering; a message to 5,000 persons compiles once."""
    return (_HTML if html else _TEXT).from_string(source)


def check(kind: str, parts: dict[str, str | None]) -> None:
    """Raise TemplateProblem for a syntax error or a placeholder `kind` does not provide."""
    allowed = placeholders(kind)
    for part in PARTS:
        source = parts.get(part)
        if not source:
            continue
        try:
            tree = _environment(part).parse(source)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(part, exc.lineno, exc.message or "syntax error") from exc
        unknown = sorted(meta.find_undeclared_variables(tree) - allowed)
        if unknown:
            name = unknown[0]
            raise TemplateProblem(
                part,
                _first_line(tree, name),
                f"the placeholder {name!r} is not provided for {kind} "
                f"(it provides {', '.join(sorted(allowed))})",
                name,
            )


def _first_line(tree: nodes.Template, name: str) -> int | None:
    found = [n.lineno for n in tree.find_all(nodes.Name) if n.name == name and n.ctx == "load"]
    return min(found) if found else None


def render(parts: dict[str, str | None], context: dict, only=PARTS) -> Rendered:
    """Render every part (or those in `only`: an e-mail needs no SMS text, an SMS no e-mail);
    raises TemplateProblem naming the part and line of a failure."""
    out: dict[str, str | None] = {}
    for part in PARTS:
        source = parts.get(part)
        if source is None or part not in only:
            out[part] = None
            continue
        try:
            out[part] = _compiled(part == "html", source).render(context)
        except TemplateError as exc:
            raise TemplateProblem(part, _template_line(exc), str(exc)) from exc
    return Rendered(
        subject=(out["subject"] or "").strip(),
        text=out["text"] or "",
        html=out["html"],
        sms=(out["sms"] or "").strip(),
    )


def _template_line(exc: BaseException) -> int | None:
    """The line of the template where rendering failed (jinja2 rewrites the traceback)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
