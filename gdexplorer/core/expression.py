"""The function language: a safe parser from text to a tape (a flat computation graph).

Grammar (precedence from loose to tight)::

    expression := term (('+' | '-') term)*
    term       := unary (('*' | '/') unary | power)*      # juxtaposition multiplies: 2x, 3(x+1)
                                                         # (but not before a number: "2 3" is an error)
    unary      := ('-' | '+') unary | power
    power      := primary (('^' | '**') unary)?          # right associative; -x^2 = -(x^2)
    primary    := NUMBER | NAME | NAME '(' expression (',' expression)* ')' | '(' expression ')'

User text is never handed to ``eval``/``exec``: a hand-written tokenizer and recursive-descent
parser build the tape directly, folding constants in float64 (``9^9^9^9`` is ``inf`` at once) and
sharing common subexpressions, so that ``x^2`` written twice is computed once. Every error carries
the 1-based column it refers to. Length, nesting depth and size are capped, so hostile input fails
fast with a message instead of a ``RecursionError`` or a hang.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from gdexplorer.core import ops as O
from gdexplorer.core.messages import message

MAX_LENGTH = 10_000
MAX_DEPTH = 100
MAX_NODES = 5_000


class ExpressionError(ValueError):
    """A bad expression. ``column`` is 1-based (None when the error is not at one place).

    ``message`` says what is wrong and ``hint`` (may be "") how to fix it, each a
    :class:`~gdexplorer.core.messages.Message`; the exception's text (its only argument) is a
    Message made of them and the column, so the window can translate it whole or show the parts."""

    def __init__(self, problem: str, column: int | None = None, hint: str = ""):
        self.message = problem
        self.column = column
        self.hint = hint
        if column is None:
            text = message("{problem} ({hint})", problem=problem, hint=hint) if hint else problem
        elif hint:
            text = message("{problem} at column {column} ({hint})", problem=problem, column=column, hint=hint)
        else:
            text = message("{problem} at column {column}", problem=problem, column=column)
        super().__init__(text)

    def __reduce__(self):  # pickled with its parts (a worker's error reaches the window whole)
        return (type(self), (self.message, self.column, self.hint))


_TOKEN_RE = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z_0-9]*)
  | (?P<op>\*\*|[-+*/^(),])
    """,
    re.VERBOSE,
)

# Characters people paste from papers and slides.
_UNICODE = {"−": "-", "×": "*", "·": "*", "⋅": "*", "÷": "/", "π": "pi", "²": "^2", "³": "^3"}


@dataclass(frozen=True)
class Token:
    kind: str  # 'number' | 'name' | 'op' | 'end'
    text: str
    column: int  # 1-based


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch in _UNICODE:
            sub = _UNICODE[ch]
            kind = "name" if sub.isalpha() else "op"
            if sub.startswith("^"):
                tokens.append(Token("op", "^", pos + 1))
                tokens.append(Token("number", sub[1:], pos + 1))
            else:
                tokens.append(Token(kind, sub, pos + 1))
            pos += 1
            continue
        m = _TOKEN_RE.match(text, pos)
        if m is None:
            shown = ch if ch.isprintable() else repr(ch)
            raise ExpressionError(message("unexpected character '{character}'", character=shown), pos + 1)
        kind = m.lastgroup
        if kind == "number" and text.startswith(".", m.end()):  # "1.2.3" is a typo, not 1.2 × .3
            raise ExpressionError(message("malformed number '{number}.': a number has at most one '.'", number=m.group()),
                                  m.end() + 1)
        if kind != "ws":
            tokens.append(Token(kind, m.group(), pos + 1))
        pos = m.end()
    tokens.append(Token("end", "", n + 1))
    return tokens


def _describe(tok: Token) -> str:
    return message("end of expression") if tok.kind == "end" else f"'{tok.text}'"


def _known_names() -> str:
    return ", ".join(sorted(O.FUNCTIONS))


