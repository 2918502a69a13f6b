"""The request as the lean path (lean.py) reads it: straight from the WSGI environ, as
werkzeug's Request computes the same values on the Flask path."""

from __future__ import annotations

from werkzeug.wsgi import get_content_length, get_host, get_input_stream


class _Headers:
    """The request's headers as werkzeug's EnvironHeaders lists them (the names of the CGI
    keys remembered), for what proxy.py reads: get() and items()."""

    __slots__ = ("_environ",)
    _names: dict[str, str] = {}
    _CGI = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})
    _SHADOWED = frozenset({"HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"})

    def __init__(self, environ: dict):
        self._environ = environ

    def get(self, name: str, default=None):
        key = name.upper().replace("-", "_")
        if key not in self._CGI:
            key = "HTTP_" + key
        return self._environ.get(key, default)

    def items(self):
        names = self._names
        for key, value in self._environ.items():
            if key.startswith("HTTP_"):
                if key in self._SHADOWED:
                    continue
            elif key not in self._CGI or not value:
                continue
            name = names.get(key)
            if name is None:
                name = key.removeprefix("HTTP_").replace("_", "-").title()
                if len(names) < 512:  # clients choose header names: remember a bounded few
                    names[key] = name
            yield name, value


class LeanRequest:
    """What proxy.py reads from a request, straight from the WSGI environ, as werkzeug's
    Request computes it."""

    __slots__ = ("environ", "method", "path", "headers", "remote_addr", "scheme")

    def __init__(self, environ: dict, method: str, path: str):
        self.environ, self.method, self.path = environ, method, path
        self.headers = _Headers(environ)
        self.remote_addr = environ.get("REMOTE_ADDR")
        self.scheme = environ.get("wsgi.url_scheme", "http")

    @property
    def host(self) -> str:
        return get_host(self.environ)

    @property
    def content_length(self) -> int | None:
        return get_content_length(self.environ)

    @property
    def query_string(self) -> bytes:
        return self.environ.get("QUERY_STRING", "").encode("latin1")

    @property
    def stream(self):
        return get_input_stream(self.environ, max_content_length=None)


def wsgi_path(environ: dict) -> str:
    """PATH_INFO decoded as werkzeug's Request.path decodes it."""
    raw = environ.get("PATH_INFO") or ""
    return "/" + raw.encode("latin1").decode(errors="replace").lstrip("/")
