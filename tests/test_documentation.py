"""The README documents every question type, setting and command (a test fails when one is added silently)."""
import re
from pathlib import Path

from gapmap.auth import ENV_NAMES
from questionnaires.schema import QUESTION_TYPES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_question_type_is_documented():
    for name in QUESTION_TYPES:
        assert f"`{name}`" in README, name


def test_every_environment_variable_the_code_reads_is_documented():
    read = set()
    for path in ROOT.glob("*/*.py"):
        if path.parts[-2] in {"tests", "bench", ".venv"}:
            continue
        read |= set(re.findall(r"""["'](GAPMAP_[A-Z_]+|DATABASE_URL)["']""", path.read_text(encoding="utf-8")))
    assert read >= set(ENV_NAMES.values()) | {"DATABASE_URL", "GAPMAP_SEED_DEMO"}
    for name in read:
        assert f"`{name}`" in README, name


def test_every_db_command_is_documented():
    source = (ROOT / "db" / "__main__.py").read_text(encoding="utf-8")
    for command in re.findall(r'add_parser\("([a-z-]+)"', source):
        assert f"python -m db {command}" in README, command


def test_readme_starts_with_the_two_commands():
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    assert "pip install -r requirements.txt" in blocks[0] and "streamlit run server.py" in blocks[0]
    assert "pip install -r requirements-dev.txt" in blocks[1] and "python -m pytest" in blocks[1]
    assert "python -m pytest" in (ROOT / ".ci" / "run").read_text()


def test_where_a_change_goes_names_files_that_exist():
    section = README.split("## Where a change goes", 1)[1].split("\n## ", 1)[0]
    paths = re.findall(r"`((?:[a-z_]+/)+[a-z_]+\.py)`", section)
    assert len(paths) >= 15
    assert [p for p in paths if not (ROOT / p).is_file()] == []
    import db.engine

    assert db.engine.read_session and db.engine.write_session  # the names the section gives
