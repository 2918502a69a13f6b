"""Built-in relation types, each with the labels of both directions (docs/registry.md)."""

# type: (label from the first person's side, label from the second person's side)
RELATION_TYPES: dict[str, tuple[str, str]] = {
    "parent": ("parent of", "child of"),
    "partner": ("partner of", "partner of"),
    "contact_person": ("contact person for", "has contact person"),
    "statutory_representative": ("statutory representative of", "represented by"),
    "employee": ("works at", "employs"),
}
