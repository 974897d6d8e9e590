#!/usr/bin/env bash
# Runs every test of the twin. On a fresh Debian machine it first installs what the tests start
# themselves (mosquitto, PostgreSQL, chromium with Japanese fonts, npm, Prometheus, an SMTP server, docker-compose), so a clean clone needs nothing else.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v mosquitto_pub >/dev/null 2>&1 || need+=(mosquitto-clients)
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "noto sans cjk" || need+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || need+=(python3-aiosmtpd)
# deploy/docker-compose.yml is checked with Debian's docker-compose (1.29: `config` needs no daemon); the Kubernetes
# manifests with npm's kubernetes-models, which tests/Twin.Deploy.Tests installs itself.
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v mosquitto_passwd >/dev/null 2>&1 || need+=(mosquitto)
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "Installing ${need[*]} (Debian packages the tests start themselves)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
# Two test modules at a time: the timing assertions (a device message within a second) and the silos the
# process tests start must hold on a loaded 2-core CI machine.
dotnet test --solution Twin.sln -c Release --max-parallel-test-modules 2 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
passed=$(grep -E '^\s+succeeded: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s+failed: [0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
# The names of the failed tests, last, where a short tail of the output still shows them.
if grep -qE '^\s*failed ' "$log"; then
  echo "Failed tests:"
  grep -E '^\s*failed ' "$log" | sed 's/^\s*/  /' | sort -u
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
