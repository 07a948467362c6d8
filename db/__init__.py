"""GapMap's data layer: tables, engine, migrations, queries and writes (no Streamlit)."""
