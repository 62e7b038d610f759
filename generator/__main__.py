"""``python -m generator``: the ``specgen`` command line."""

import sys

from generator.cli import main

sys.exit(main())
