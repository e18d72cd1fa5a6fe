"""Glossaries per language pair: stored terms, CSV and TBX files, applied at translation time
(:mod:`publisher.glossary.protect`) and checked afterwards (:mod:`publisher.glossary.check`).

No web framework here: the CLI, the web pages and the pipeline all call these functions.
"""
