"""Templates in the sandbox: strict placeholders, lines named, every built-in renders."""

from __future__ import annotations

import pytest

from notify.domain import catalogue, templates
from notify.domain.templates import TemplateProblem
from notify.templates import builtin


@pytest.mark.parametrize("kind", catalogue.MESSAGE_TYPES)
@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_every_built_in_template_passes_its_own_check_and_renders(kind, language):
    parts = builtin(kind, language)
    templates.check(kind, parts)
    rendered = templates.render(parts, catalogue.SAMPLES[kind])
    assert rendered.subject and rendered.text.strip() and rendered.sms and rendered.html


def test_repeat_blocks_render_once_per_item():
    context = dict(catalogue.SAMPLES["task_reminder"])
    context["tasks"] = [
        {"title": f"Task {n}", "due_at": "idag", "contact_name": None, "link": f"/t/{n}"}
        for n in range(3)
    ]
    rendered = templates.render(builtin("task_reminder", "en"), context)
    assert [f"Task {n}" in rendered.text for n in range(3)] == [True] * 3
    assert rendered.subject == "Reminder: 3 tasks"


def test_an_unknown_placeholder_is_named_with_its_part_and_line():
    parts = {"subject": "Hej", "text": "Hej\n\n{{ person.first_name }} {{ password }}", "sms": ""}
    with pytest.raises(TemplateProblem) as caught:
        templates.check("account_activation", parts)
    assert (caught.value.part, caught.value.line, caught.value.placeholder) == (
        "text",
        3,
        "password",
    )
    assert "password" in str(caught.value) and "line 3" in str(caught.value)


def test_a_syntax_error_is_named_with_its_line():
    with pytest.raises(TemplateProblem) as caught:
        templates.check("staff_message", {"subject": "x", "text": "a\n{% for x in %}", "sms": ""})
    assert (caught.value.part, caught.value.line) == ("text", 2)


def test_loop_variables_are_not_unknown_placeholders():
    parts = {"subject": "x", "text": "{% for t in tasks %}{{ t.title }}{% endfor %}", "sms": ""}
    templates.check("task_reminder", parts)


def test_a_missing_attribute_fails_rendering_never_an_empty_string():
    with pytest.raises(TemplateProblem) as caught:
        templates.render({"subject": "x", "text": "\n{{ person.nickname }}"}, {"person": {}})
    assert caught.value.part == "text" and caught.value.line == 2


def test_the_sandbox_refuses_reaching_into_python():
    with pytest.raises(TemplateProblem):
        templates.render({"subject": "{{ person.__class__.__mro__ }}"}, {"person": {}})


def test_html_is_escaped_text_is_not():
    rendered = templates.render(
        {"subject": "s", "text": "{{ body }}", "html": "{{ body }}", "sms": "x"},
        {"body": "<b>&</b>"},
    )
    assert rendered.text == "<b>&</b>" and rendered.html == "&lt;b&gt;&amp;&lt;/b&gt;"


@pytest.mark.parametrize(
    ("wanted", "chosen"), [("sv", "sv"), ("sv-FI", "sv"), ("DA", "da"), ("de", "en"), (None, "en")]
)
def test_the_persons_language_chooses_english_otherwise(wanted, chosen):
    assert catalogue.language_for(wanted) == chosen


def test_only_the_parts_a_channel_sends_are_rendered():
    """An e-mail renders no SMS text and an SMS no e-mail (each render costs queueing time):
    a part that would fail is not even tried."""
    parts = {
        "subject": "Hej",
        "text": "Hej {{ person.first_name }}",
        "html": "<p>{{ person.first_name }}</p>",
        "sms": "{{ person.no_such_fact }}",
    }
    context = dict(catalogue.SAMPLES["staff_message"])
    email = templates.render(parts, context, only={"subject", "text", "html"})
    assert email.text.startswith("Hej") and email.html and email.sms == ""
    with pytest.raises(TemplateProblem):
        templates.render(parts, context, only={"sms"})
    sms_only = {**parts, "text": "{{ person.no_such_fact }}", "sms": "Hej"}
    assert templates.render(sms_only, context, only={"sms"}).sms == "Hej"
