"""Words and plumbing every layer may use: problems and messages, errors, timings, processes, addresses."""
