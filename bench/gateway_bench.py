"""Gateway benchmark: GET /api/registry/persons/{id} four ways, in one run on this machine.

1. straight to the registry (with a valid access context), 2. nginx as a plain reverse proxy
with upstream keep-alive (skipped with a message when nginx is not installed), 3. the gateway
with a warm decision cache, 4. the gateway with its caches disabled (identity on every request).

Then the light upstream: `GET /api/registry/relation-types`, a route the registry answers from
a constant (permission `registry.persons.read`, no database), straight / through nginx / through
the warm gateway, so the gateway's own cost shows instead of the registry's: throughput at
LIGHT_CONNECTIONS, CPU per request of the proxy, p50 added at one connection and p99 added at
LIGHT_CONNECTIONS (each against the registry straight, in the same round), the last also at a
fixed rate below saturation (PACED_SHARE of the registry's straight throughput). For comparison,
the same gateway with every request through Flask (FOYER_LEAN_PATH=false: what the lean path saves)
and the same app under granian (a Rust HTTP server hosting WSGI) when it is installed; and the
servers alone (bench/server_floor.py: a constant answer), what each costs before the gateway.

Load generator: wrk. Identity and registry run as `make up` runs them (gunicorn gthread,
1 worker x 8 threads) on PostgreSQL; the gateway as its Dockerfile runs it.
"""

from __future__ import annotations

import collections
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "infra"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devstack import ensure_context_keys  # noqa: E402
from gateway_stack import (  # noqa: E402
    BIN,
    ROOT,
    Processes,
    granian,
    group_cpu_seconds,
    gunicorn,
    start_nginx,
    wait,
)
from report import record  # noqa: E402

import foyer_testing as testing  # noqa: E402
from foyer_shared.access import CONTEXT_HEADER, ContextSigner  # noqa: E402

