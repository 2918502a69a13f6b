"""Print the Secrets the overlays reference, made fresh, for `kubectl apply -f -`; never commit
the output. dev: every value is generated. prod: keys and passwords are generated, the broker
and database addresses are given (docs/deployment.md → Secrets):

    python infra/k8s/make_secrets.py dev | kubectl apply -f -
    python infra/k8s/make_secrets.py prod --amqp-url amqps://foyer:...@mq.example:5671/foyer \\
        --database-url identity=postgresql://identity:...@10.0.1.5:5432/foyer_identity ... \\
        | kubectl apply -f -
"""

from __future__ import annotations

import argparse
import secrets
import sys

import yaml

SERVICES = ("identity", "registry", "crm", "imports", "notify")
NAMESPACE = "foyer"


def context_keys() -> dict[str, str]:
    """The gateway's Ed25519 pair that signs access contexts (the services get the public half)."""
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())
    public = key.public_key().public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo)
    return {"context_private.pem": private.decode(), "context_public.pem": public.decode()}


def secret(name: str, data: dict[str, str], namespace: str = NAMESPACE) -> dict:
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": name,
            "namespace": namespace,
            "labels": {"app.kubernetes.io/part-of": "foyer"},
        },
        "type": "Opaque",
        "stringData": data,
    }


def namespace(name: str) -> dict:
    """As infra/k8s/base/namespace.yaml declares it (Pod Security "restricted")."""
    labels = {f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "warn")}
    labels["app.kubernetes.io/part-of"] = "foyer"
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}


def journal_keys() -> str:
    """The registry journal's key-encryption keyring (docs/registry.md → Journal): rotate by
    adding a key and making it active, never by removing one still named by an entry."""
    import base64
    import json

    key = base64.b64encode(secrets.token_bytes(32)).decode()
    return json.dumps({"active": "k1", "keys": {"k1": key}})


def common(namespace: str) -> list[dict]:
    identity = {
        "owner-password": secrets.token_urlsafe(18),
        "signing-key-passphrase": secrets.token_urlsafe(32),
    }
    return [
        secret("foyer-context-keys", context_keys(), namespace),
        secret("foyer-identity", identity, namespace),
        secret("foyer-registry", {"journal-keys": journal_keys()}, namespace),
        # Signs the console's session cookies; every console replica needs the same one.
        secret("foyer-console", {"secret-key": secrets.token_urlsafe(48)}, namespace),
    ]


def dev(namespace: str) -> list[dict]:
    found = common(namespace)
    broker = secrets.token_urlsafe(18)
    found.append(secret("foyer-rabbitmq", {"username": "foyer", "password": broker}, namespace))
    amqp = f"amqp://foyer:{broker}@rabbitmq:5672/%2F"
    found.append(secret("foyer-amqp", {"url": amqp}, namespace))
    for service in SERVICES:
        password = secrets.token_urlsafe(18)
        url = f"postgresql://postgres:{password}@{service}-db:5432/foyer_{service}"
        found.append(secret(f"foyer-db-{service}", {"url": url, "password": password}, namespace))
    return found


def prod(namespace: str, amqp_url: str, database_urls: dict[str, str]) -> list[dict]:
    missing = [s for s in SERVICES if s not in database_urls]
    if missing:
        raise SystemExit(f"--database-url missing for: {', '.join(missing)}")
    found = common(namespace)
    found.append(secret("foyer-amqp", {"url": amqp_url}, namespace))
    for service in SERVICES:
        found.append(secret(f"foyer-db-{service}", {"url": database_urls[service]}, namespace))
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("overlay", choices=["dev", "prod"])
    parser.add_argument("--namespace", default=NAMESPACE)
    parser.add_argument(
        "--amqp-url", help="prod: the RabbitMQ cluster (amqps://user:pass@host/vhost)"
    )
    parser.add_argument("--database-url", action="append", default=[], metavar="SERVICE=URL")
    parser.add_argument("--only", action="append", help="print only these Secrets (rotation)")
    args = parser.parse_args(argv)
    if args.overlay == "dev":
        found = dev(args.namespace)
    else:
        if not args.amqp_url:
            raise SystemExit("prod needs --amqp-url")
        urls = dict(item.split("=", 1) for item in args.database_url)
        found = prod(args.namespace, args.amqp_url, urls)
    if args.only:
        found = [s for s in found if s["metadata"]["name"] in args.only]
    else:  # the namespace first, so this can be applied before `kubectl apply -k`
        found.insert(0, namespace(args.namespace))
    yaml.safe_dump_all(found, sys.stdout, sort_keys=False)


if __name__ == "__main__":
    main()
