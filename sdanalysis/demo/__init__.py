"""The synthetic demo gemeente: model, generation, messy raw files."""
