"""Kept records: what every record people keep in the portfolio and on the roadmap has
(``models.KeptRecord``), and the one way to save, archive and restore one with its
permission check and audit row (``services``), and to show a broken constraint on its field
(``forms.KeptRecordForm``)."""
