"""Imports' rules without a database, a broker or Flask: row rules, file formats, batch order."""
