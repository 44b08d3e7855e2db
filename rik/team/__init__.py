"""A real team: its own numbers (form, link, CRM import), the self-assessment and
workshop rooms."""
