"""What an update reads besides the content: the sources walked once, and the history from git."""
