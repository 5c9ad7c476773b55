"""``python -m mosaic_match.groups``: the peer-group command on its own."""

import sys

from . import main

sys.exit(main())
