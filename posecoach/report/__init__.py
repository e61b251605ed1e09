"""Reviewing sessions: progress over time, plots, exports and the HTML report."""
