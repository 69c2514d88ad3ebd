"""python -m reader: start Baca's window."""

import sys

from reader.app import main

sys.exit(main())
