"""networkx projections and tables of the built graph: one question per module."""