PORTS = {
    "identity": 18181,
    "registry": 18182,
    "gateway": 18180,
    "gateway_nocache": 18190,
    "nginx": 18188,
    "gateway_granian": 18192,
    "gateway_flask": 18194,
    "floor_gunicorn": 18196,
    "floor_granian": 18197,
}
# Each gateway's internal listener (/metrics): its public port + 1000.
INTERNAL_OFFSET = 1000
PASSWORD = "bench-owner-password-1"
GATEWAY_WORKERS = int(os.environ.get("BENCH_GATEWAY_WORKERS", "2"))
GATEWAY_THREADS = int(os.environ.get("BENCH_GATEWAY_THREADS", "16"))
GATEWAY_WORKER_CLASS = os.environ.get("BENCH_GATEWAY_WORKER_CLASS", "gthread")
GRANIAN_THREADS = int(os.environ.get("BENCH_GRANIAN_THREADS", "16"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
LATENCY_DURATION = os.environ.get("BENCH_LATENCY_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
LIGHT_PATH = "/relation-types"  # answered from a constant: the registry costs almost nothing
LIGHT_CONNECTIONS = int(os.environ.get("BENCH_LIGHT_CONNECTIONS", "64"))
# The light upstream is also measured at a fixed rate: this share of the registry's straight
# maximum in the same round (its own throughput run), the same rate for every configuration.
PACED_SHARE = float(os.environ.get("BENCH_PACED_SHARE", "0.6"))
PACED_SCRIPT = Path(__file__).resolve().parent / "wrk_paced.lua"


def wrk(
    url: str, headers: dict[str, str], connections: int, duration: str, rate: float | None = None
) -> dict:
    """wrk's figures; `rate` (requests/s over all connections): paced by wrk_paced.lua
    instead of each connection sending its next request as soon as the answer is in."""
    threads = min(2, connections)
    argv = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency"]
    env = None
    if rate:
        # wrk runs unpaced, saying nothing, when its script is missing.
        if not PACED_SCRIPT.is_file():
            raise FileNotFoundError(PACED_SCRIPT)
        argv += ["-s", str(PACED_SCRIPT)]
        env = {**os.environ, "WRK_MEAN_DELAY_MS": f"{connections * 1000 / rate:.3f}"}
    for name, value in headers.items():
        argv += ["-H", f"{name}: {value}"]
    out = subprocess.run(argv + [url], capture_output=True, text=True, check=True, env=env).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "total": total,
        "p50_ms": _percentile(out, "50%"),
        "p99_ms": _percentile(out, "99%"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def _percentile(out: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _identity_calls(gateway: str | None) -> float:
    if gateway is None:
        return 0.0
    port = int(gateway.rsplit(":", 1)[1]) + INTERNAL_OFFSET
    text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    pattern = (
        r'foyer_gateway_internal_calls_total\{call="(?:access|jwks)",'
        r'service="identity"\} ([\d.e+]+)'
    )
    return sum(float(v) for v in re.findall(pattern, text))


def measure(
    name: str,
    url: str,
    headers: dict,
    processes: Processes,
    proxy: str | None = None,
    gateway: str | None = None,
    connections: int = CONNECTIONS,
    pace: dict | None = None,
) -> dict:
    """Throughput at `connections` concurrent clients, then latency with one client. With
    `pace` (one dict per round), also latency at `connections` paced to pace["rate"], which
    the round's first paced configuration sets to PACED_SHARE of its own throughput."""
    for _ in range(50):  # warm: caches, keep-alive pools, JIT-free but lazy imports
        requests.get(url, headers=headers, timeout=5).raise_for_status()
    groups = {k: processes.by_name[k] for k in ("registry", "identity", proxy) if k}
    cpu_before = {k: group_cpu_seconds(pid) for k, pid in groups.items()}
    sys_before = {k: group_cpu_seconds(pid, "system") for k, pid in groups.items()}
    calls_before = _identity_calls(gateway)
    split = _ConnectionSplit(int(url.split(":")[2].split("/")[0])) if proxy else None
    result = wrk(url, headers, connections, DURATION)
    result["busiest_process_connections"] = split.busiest() if split else 0
    calls = _identity_calls(gateway) - calls_before
    result["identity_per_request"] = calls / max(result["total"], 1) if gateway else None
    result["cpu_ms_per_request"] = {
        k: round((group_cpu_seconds(pid) - cpu_before[k]) * 1000 / max(result["total"], 1), 3)
        for k, pid in groups.items()
    }
    result["system_cpu_ms_per_request"] = {
        k: round(
            (group_cpu_seconds(pid, "system") - sys_before[k]) * 1000 / max(result["total"], 1), 3
        )
        for k, pid in groups.items()
    }
    if pace is not None:
        pace.setdefault("rate", PACED_SHARE * result["rps"])
        paced = wrk(url, headers, connections, DURATION, rate=pace["rate"])
        result["paced"] = {
            "rate": pace["rate"],
            "rps": paced["rps"],
            "p50_ms": paced["p50_ms"],
            "p99_ms": paced["p99_ms"],
        }
        result["paced_non_2xx"], result["paced_total"] = paced["non_2xx"], paced["total"]
    log = processes.var / f"{proxy}.log" if gateway else None
    offset = log.stat().st_size if log else 0
    cpu_before = {k: group_cpu_seconds(pid) for k, pid in groups.items()}
    single = wrk(url, headers, 1, LATENCY_DURATION)
    result["p50_ms_1conn"], result["p99_ms_1conn"] = single["p50_ms"], single["p99_ms"]
    # CPU per request with one client: the same work without the processes fighting over the
    # two cores (at `connections` the CPU time of everything inflates with the contention).
    result["cpu_ms_per_request_1conn"] = {
        k: round((group_cpu_seconds(pid) - cpu_before[k]) * 1000 / max(single["total"], 1), 3)
        for k, pid in groups.items()
    }
    if log:
        result["in_gateway_p50_ms_1conn"] = _time_in_gateway(log, offset)
    print(f"{name}: {result}", flush=True)
    return result


class _ConnectionSplit:
    """How wrk's connections sit on the proxy's processes: read once, 2 s into the run (they
    are all open by then and stay open), in a thread beside it."""

    def __init__(self, port: int):
        self.port, self.counts = port, []
        self._thread = threading.Timer(2.0, self._read)
        self._thread.start()

    def _read(self) -> None:
        out = subprocess.run(
            ["ss", "-tnpH", "state", "established", f"( sport = :{self.port} )"],
            capture_output=True,
            text=True,
        ).stdout
        self.counts = sorted(
            collections.Counter(re.findall(r"pid=(\d+)", out)).values(), reverse=True
        )

    def busiest(self) -> int:
        """Connections held by the process holding most (0: ss could not tell)."""
        self._thread.join()
        return self.counts[0] if self.counts else 0


def _time_in_gateway(log: Path, offset: int) -> float | None:
    """p50 of (gateway time - upstream time) from the gateway's own access lines: the time
    spent inside the gateway's WSGI app (lean path or Flask), without gunicorn's handling and
    the network hops."""
    own = []
    with log.open("rb") as handle:
        handle.seek(offset)
        for raw in handle:
            if b'"gateway.access"' not in raw:
                continue
            line = json.loads(raw)
            if line.get("upstream_ms") is not None:
                own.append(line["duration_ms"] - line["upstream_ms"])
    return statistics.median(own) if own else None


def run() -> dict:
    if not shutil.which("wrk"):
        raise SystemExit("gateway bench: wrk is not installed (apt-get install wrk)")
    run_id = testing.run_id()
    var = Path(tempfile.mkdtemp(prefix="foyer-gw-bench-"))
    ensure_context_keys(var / "keys")
    dbs = {
        name: testing.create_pg_database(f"foyer_bench_{run_id}_{name}")
        for name in ("identity", "registry")
    }
    vhost = f"foyer_bench_{run_id}"
    amqp = testing.create_vhost(vhost)
    processes = Processes(var)
    try:
        return _run(var, dbs, amqp, processes)
    finally:
        processes.stop()
        for name in dbs:
            testing.drop_pg_database(f"foyer_bench_{run_id}_{name}")
        testing.delete_vhost(vhost)
        shutil.rmtree(var, ignore_errors=True)


def _env(var: Path, amqp: str, **extra: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "AMQP_URL": amqp,
            "LOG_LEVEL": "INFO",
            "FOYER_CONTEXT_PUBLIC_KEY_FILE": str(var / "keys/context_public.pem"),
            "FOYER_CONTEXT_PRIVATE_KEY_FILE": str(var / "keys/context_private.pem"),
            "FOYER_UPSTREAM_IDENTITY": f"http://127.0.0.1:{PORTS['identity']}",
            "FOYER_UPSTREAM_REGISTRY": f"http://127.0.0.1:{PORTS['registry']}",
            # The other services are not started: their routes answer 503, which costs nothing here.
            **{
                f"FOYER_UPSTREAM_{n.upper()}": f"http://127.0.0.1:{18183 + i}"
                for i, n in enumerate(("crm", "imports", "notify"))
            },
            # The general per-account limit stays on (its cost is measured) but out of reach.
            "FOYER_RATE_LIMIT_PER_ACCOUNT": "100000000/minute",
        }
    )
    env.update(extra)
    return env


def _with_internal(argv: list[str], port: int) -> list[str]:
    """The gateway's command with its internal listener (/metrics) bound too."""
    return [*argv[:-1], "-b", f"127.0.0.1:{port + INTERNAL_OFFSET}", argv[-1]]


def _run(var: Path, dbs: dict, amqp: str, processes: Processes) -> dict:
    for name in ("identity", "registry"):
        env = _env(var, amqp, DATABASE_URL=dbs[name], FOYER_OWNER_PASSWORD=PASSWORD)
        subprocess.run(
            [str(BIN / "python"), "-m", name, "migrate"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        processes.spawn(
            name,
            gunicorn(f"{name}:create_app()", PORTS[name], 1, 8, "foyer_shared.gunicorn_conf"),
            env,
        )
    for name in ("identity", "registry"):
        wait(f"http://127.0.0.1:{PORTS[name]}/openapi.json")
    gateway_argv = gunicorn(
        "gateway:create_app()",
        PORTS["gateway"],
        GATEWAY_WORKERS,
        GATEWAY_THREADS,
        "gateway.gunicorn_conf",
        GATEWAY_WORKER_CLASS,
    )
    processes.spawn(
        "gateway",
        _with_internal(gateway_argv, PORTS["gateway"]),
        _env(var, amqp, FOYER_INTERNAL_PORT=str(PORTS["gateway"] + INTERNAL_OFFSET)),
    )
    nocache_argv = gunicorn(
        "gateway:create_app()",
        PORTS["gateway_nocache"],
        GATEWAY_WORKERS,
        GATEWAY_THREADS,
        "gateway.gunicorn_conf",
        GATEWAY_WORKER_CLASS,
    )
    processes.spawn(
        "gateway-nocache",
        _with_internal(nocache_argv, PORTS["gateway_nocache"]),
        _env(
            var,
            amqp,
            FOYER_PERMISSION_CACHE_TTL_SECONDS="0",
            FOYER_INTERNAL_PORT=str(PORTS["gateway_nocache"] + INTERNAL_OFFSET),
        ),
    )
    flask_argv = gunicorn(
        "gateway:create_app()",
        PORTS["gateway_flask"],
        GATEWAY_WORKERS,
        GATEWAY_THREADS,
        "gateway.gunicorn_conf",
        GATEWAY_WORKER_CLASS,
    )
    processes.spawn(  # the same gateway with every request through Flask: the lean path's saving
        "gateway-flask",
        _with_internal(flask_argv, PORTS["gateway_flask"]),
        _env(
            var,
            amqp,
            FOYER_LEAN_PATH="false",
            FOYER_INTERNAL_PORT=str(PORTS["gateway_flask"] + INTERNAL_OFFSET),
        ),
    )
    granian_url = _start_granian(var, amqp, processes)
    floors = _start_floors(var, processes)
    flask_url = f"http://127.0.0.1:{PORTS['gateway_flask']}"
    wait(f"{flask_url}/api/openapi.json")
    gateway = f"http://127.0.0.1:{PORTS['gateway']}"
    nocache = f"http://127.0.0.1:{PORTS['gateway_nocache']}"
    wait(f"{gateway}/api/openapi.json")
    wait(f"{nocache}/api/openapi.json")
    created = requests.post(
        f"{gateway}/api/registry/persons",
        headers=_owner_bearer(gateway),
        timeout=10,
        json={"first_name": "Åsa", "last_name": "Lindström"},
    )
    created.raise_for_status()
    person = created.json()["id"]
    path = f"/persons/{person}"
    signer = ContextSigner((var / "keys/context_private.pem").read_text(), ttl_seconds=600)
    # Credentials are renewed at the start of every round: a whole run (with the granian rows,
    # about 20 minutes) outlasts both the 10-minute context and the 15-minute owner token.
    credentials: dict[str, dict[str, str]] = {}
    pace: dict[str, float] = {}  # the round's fixed rate (measure)

    def renew() -> None:
        pace.clear()
        credentials["bearer"] = _owner_bearer(gateway)
        credentials["direct"] = _direct_headers(signer, path)
        credentials["light"] = _direct_headers(signer, LIGHT_PATH)

    direct_url = f"http://127.0.0.1:{PORTS['registry']}{path}"
    nginx_url = start_nginx(var, path, processes, PORTS["registry"], PORTS["nginx"])
    nginx_light = nginx_url and nginx_url.replace(path, LIGHT_PATH)
    light = LIGHT_CONNECTIONS
    plan = {
        "direct": lambda: measure("direct", direct_url, credentials["direct"], processes),
        "nginx": lambda: (
            nginx_url and measure("nginx", nginx_url, credentials["direct"], processes, "nginx")
        ),
        "gateway_warm": lambda: measure(
            "gateway warm",
            f"{gateway}/api/registry{path}",
            credentials["bearer"],
            processes,
            "gateway",
            gateway,
        ),
        "gateway_nocache": lambda: measure(
            "gateway no cache",
            f"{nocache}/api/registry{path}",
            credentials["bearer"],
            processes,
            "gateway-nocache",
            nocache,
        ),
        "direct_light": lambda: measure(
            "direct light",
            f"http://127.0.0.1:{PORTS['registry']}{LIGHT_PATH}",
            credentials["light"],
            processes,
            connections=light,
            pace=pace,
        ),
        "nginx_light": lambda: (
            nginx_light
            and measure(
                "nginx light",
                nginx_light,
                credentials["light"],
                processes,
                "nginx",
                connections=light,
                pace=pace,
            )
        ),
        "gateway_light": lambda: measure(
            "gateway light",
            f"{gateway}/api/registry{LIGHT_PATH}",
            credentials["bearer"],
            processes,
            "gateway",
            gateway,
            connections=light,
            pace=pace,
        ),
        "flask_light": lambda: measure(
            "gateway Flask path light",
            f"{flask_url}/api/registry{LIGHT_PATH}",
            credentials["bearer"],
            processes,
            "gateway-flask",
            flask_url,
            connections=light,
            pace=pace,
        ),
        "granian_light": lambda: (
            granian_url
            and measure(
                "gateway under granian light",
                f"{granian_url}/api/registry{LIGHT_PATH}",
                credentials["bearer"],
                processes,
                "gateway-granian",
                connections=light,
                pace=pace,
            )
        ),
        **{
            f"floor_{server}": (
                lambda server=server, url=url: measure(
                    f"{server} alone", url, {}, processes, f"floor-{server}", connections=light
                )
            )
            for server, url in floors.items()
        },
    }
    only = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
    steps = {name: step for name, step in plan.items() if not only or name in only}
    # Rounds interleave the configurations, so a noisy neighbour hits them all alike.
    rounds = []
    for _ in range(ROUNDS):
        renew()
        rounds.append({name: step() for name, step in steps.items()})
    return {name: _median(round_[name] for round_ in rounds) for name in steps}


def _start_granian(var: Path, amqp: str, processes: Processes) -> str | None:
    """The warm gateway's app under granian instead of gunicorn (no internal listener)."""
    argv = granian(
        "gateway:create_app()", PORTS["gateway_granian"], GATEWAY_WORKERS, GRANIAN_THREADS
    )
    if argv is None:
        return None
    metrics_dir = var / "granian-metrics"  # what gateway.gunicorn_conf sets up under gunicorn
    metrics_dir.mkdir()
    processes.spawn(
        "gateway-granian", argv, _env(var, amqp, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir))
    )
    url = f"http://127.0.0.1:{PORTS['gateway_granian']}"
    wait(f"{url}/api/openapi.json")
    return url


def _start_floors(var: Path, processes: Processes) -> dict[str, str]:
    """server_floor.py's constant answer under gunicorn (as the gateway runs) and granian."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "bench")}
    argvs = {
        "gunicorn": gunicorn(
            "server_floor:create_app()",
            PORTS["floor_gunicorn"],
            GATEWAY_WORKERS,
            GATEWAY_THREADS,
            "gateway.gunicorn_conf",  # the gateway's settings: no gunicorn access line
            GATEWAY_WORKER_CLASS,
        ),
        "granian": granian(
            "server_floor:create_app()", PORTS["floor_granian"], GATEWAY_WORKERS, GRANIAN_THREADS
        ),
    }
    urls = {}
    for server, argv in argvs.items():
        if argv is None:
            continue
        processes.spawn(f"floor-{server}", argv, env)
        urls[server] = f"http://127.0.0.1:{PORTS[f'floor_{server}']}/"
        wait(urls[server])
    return urls


def _owner_bearer(gateway: str) -> dict[str, str]:
    login = requests.post(
        f"{gateway}/api/identity/auth/login",
        timeout=10,
        json={"username": "owner", "password": PASSWORD},
    )
    login.raise_for_status()
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def _direct_headers(signer: ContextSigner, path: str) -> dict[str, str]:
    """One context for a round's direct runs (bound to GET and this path; a longer TTL)."""
    context = signer.sign(
        audience="registry",
        method="GET",
        path=path,
        request_id="bench",
        # As the desk holds them: registry.persons.all lifts the registry's scope narrowing.
        user_id="bench",
        permissions=["registry.persons.read", "registry.persons.all"],
    )
    return {CONTEXT_HEADER: context}


# Counts over all rounds, not a round's median: one refused request must show.
_SUMMED = ("total", "non_2xx", "paced_non_2xx", "paced_total")


def _median(results) -> dict | None:
    """One configuration's rounds as one row: medians of the figures, sums of the counts."""
    results = [r for r in results if r]
    if not results:
        return None
    merged = {}
    for key, value in results[0].items():
        if key in _SUMMED:
            merged[key] = sum(r[key] for r in results)
        elif isinstance(value, (int, float)):
            merged[key] = statistics.median(r[key] for r in results)
        elif isinstance(value, dict):
            merged[key] = {k: statistics.median(r[key][k] for r in results) for k in value}
        else:
            merged[key] = value
    return merged


_NOT_2XX_NOTE = (
    "Not 2xx: answers other than 2xx over all rounds of the 64- or 16-connection runs (the "
    'gateway answers 503 "busy" when a route\'s `max_in_flight` slots stay taken for 50 ms, '
    "docs/gateway.md); they are fast and count in req/s, so a row with many is flattered."
)


def _not_2xx(result: dict) -> str:
    refused = result["non_2xx"] + result.get("paced_non_2xx", 0)
    return f"{refused:,} of {result['total'] + result.get('paced_total', 0):,}"


LABELS = {
    "direct": "1. registry direct (valid context)",
    "nginx": "2. nginx reverse proxy, keep-alive, no auth",
    "gateway_warm": "3. gateway, warm decision cache",
    "gateway_nocache": "4. gateway, caches disabled",
}
PROXIES = {"nginx": "nginx", "gateway_warm": "gateway", "gateway_nocache": "gateway-nocache"}


def report(results: dict, stamp: str, machine: str) -> str:
    direct, nginx, warm = (results.get(k) for k in ("direct", "nginx", "gateway_warm"))
    lines = [
        f"\n## Gateway — {stamp} — {machine}\n",
        f"`GET /api/registry/persons/{{id}}`, wrk {CONNECTIONS} connections x {DURATION}, "
        f"then 1 connection x {LATENCY_DURATION} for p50 (1c); median of {ROUNDS} interleaved "
        f"rounds. Registry and identity: gunicorn gthread 1x8 on PostgreSQL (as `make up`); "
        f"gateway: gunicorn gthread {GATEWAY_WORKERS}x{GATEWAY_THREADS}. CPU = ms of CPU per "
        "request (user+system) of the registry and of the proxy's processes. "
        f"{_NOT_2XX_NOTE}\n",
        "| configuration | req/s | p50 | p99 | p50 (1c) | vs direct | vs nginx "
        "| CPU registry | CPU proxy | identity calls/req | not 2xx |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, label in LABELS.items():
        r = results.get(name)
        if r is None:
            if name == "nginx":
                lines.append(f"| {label} | skipped: nginx not installed | | | | | | | | | |")
            continue
        cpu = r["cpu_ms_per_request"]
        proxy = PROXIES.get(name)
        vs_nginx = f"{r['rps'] / nginx['rps']:.2f}" if nginx else "-"
        proxy_cpu = f"{cpu[proxy]:.2f}" if proxy else "-"
        calls = r["identity_per_request"]
        lines.append(
            f"| {label} | {r['rps']:,.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms "
            f"| {r['p50_ms_1conn']:.2f} ms | {r['rps'] / direct['rps']:.2f} | {vs_nginx} "
            f"| {cpu['registry']:.2f} | {proxy_cpu} | {'-' if calls is None else f'{calls:.3f}'} "
            f"| {_not_2xx(r)} |"
        )
    if direct and warm:
        added = warm["p50_ms_1conn"] - direct["p50_ms_1conn"]
        lines += [
            "",
            f"Targets: gateway warm / direct = **{warm['rps'] / direct['rps']:.2f}** (≥ 0.85); "
            + (
                f"gateway warm / nginx = **{warm['rps'] / nginx['rps']:.2f}** (≥ 0.85); "
                if nginx
                else "gateway warm / nginx: not measured (no nginx); "
            )
            + f"p50 added by the gateway (1 connection) = **{added:.2f} ms** (≤ 1.5 ms); "
            f"identity calls per request = **{warm['identity_per_request']:.3f}** (≤ 0.05).",
        ]
        if warm.get("in_gateway_p50_ms_1conn") is not None:
            lines.append(
                f"\nOf the added p50, the time inside the gateway's WSGI app (its access lines: "
                f"duration minus upstream time, one connection) is "
                f"{warm['in_gateway_p50_ms_1conn']:.2f} ms; the rest is the second gunicorn "
                "(request parsing, thread hand-offs) and the extra loopback hop."
            )
    lines += _light_report(results)
    return "\n".join(lines) + "\n"


LIGHT_LABELS = {
    "direct_light": "registry direct (valid context)",
    "nginx_light": "nginx reverse proxy, keep-alive, no auth",
    "gateway_light": "gateway, warm decision cache",
    "flask_light": "the same gateway, Flask path only (FOYER_LEAN_PATH=false)",
    "granian_light": "the same gateway app under granian (not what runs: for comparison)",
}
LIGHT_PROXIES = {
    "nginx_light": "nginx",
    "gateway_light": "gateway",
    "flask_light": "gateway-flask",
    "granian_light": "gateway-granian",
}


def _light_report(results: dict) -> list[str]:
    """The light upstream's table and the gateway's own-cost targets (issue 24 §2)."""
    direct, nginx, gateway = (results.get(k) for k in list(LIGHT_LABELS)[:3])
    if not direct or not gateway:
        return []
    lines = [
        "",
        f"Light upstream: `GET /api/registry{LIGHT_PATH}` (a constant answer behind "
        f"`registry.persons.read`), wrk {LIGHT_CONNECTIONS} connections x {DURATION}, then 1 "
        "connection; added = the proxy's figure minus the registry's straight, same rounds. "
        "CPU proxy (1c): its CPU per request during the one-connection run, the cores not "
        f"contended. {_NOT_2XX_NOTE}\n",
        "| configuration | req/s | p50 | p99 | p50 (1c) | vs nginx | CPU registry | CPU proxy "
        f"| CPU proxy (1c) | connections on its busiest process (of {LIGHT_CONNECTIONS}) "
        "| not 2xx | paced: req/s | paced: p50 | paced: p99 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, label in LIGHT_LABELS.items():
        r = results.get(name)
        if r is None:
            why = "not installed" if name in results else "not in BENCH_ONLY"
            lines.append(f"| {label} | skipped: {why} | | | | | | | | | | | | |")
            continue
        cpu, proxy = r["cpu_ms_per_request"], LIGHT_PROXIES.get(name)
        vs_nginx = f"{r['rps'] / nginx['rps']:.2f}" if nginx else "-"
        proxy_cpu = f"{cpu[proxy]:.2f}" if proxy else "-"
        single = r.get("cpu_ms_per_request_1conn") or {}
        proxy_single = f"{single[proxy]:.2f}" if proxy and proxy in single else "-"
        lines.append(
            f"| {label} | {r['rps']:,.0f} | {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms "
            f"| {r['p50_ms_1conn']:.2f} ms | {vs_nginx} | {cpu['registry']:.2f} | {proxy_cpu} "
            f"| {proxy_single} | {r.get('busiest_process_connections') or '-'} | {_not_2xx(r)} "
            f"| {_paced_cells(r)} |"
        )
    ratio = f"**{gateway['rps'] / nginx['rps']:.2f}**" if nginx else "not measured (no nginx)"
    lines += [
        "",
        f"Targets: gateway / nginx = {ratio} (≥ 0.9); gateway CPU per request = "
        f"**{gateway['cpu_ms_per_request']['gateway']:.2f} ms** (≤ 0.5); p50 added at one "
        f"connection = **{gateway['p50_ms_1conn'] - direct['p50_ms_1conn']:.2f} ms** (≤ 1); "
        f"p99 added at {LIGHT_CONNECTIONS} connections = "
        f"**{gateway['p99_ms'] - direct['p99_ms']:.2f} ms** (≤ 5)"
        + _nginx_p99_added(direct, nginx, paced=False)
        + _paced_target(direct, gateway, nginx)
        + ".",
    ]
    return lines + _paced_note(direct) + _floor_report(results)


def _paced_cells(result: dict) -> str:
    paced = result.get("paced")
    if not paced:
        return "- | - | -"
    # Below 90 % of the asked rate the proxy could not keep up, and above 110 % the pacing did
    # not work: either way the p99 is a saturated one.
    held = "" if 0.9 <= paced["rps"] / paced["rate"] <= 1.1 else " (rate not held)"
    return f"{paced['rps']:,.0f}{held} | {paced['p50_ms']:.2f} ms | {paced['p99_ms']:.2f} ms"


def _paced_target(direct: dict, gateway: dict, nginx: dict | None) -> str:
    if not (direct.get("paced") and gateway.get("paced")):
        return ""
    added = _p99(gateway, paced=True) - _p99(direct, paced=True)
    nginx_added = _nginx_p99_added(direct, nginx, paced=True)
    return f"; at a fixed rate (paced, below) **{added:.2f} ms**{nginx_added}"


def _p99(result: dict, paced: bool) -> float:
    return result["paced"]["p99_ms"] if paced else result["p99_ms"]


def _nginx_p99_added(direct: dict, nginx: dict | None, paced: bool) -> str:
    """nginx's own figure beside the gateway's: the peer the target compares with."""
    if not nginx or (paced and not nginx.get("paced")):
        return ""
    return f" (nginx {_p99(nginx, paced) - _p99(direct, paced):.2f} ms)"


def _paced_note(direct: dict) -> list[str]:
    """How the paced columns were measured: the saturated p99 is mostly queueing on the two
    shared cores; at a fixed rate below saturation the proxy's own delay shows."""
    if not direct.get("paced"):
        return []
    return [
        "",
        f"Paced: the same {LIGHT_CONNECTIONS} connections at a fixed rate (`bench/wrk_paced.lua`: "
        "each connection waits a random 0.5-1.5x the mean gap after every answer), in every "
        f"round {PACED_SHARE:.0%} of the registry's straight throughput in that round, the same "
        f"rate for every configuration (median {direct['paced']['rate']:,.0f} req/s); "
        "not 2xx counts the paced runs too. The 64-connection figures above are a saturated "
        "closed loop, where p99 is mostly queueing for the two cores the registry, the proxy "
        "and wrk share; the paced p99 is what a proxy adds below saturation.",
    ]


def _floor_report(results: dict) -> list[str]:
    floors = {k: results.get(f"floor_{k}") for k in ("gunicorn", "granian")}
    if not any(floors.values()):
        return []
    lines = [
        "",
        f"The servers alone (`bench/server_floor.py`: a constant WSGI answer, no gateway code, "
        f"{GATEWAY_WORKERS} processes x {GATEWAY_THREADS} threads, wrk {LIGHT_CONNECTIONS} "
        "connections, same rounds):\n",
        "| server | req/s | p50 (1c) | CPU per request | CPU per request (1c) |",
        "|---|---|---|---|---|",
    ]
    for server, r in floors.items():
        if r is None:
            continue
        name = f"floor-{server}"
        lines.append(
            f"| {server} | {r['rps']:,.0f} | {r['p50_ms_1conn']:.2f} ms "
            f"| {r['cpu_ms_per_request'][name]:.3f} ms "
            f"| {r['cpu_ms_per_request_1conn'][name]:.3f} ms |"
        )
    return lines


def main() -> None:
    import datetime
    import platform

    results = run()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cpu = _cpu_model()
    machine = (
        f"{platform.machine()} {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f} at start"
    )
    text = report(results, stamp, machine)
    print(text)
    record(text)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


if __name__ == "__main__":
    main()
