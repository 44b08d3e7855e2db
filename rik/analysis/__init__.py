"""Analyses on the model: uncertainty (Monte Carlo), sensitivity and goal seek."""
