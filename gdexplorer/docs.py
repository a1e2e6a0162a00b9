"""README sections generated from the registries (the optimizer table, the function language), so
the docs cannot drift from the code. `python -m gdexplorer.docs` rewrites them in README.md;
a test fails when README.md is stale."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from gdexplorer.core import ops as O
from gdexplorer.core.optimizers import OPTIMIZERS

MARK = "<!-- generated: {name} (python -m gdexplorer.docs) -->"
END = "<!-- end generated: {name} -->"


def optimizer_table() -> str:
    lines = [
        "| name | optimizer | update (g = ∇f(θ), t = step) | hyperparameters (default, range) | torch.optim |",
        "|---|---|---|---|---|",
    ]
    for spec in OPTIMIZERS.values():
        params = "<br>".join(
            f"`{hp.name}`={hp.default:g} {hp.range_text()}" for hp in spec.hyperparameters
        )
        if spec.default_noise:
            params += f"<br>noise σ={spec.default_noise:g} (`--noise`)"
        lines.append(f"| `{spec.name}` | {spec.label} | {spec.formula} | {params} | `{spec.torch}` |")
    return "\n".join(lines)


def function_list() -> str:
    unary = sorted(name for name, (_, arity) in O.FUNCTIONS.items() if arity == 1)
    binary = sorted(name for name, (_, arity) in O.FUNCTIONS.items() if arity != 1)
    return (
        f"- one argument: {', '.join(f'`{n}`' for n in unary)}\n"
        f"- two arguments: {', '.join(f'`{n}(a, b)`' for n in binary)} (`min`/`max` take two or more)\n"
        f"- constants: {', '.join(f'`{n}`' for n in O.CONSTANTS)}; variables: `x`, `y`"
    )


SECTIONS = {"optimizer-table": optimizer_table, "function-list": function_list}


def render(readme: str) -> str:
    for name, make in SECTIONS.items():
        start, end = MARK.format(name=name), END.format(name=name)
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
        block = f"{start}\n{make()}\n{end}"
        readme, count = pattern.subn(lambda _m: block, readme)
        if count != 1:
            raise ValueError(f"README.md needs exactly one block of {start} ... {end}")
    return readme


def main(argv=None) -> int:
    path = Path(argv[0] if argv else Path(__file__).resolve().parent.parent / "README.md")
    text = path.read_text(encoding="utf-8")
    path.write_text(render(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
