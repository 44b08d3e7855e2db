"""The Streamlit layer: the shared page frame, widgets from lever metadata, URL state."""
