"""`python -m dockersim.cli` == the `dockersim` console script."""

import sys

from dockersim.cli import main

sys.exit(main())
