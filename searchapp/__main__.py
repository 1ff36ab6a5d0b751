"""Entry point for `python -m searchapp`."""

import sys

from searchapp.serve import main

sys.exit(main())