class _TapeBuilder:
    """Appends nodes, folding constants and sharing identical subexpressions (hash-consing)."""

    def __init__(self) -> None:
        self.nodes: list[tuple[int, int, int, float]] = []
        self.uses: list[int] = []  # bit 1: depends on x, bit 2: depends on y
        self._index: dict[tuple, int] = {}

    def _add(self, op: int, a: int, b: int, c: float, uses: int, column: int) -> int:
        key = (op, a, b, c if not np.isnan(c) else "nan")
        if key in self._index:
            return self._index[key]
        if len(self.nodes) >= MAX_NODES:
            raise ExpressionError(message("expression is too large (more than {limit} operations)", limit=MAX_NODES),
                                  column)
        self.nodes.append((op, a, b, c))
        self.uses.append(uses)
        self._index[key] = len(self.nodes) - 1
        return len(self.nodes) - 1

    def const(self, value: float, column: int = 0) -> int:
        return self._add(O.CONST, -1, -1, float(value), 0, column)

    def var(self, name: str, column: int) -> int:
        if name == "x":
            return self._add(O.VAR_X, -1, -1, 0.0, 1, column)
        return self._add(O.VAR_Y, -1, -1, 0.0, 2, column)

    def is_const(self, i: int) -> bool:
        return self.nodes[i][0] == O.CONST

    def value(self, i: int) -> float:
        return self.nodes[i][3]

    def unary(self, op: int, a: int, column: int) -> int:
        if self.is_const(a):
            return self.const(O.fold(op, self.value(a)), column)
        if op == O.NEG and self.nodes[a][0] == O.NEG:  # --u = u exactly
            return self.nodes[a][1]
        return self._add(op, a, -1, 0.0, self.uses[a], column)

    def binary(self, op: int, a: int, b: int, column: int) -> int:
        if self.is_const(a) and self.is_const(b):
            return self.const(O.fold(op, self.value(a), self.value(b)), column)
        if op == O.POW and self.is_const(b):
            c = self.value(b)
            if c == 1.0:
                return a
            return self._add(O.POWC, a, -1, c, self.uses[a], column)
        return self._add(op, a, b, 0.0, self.uses[a] | self.uses[b], column)


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.i = 0
        self.depth = 0
        self.tape = _TapeBuilder()

    # -- token helpers -------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at_op(self, *texts: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in texts

    def expect(self, text: str, context: str) -> Token:
        if not self.at_op(text):
            raise ExpressionError(message("expected '{expected}' {purpose}, found {found}", expected=text, purpose=context,
                                          found=_describe(self.tok)), self.tok.column)
        return self.advance()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError(message("expression is nested too deeply (more than {limit} levels)", limit=MAX_DEPTH),
                                  self.tok.column)

    # -- grammar -------------------------------------------------------------------------------
    def parse(self) -> int:
        if self.tok.kind == "end":
            raise ExpressionError(message("empty expression: type a function of x and y, for example x^2 + y^2"))
        node = self.expression()
        if self.tok.kind != "end":
            raise ExpressionError(message("unexpected {found}", found=_describe(self.tok)), self.tok.column)
        return node

    def expression(self) -> int:
        node = self.term()
        while self.at_op("+", "-"):
            tok = self.advance()
            rhs = self.term()
            node = self.tape.binary(O.ADD if tok.text == "+" else O.SUB, node, rhs, tok.column)
        return node

    def term(self) -> int:
        node = self.unary()
        while True:
            if self.at_op("*", "/"):
                tok = self.advance()
                rhs = self.unary()
                node = self.tape.binary(O.MUL if tok.text == "*" else O.DIV, node, rhs, tok.column)
            elif self.tok.kind == "name" or self.at_op("("):
                column = self.tok.column  # juxtaposition: 2x, 2(x+1), (x+1)(x-1), 2 pi x
                node = self.tape.binary(O.MUL, node, self.power(), column)
            elif self.tok.kind == "number":  # "2 3" or "x 2": a forgotten operator, not a product
                raise ExpressionError(message("missing operator before the number {number}", number=self.tok.text),
                                      self.tok.column, message("write * to multiply, as in 2*3 or x*2"))
            else:
                return node

    def unary(self) -> int:
        if self.at_op("-", "+"):
            tok = self.advance()
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return operand if tok.text == "+" else self.tape.unary(O.NEG, operand, tok.column)
        return self.power()

    def power(self) -> int:
        base = self.primary()
        if self.at_op("^", "**"):
            tok = self.advance()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return self.tape.binary(O.POW, base, exponent, tok.column)
        return base

    def primary(self) -> int:
        tok = self.tok
        if tok.kind == "number":
            self.advance()
            return self.tape.const(float(tok.text), tok.column)
        if tok.kind == "name":
            return self.name()
        if self.at_op("("):
            self.advance()
            self.enter()
            node = self.expression()
            self.depth -= 1
            self.expect(")", message("to close the '(' at column {column}", column=tok.column))
            return node
        if tok.kind == "end":
            raise ExpressionError(message("unexpected end of expression (a number, variable or '(' is missing)"),
                                  tok.column)
        raise ExpressionError(message("unexpected {found}", found=_describe(tok)), tok.column)

    def name(self) -> int:
        tok = self.advance()
        name = tok.text
        if name in O.VARIABLES:
            return self.tape.var(name, tok.column)
        if name in O.CONSTANTS:
            return self.tape.const(O.CONSTANTS[name], tok.column)
        if name in O.FUNCTIONS:
            if not self.at_op("("):
                raise ExpressionError(message("'{name}' is a function: write {name}(...)", name=name), tok.column)
            return self.call(tok)
        hint = message("variables are x and y; constants are pi and e; functions are {functions}",
                       functions=_known_names())
        m = re.fullmatch(r"([xy])([xy0-9.]+)", name)
        if m:
            hint = message("did you mean {suggestion}? {names}", suggestion=f"{m.group(1)}*{m.group(2)}", names=hint)
        raise ExpressionError(message("unknown name '{name}'", name=name), tok.column, hint)

    def call(self, name_tok: Token) -> int:
        op, arity = O.FUNCTIONS[name_tok.text]
        self.advance()  # '('
        self.enter()
        args = [self.expression()]
        while self.at_op(","):
            self.advance()
            args.append(self.expression())
        self.depth -= 1
        self.expect(")", message("to close {function}( at column {column}", function=name_tok.text, column=name_tok.column))
        if arity == -1:
            if len(args) < 2:
                raise ExpressionError(message("{function} takes two or more arguments, got {count}", function=name_tok.text,
                                              count=len(args)), name_tok.column)
            node = args[0]
            for arg in args[1:]:
                node = self.tape.binary(op, node, arg, name_tok.column)
            return node
        if len(args) != arity:
            if arity == 1:
                problem = message("{function} takes 1 argument, got {count}", function=name_tok.text, count=len(args))
            else:
                problem = message("{function} takes {arity} arguments, got {count}", function=name_tok.text, arity=arity,
                                  count=len(args))
            raise ExpressionError(problem, name_tok.column)
        if arity == 1:
            return self.tape.unary(op, args[0], name_tok.column)
        return self.tape.binary(op, args[0], args[1], name_tok.column)


