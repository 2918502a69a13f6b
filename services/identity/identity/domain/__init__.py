"""Identity's rules without I/O: who may act, roles, the password policy, throttle arithmetic."""
