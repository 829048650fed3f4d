"""The SQL building blocks (queries/views/*.sql): created in an order derived from what each uses, the
selection and index macros among them, and no KPI defined in Python."""

import re

from queries.loader import _DEFINED_NAME, building_blocks
from queries.settings import REPOSITORY_ROOT


def test_every_block_comes_after_the_blocks_it_uses():
    order = building_blocks()
    defined_before: set[str] = set()
    every_name = {name for _, sql in order for name in _DEFINED_NAME.findall(sql)}
    for stem, sql in order:
        code = re.sub(r"--[^\n]*", "", sql)
        own = set(_DEFINED_NAME.findall(code))
        used = {name for name in every_name - own if re.search(rf"\b{name}\b", code)}
        assert used <= defined_before, f"{stem} uses {used - defined_before} before it is created"
        defined_before |= own
    # The macros (in_selection, satisfaction_index…) come before every block that uses them (checked above); the
    # summaries that count rows without them (reason_city_month…) may come first.
    assert {"macros", "reason_city_month", "complaint_category_city_month"} <= {stem for stem, _ in order}


def test_the_index_and_the_selection_filter_are_sql():
    blocks = dict(building_blocks())
    # Blocks are CREATE OR REPLACE: a store's update writes them again over the previous ones.
    assert "CREATE OR REPLACE MACRO satisfaction_index" in blocks["macros"]
    assert "CREATE OR REPLACE MACRO in_selection" in blocks["macros"]


def test_no_python_file_defines_a_macro_or_the_index_formula():
    for folder in ("queries", "csat", "review", "pages"):
        for path in (REPOSITORY_ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""["']CREATE (OR REPLACE )?MACRO""", text), path
            assert not re.search(r"weight_speed\s*\*", text), path
