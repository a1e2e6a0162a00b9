"""The README's generated sections (optimizer table, function list) match the registries."""
from pathlib import Path

from gdexplorer import docs
from gdexplorer.core.optimizers import OPTIMIZERS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_generated_sections_are_current():
    text = README.read_text(encoding="utf-8")
    assert docs.render(text) == text, "README.md is stale: run `python -m gdexplorer.docs`"


def test_optimizer_table_lists_every_registry_entry_with_its_formula():
    table = docs.optimizer_table()
    for spec in OPTIMIZERS.values():
        assert f"| `{spec.name}` | {spec.label} | {spec.formula} |" in table
