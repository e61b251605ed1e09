"""Errors a user can cause. Each carries one line that says what went wrong and how to fix it."""


class PosecoachError(Exception):
    """Base class: the CLI prints ``str(error)`` as one line and exits with code 2."""


class ModelError(PosecoachError):
    """The pose model bundle is missing, corrupt or cannot be loaded."""


class SourceError(PosecoachError):
    """A camera or video file cannot be opened or read."""
