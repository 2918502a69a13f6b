"""The login e-mail rules: mismatch, and when the username follows the e-mail."""

from identity.domain import emails


def test_mismatch_needs_both_and_ignores_case():
    assert emails.mismatch("a@x.se", "b@x.se")
    assert not emails.mismatch("A@x.se", "a@X.se")
    assert not emails.mismatch(None, "a@x.se") and not emails.mismatch("a@x.se", "")


def test_username_follows_only_when_it_is_the_old_email():
    assert emails.username_after_change("Anna@x.se", "anna@x.se", "anna@y.se") == "anna@y.se"
    assert emails.username_after_change("anna", "anna@x.se", "anna@y.se") == "anna"
    assert emails.username_after_change("anna", None, "anna@y.se") == "anna"
