"""Coaching: the per-frame exercise coach, events and scoring."""
