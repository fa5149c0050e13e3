#!/usr/bin/env bash
# Make sure the servers the test suite talks to are installed and running on this machine:
# PostgreSQL on 127.0.0.1:5432 and RabbitMQ on 127.0.0.1:5672 (SeaweedFS and SMTP come from PyPI
# and are started by the tests themselves). Safe to run again and again.
set -euo pipefail

need_apt=()
command -v pg_ctlcluster >/dev/null || need_apt+=(postgresql)
command -v rabbitmq-server >/dev/null || need_apt+=(rabbitmq-server)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}"
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
fi
if ! port_open 5672; then
  echo "starting RabbitMQ"
  rabbitmq-server -detached
fi

for i in $(seq 1 60); do
  if port_open 5432 && port_open 5672 && rabbitmqctl -q status >/dev/null 2>&1; then
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL or RabbitMQ did not come up on 127.0.0.1" >&2
exit 1
