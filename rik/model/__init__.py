"""The model: levers, assumptions, presets, outputs, the equations, simulation,
payback and calibration to a real team."""
