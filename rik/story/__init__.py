"""The story of Mats: chapter figures and their words, texts about the model,
the model diagram and readout sentences."""
