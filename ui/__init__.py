"""Streamlit glue shared by the pages: cached resources, who is signed in, page guards."""
