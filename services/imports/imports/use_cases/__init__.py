"""Imports' use cases, a module per step of a job: each opens its unit of work (or, for a consumed
message, runs in the consumer's), reaches the database through repository/ and applies domain/.
storing, inspecting and finishing are steps several of them share."""
