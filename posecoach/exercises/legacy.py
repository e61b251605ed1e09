"""What the exercise definitions were in older versions, where stored data still depends on it."""

from __future__ import annotations

#: The exercises whose counted signal was their primary metric at database schema 3 (a database
#: that migration upgrades was made by a version that knew only these and the two twists). Frozen:
#: today's definitions may count otherwise (the fold now counts its tilt since the neutral).
DRIVE_IS_METRIC_AT_SCHEMA_3 = ("cat_cow", "forward_fold", "side_bend")
