"""``python -m chatdialect``: the command line."""

from chatdialect._cli import console

console()
