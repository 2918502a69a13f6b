"""HTTP entry points of notify: one blueprint per resource."""
