"""HTTP entry points of the registry: one blueprint per resource."""
