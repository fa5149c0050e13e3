#!/usr/bin/env bash
# Make sure the servers the test suite talks to are installed and running on this machine:
# PostgreSQL on 127.0.0.1:5432, RabbitMQ on 127.0.0.1:5672 and Redis on 127.0.0.1:6379 (SeaweedFS and SMTP come from PyPI
# and are started by the tests themselves, as is clamd from Debian's ClamAV), and the Node packages of the test OpenID Connect provider
# (started by tests/fixtures/oidc.py). Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/../.."

need_apt=()
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql)
command -v rabbitmq-server >/dev/null || need_apt+=(rabbitmq-server)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
# ClamAV: the tests start their own clamd (tests/fixtures/clamd.py) with a signature built by sigtool,
# never the system service, and never freshclam (its mirrors are out of reach from build machines).
{ command -v clamd >/dev/null && command -v sigtool >/dev/null; } || need_apt+=(clamav clamav-daemon)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

# oidc-provider 9 needs Node >= 20.19; Debian 12's own nodejs is 18 (NodeSource's packages are newer).
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node $(node --version) is too old for tests/oidc_provider: install Node 20.19 or later" >&2
  exit 1
fi
# Exactly the versions in package-lock.json; none of them has an install script.
if [ ! -d tests/oidc_provider/node_modules/oidc-provider ]; then
  echo "installing the test OpenID Connect provider from npm"
  npm ci --no-audit --no-fund --prefix tests/oidc_provider
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
fi
if ! port_open 6379; then
  echo "starting Redis (shared rate-limit counts)"
  redis-server --bind 127.0.0.1 --port 6379 --save '' --appendonly no --daemonize yes
fi
if ! port_open 5672; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
fi

for i in $(seq 1 60); do
  if port_open 5432 && port_open 5672 && port_open 6379 && rabbitmqctl -q status >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL, RabbitMQ or Redis did not come up on 127.0.0.1" >&2
exit 1
