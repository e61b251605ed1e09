"""Drawing the coach's view. Never counts or decides anything: it shows the exercise coach's state."""
