"""``python -m chatdialect``: the command line."""

from chatdialect._cli import main

raise SystemExit(main())
