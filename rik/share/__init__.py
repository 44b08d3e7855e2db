"""What leaves the app: URL state, scenario files and the one-page brief."""
