"""Grade one submission or a batch: notebook → sandbox → tests → results."""
