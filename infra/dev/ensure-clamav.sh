#!/usr/bin/env bash
# `make run`: install ClamAV from Debian if it is missing, so the embedded mode can start its own clamd
# and uploaded evidence is scanned (without a scanner, files stay "scanning" and cannot be downloaded).
# Best effort: on a machine where we cannot install packages, say so and let the system start anyway.
set -uo pipefail

if command -v clamd >/dev/null && command -v sigtool >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "ClamAV is not installed (apt-get install clamav clamav-daemon): evidence will stay 'scanning'." >&2
  exit 0
fi
echo "installing ClamAV from Debian (first run only)"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clamav clamav-daemon >/dev/null \
  || echo "Could not install ClamAV: evidence will stay 'scanning'." >&2
exit 0
