"""The five stretches: specs, counting state machines and posture faults."""

from posecoach.exercises.spec import EXERCISES, Counting, ExerciseSpec, get_exercise

__all__ = ["EXERCISES", "Counting", "ExerciseSpec", "get_exercise"]
