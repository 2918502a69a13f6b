"""notify's rules without I/O: delivery states and back-off, templates, message building."""
