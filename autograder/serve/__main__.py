"""``python -m autograder.serve`` (the same as ``python -m autograder serve``)."""

from autograder.serve import main

raise SystemExit(main())
