"""GapMap's domain logic: plain Python that pages call and tests import (no Streamlit)."""
