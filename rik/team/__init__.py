"""A real team at work: the self-assessment (and its then-and-now files), the CRM import
and workshop rooms."""
