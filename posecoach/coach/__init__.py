"""Coaching: the per-frame analyzer, events and scoring."""
