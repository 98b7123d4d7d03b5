"""Standaardgrafieken van sdanalysis: één functie per grafieksoort, altijd in de huisstijl.

Elke functie neemt een DataFrame en geeft een matplotlib ``Figure`` terug.
"""
