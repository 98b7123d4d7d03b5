"""sdanalysis: analyses voor het sociaal domein (Wmo 2015, Jeugdwet) van een gemeente."""

__version__ = "0.1.0"
