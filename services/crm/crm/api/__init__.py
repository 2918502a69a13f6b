"""HTTP entry points of the CRM: one blueprint per resource."""
