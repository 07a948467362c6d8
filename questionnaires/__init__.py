"""Questionnaire files, their schema and their loader (no Streamlit, no database)."""
