"""The language work both backends share: sentences, actors, attribution,
loaded language, claims, open questions and the summary.

Each module is one step that reads an article (and what earlier steps found)
and returns plain data from `generator.model`; none imports a backend.
"""
