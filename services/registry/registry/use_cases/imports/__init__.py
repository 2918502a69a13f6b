"""Import batches from the imports service: applying rows, their order, fast paths and undo."""
