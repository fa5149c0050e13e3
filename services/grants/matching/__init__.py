"""Duplicate-funding matching: does this bid pay for something already paid for elsewhere?"""
