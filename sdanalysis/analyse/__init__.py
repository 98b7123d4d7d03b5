"""Analyses: processed DataFrames and explicit parameters in, numbers out."""
