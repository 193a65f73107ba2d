"""`python -m app` is the same as the `gridscope` command."""

from app.cli import main

raise SystemExit(main())
