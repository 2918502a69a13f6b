"""gunicorn settings for every Foyer web process: `gunicorn -c python:foyer_shared.gunicorn_conf`.

Access lines are logged; create_app's configure_logging turns them (and gunicorn's own lines)
into JSON with the request id, like every other log line.
"""

accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(M)sms rid=%({x-request-id}o)s"
graceful_timeout = 10
# Idle keep-alive connections (the gateway's pool) are closed after this. The gateway reuses a
# connection only within its own, shorter limit (gateway.http1.MAX_IDLE_SECONDS), so it never
# sends on a connection gunicorn is closing.
keepalive = 5
# gunicorn 27's control socket (for `gunicornc`) has one path per user: every service on a host
# would take it over in turn, so a "reload" or "stop" there would reach whichever started last.
# Operators signal a service's own arbiter instead (`kill -HUP`, docs/gateway.md).
control_socket_disable = True


def on_starting(server):
    """Several workers: each binds the port itself (SO_REUSEPORT) and the kernel spreads new
    connections over them. With one shared socket whichever worker woke first took a
    connection, and wrk's 64 keep-alive connections to the gateway's two workers split as
    unevenly as 52/12: the fuller worker's clients waited twice as long, about half the p99 the
    gateway added (docs/gateway.md → Connections spread over the workers). One worker keeps the
    arbiter's socket, whose queue holds new connections while a crashed worker is replaced."""
    if server.num_workers < 2:
        return
    for address in server.cfg.address:
        if isinstance(address, tuple):
            _refuse_if_listened(*address[:2])
    server.cfg.set("reuse_port", True)
    # gunicorn's own "Listening at:" line names no address when the workers bind.
    server.log.info("Each worker listens on %s (reuse_port)", ", ".join(server.cfg.bind))


def post_worker_init(worker):
    """After the worker has loaded its app, so the app's objects are frozen out of the
    collector's passes (foyer_shared.gc_tuning says why)."""
    from foyer_shared.gc_tuning import tune_garbage_collection

    tune_garbage_collection()


def on_reload(server):
    """A HUP reads this file again, which forgets what on_starting set; the arbiter holds no
    socket then, so the new workers must bind their own again (the old ones still listen)."""
    if server.cfg.reuse_port or server.LISTENERS:
        return
    server.cfg.set("reuse_port", True)


def _refuse_if_listened(host: str, port: int) -> None:
    """Linux lets a second gunicorn of the same user share a port both bind with SO_REUSEPORT (a
    stale `make up`, another test suite), splitting the traffic silently; a plain bind refuses
    while anyone listens there."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        # A connection of an earlier run in TIME_WAIT is no listener: gunicorn binds past it too.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))  # OSError "Address already in use" while someone listens
