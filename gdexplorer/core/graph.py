"""The backpropagation graph of an expression at a point (issue 10.5, seed 003).

One node per operation of the expression's tape, listed in BACKWARD order: the root (f) first,
then every node after all the nodes that use it (the tape is topologically ordered, inputs before
their users, so backward order is the tape reversed). Each node carries its forward value, the
local partial derivatives ∂node/∂input on its input edges (``kernels.op_partials``, the same
function the reverse-mode kernel uses) and its adjoint ∂f/∂node.

The adjoints are pushed exactly as ``kernels.eval_point`` does: the root's adjoint is 1, and each
node, when its turn comes, adds ``adjoint × partial`` to each input's adjoint. A node used by two
paths (the parser shares repeated subexpressions, so ``x*y + x*y`` has one ``x*y`` node, and seed
003's shared hidden unit is one node) therefore ends with the SUM of both contributions, and the
adjoints of the x and y nodes are the gradient. A variable the expression does not contain has no
node (its partial derivative is 0).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from gdexplorer.core import derivatives as D
from gdexplorer.core import kernels as K
from gdexplorer.core import ops as O
from gdexplorer.core.expression import Expression


@dataclass(frozen=True)
class Node:
    id: int  # the node's index in the tape (inputs have smaller ids)
    op: str  # ops.OP_NAMES: "x", "y", "const", "+", "*", "^c", "sin", ...
    inputs: tuple[int, ...]  # ids of the operands (a node may appear twice: x*x is ("*", (k, k)))
    value: float  # forward value
    adjoint: float  # ∂f/∂node
    partials: tuple[float, ...]  # ∂node/∂input, one per input, in the order of ``inputs``
    const: float | None = None  # the number of a "const" node, the exponent c of a "^c" node

    def as_dict(self) -> dict:
        return {"id": self.id, "op": self.op, "inputs": list(self.inputs), "value": self.value,
                "adjoint": self.adjoint, "partials": list(self.partials), "const": self.const}


def computation_graph(expr: Expression, point: Sequence[float]) -> list[Node]:
    """The tape's nodes at ``point`` in backward order (root first), with values and adjoints."""
    x, y = D._point(expr, point)
    ops, arg_a, arg_b, consts = D.tape(expr)
    n = expr.size
    vals = np.empty(n)
    K.forward(ops, arg_a, arg_b, consts, x, y, vals)
    adjoint = [0.0] * n
    adjoint[n - 1] = 1.0
    nodes = []
    for i in range(n - 1, -1, -1):  # the reverse pass of kernels.eval_point, one node at a time
        op = int(ops[i])
        a, b = int(arg_a[i]), int(arg_b[i])
        if op in (O.CONST, O.VAR_X, O.VAR_Y):
            inputs: tuple[int, ...] = ()
            partials: tuple[float, ...] = ()
        else:
            va = float(vals[a])
            vb = float(vals[b]) if b >= 0 else 0.0
            da, db = K.op_partials(op, va, vb, float(consts[i]), float(vals[i]))
            w = adjoint[i]
            adjoint[a] += w * da
            if b >= 0:
                adjoint[b] += w * db
                inputs, partials = (a, b), (float(da), float(db))
            else:
                inputs, partials = (a,), (float(da),)
        const = float(consts[i]) if op in (O.CONST, O.POWC) else None
        nodes.append(Node(i, O.OP_NAMES[op], inputs, float(vals[i]), float(adjoint[i]), partials, const))
    return nodes
