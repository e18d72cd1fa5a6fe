"""One module per schema revision, named by its revision id (0001_baseline, 0002_...)."""