@dataclass(frozen=True, eq=False)
class Expression:
    """A parsed function of x (1-D) or of x and y (2-D), held as a tape of float64 ops."""

    source: str
    ops: np.ndarray = field(repr=False)  # int64[n]
    arg_a: np.ndarray = field(repr=False)  # int64[n]
    arg_b: np.ndarray = field(repr=False)  # int64[n]
    consts: np.ndarray = field(repr=False)  # float64[n]
    dim: int

    @property
    def variables(self) -> tuple[str, ...]:
        return O.VARIABLES[: self.dim]

    @property
    def size(self) -> int:
        return len(self.ops)

    @cached_property
    def key(self) -> str:
        """A stable hash of the tape: equal for expressions that compute the same thing."""
        import hashlib

        h = hashlib.sha1()
        for arr in (self.ops, self.arg_a, self.arg_b, self.consts):
            h.update(np.ascontiguousarray(arr).tobytes())
        h.update(bytes([self.dim]))
        return h.hexdigest()[:16]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and self.key == other.key

    def __hash__(self) -> int:
        return hash(self.key)


def parse(text: str) -> Expression:
    """Parse ``text`` into an :class:`Expression`, or raise :class:`ExpressionError`."""
    if not isinstance(text, str):
        raise ExpressionError(message("the expression must be text"))
    if len(text) > MAX_LENGTH:
        raise ExpressionError(message("expression is too long ({length} characters; the limit is {limit})",
                                      length=len(text), limit=MAX_LENGTH))
    parser = _Parser(text)
    root = parser.parse()
    tape = parser.tape
    nodes = _prune(tape.nodes, root)
    uses = tape.uses[root]
    dim = 2 if uses & 2 else 1
    ops = np.array([n[0] for n in nodes], dtype=np.int64)
    arg_a = np.array([n[1] for n in nodes], dtype=np.int64)
    arg_b = np.array([n[2] for n in nodes], dtype=np.int64)
    consts = np.array([n[3] for n in nodes], dtype=np.float64)
    return Expression(text, ops, arg_a, arg_b, consts, dim)


def _prune(nodes: list[tuple[int, int, int, float]], root: int) -> list[tuple[int, int, int, float]]:
    """Keep only the nodes the root depends on (folding leaves dead constants), renumbered."""
    live = [False] * len(nodes)
    live[root] = True
    for i in range(root, -1, -1):
        if live[i]:
            op, a, b, _ = nodes[i]
            if a >= 0:
                live[a] = True
            if b >= 0:
                live[b] = True
    new_index = {}
    out = []
    for i in range(root + 1):
        if live[i]:
            op, a, b, c = nodes[i]
            new_index[i] = len(out)
            out.append((op, new_index.get(a, -1), new_index.get(b, -1), c))
    return out
