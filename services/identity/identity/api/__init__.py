"""HTTP entry points of identity: one blueprint per resource."""
