"""Duplicate-funding matching: signals, scorer, index, and the labelled evaluation set."""
