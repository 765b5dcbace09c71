"""``python -m nvdict``: see nvdict.cli."""

from nvdict.cli import main

raise SystemExit(main())
