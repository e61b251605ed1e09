"""The stretches: one declarative definition each, their counting state machines and posture faults."""

from posecoach.exercises.registry import DEMO, EXERCISES, Counting, ExerciseSpec, get_exercise

__all__ = ["DEMO", "EXERCISES", "Counting", "ExerciseSpec", "get_exercise"]
