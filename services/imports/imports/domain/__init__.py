"""Imports' rules, without a database, a broker or Flask: the row rules (rows/), the file formats
(reading/, writing.py; reading and writing the file is their only I/O), the batch order, the
earlier rows of a dry run, the suggested mapping, progress and the domain errors."""
