"""``python -m autograder.classreport OUT``: the same as ``python -m autograder report OUT``."""

import sys

from autograder.classreport import main

sys.exit(main())
