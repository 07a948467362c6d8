"""Reports and archives of an event: Excel, CSV, JSON (no Streamlit)."""
