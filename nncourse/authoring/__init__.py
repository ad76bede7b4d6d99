"""One master notebook → student notebook, solved notebook, public tests, autograder bundle."""
