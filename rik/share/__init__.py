"""What leaves the app and comes back: URL state, scenario files, the one-page brief and
a team's own figures (the form, its link and export)."""
