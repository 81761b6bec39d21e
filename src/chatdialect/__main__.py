"""``python -m chatdialect``: the command line."""

from chatdialect.cli import main

raise SystemExit(main())
