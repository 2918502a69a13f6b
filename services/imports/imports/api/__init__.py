"""HTTP entry points of imports: one blueprint per resource."""
