"""The console's pages, one blueprint per area."""

from __future__ import annotations


def register(app) -> None:
    from console.views import (
        account,
        audit,
        card_records,
        contacts,
        crm_card,
        crm_labels,
        crm_settings,
        documents,
        duplicates,
        explain,
        exports,
        health,
        import_activation,
        imports,
        login_email,
        lookups,
        mailouts,
        merges,
        person_create,
        persons,
        roles,
        search,
        self_service,
        staff,
        todo_forms,
        todos,
    )

    for module in (
        health,
        account,
        search,
        persons,
        person_create,
        card_records,
        lookups,
        merges,
        duplicates,
        crm_card,
        exports,
        documents,
        imports,
        todos,
        todo_forms,
        contacts,
        mailouts,
        crm_settings,
        crm_labels,
        login_email,
        staff,
        roles,
        audit,
        explain,
        self_service,
        import_activation,
    ):
        app.register_blueprint(module.blp)
