"""Meta-tests: the README documents the contract the code implements and the commands CI runs; every
dependency is pinned; every query file is used somewhere."""

import re

import pytest

from queries import list_queries
from queries.contract import TABLES
from queries.settings import REPOSITORY_ROOT

README = (REPOSITORY_ROOT / "README.md").read_text(encoding="utf-8")


def readme_section(table_name: str) -> str:
    match = re.search(rf"^### {table_name} .*?(?=^### |^## |\Z)", README, flags=re.M | re.S)
    assert match, f"README has no section for table {table_name}"
    return match.group(0)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_readme_documents_every_contract_table_and_column(table):
    section = readme_section(table.name)
    assert ("(required)" in section) == table.required
    documented = {name.strip() for row in re.findall(r"^\| ([a-z0-9_, ]+) \|", section, flags=re.M)
                  for name in row.split(",")}
    assert {c.name for c in table.columns} <= documented


def test_ci_runs_the_readme_test_command():
    ci = (REPOSITORY_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash tools/run_tests.sh" in ci and "bash tools/run_tests.sh" in README
    assert "python3 -m pip install -r requirements.txt && python3 -m streamlit run app.py" in README


@pytest.mark.parametrize("requirements", ["requirements.txt", "requirements-dev.txt"])
def test_dependencies_are_pinned(requirements):
    lines = [line.strip() for line in (REPOSITORY_ROOT / requirements).read_text().splitlines()]
    packages = [line for line in lines if line and not line.startswith(("#", "-r"))]
    assert packages and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][A-Za-z0-9.]*", p) for p in packages)


def test_every_query_is_used_by_a_page_or_the_tests():
    sources = [REPOSITORY_ROOT / "app.py", *(REPOSITORY_ROOT / "pages").glob("*.py"),
               *(REPOSITORY_ROOT / "csat").rglob("*.py"), *(REPOSITORY_ROOT / "tests").glob("test_*.py")]
    text = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    unused = [q.name for q in list_queries() if f'"{q.name}"' not in text]
    assert unused == []


def test_the_dashboard_listens_on_this_machine_unless_told_otherwise():
    import tomllib

    config = tomllib.loads((REPOSITORY_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    assert "--server.address 0.0.0.0" in README
