"""``python -m mosaic_match``: the same command line as ``mosaic-match``."""

from .cli import main

raise SystemExit(main())
