#!/usr/bin/env bash
# The compose file's one-shot `init` service (the Twin.Cli image, as root): makes the deployment's secrets once, in
# the `secrets` volume (kept across `docker-compose down`; `down -v` forgets them and every device password), then
# writes Mosquitto's password file and ACL from the catalog with `Twin.Cli mqtt passwd`. Runs again at every `up`:
# existing secrets are kept, the broker's files are written afresh (the catalog may have grown).
set -euo pipefail
secrets=/run/twin-secrets
auth=/mosquitto/auth
umask 077

new_secret() { head -c 36 /dev/urandom | base64 | tr -d '/+=\n'; }

for name in device-key mqtt-silo-password network-server-password postgres-password monitor-password admin-password grafana-admin-password; do
  if [ ! -s "$secrets/$name" ]; then
    new_secret > "$secrets/$name"
    echo "init: made $secrets/$name"
  fi
done
# The silos' connection string, with the database password in it: a file, read by the silos' entrypoint.
printf 'Host=postgres;Database=twin;Username=twin;Password=%s;Maximum Pool Size=40\n' "$(cat "$secrets/postgres-password")" > "$secrets/connection-string"

# Who reads what: the silos (uid 1654) and Prometheus (nobody, 65534) and Grafana (472) and PostgreSQL (999) run
# as their own users; the volume is theirs to read only (mode 0440 would need a common group, which the four
# images do not share).
chmod 0444 "$secrets"/*
chmod 0755 "$secrets"

mkdir -p "$auth"
Twin__Mqtt__DeviceKeySecretFile="$secrets/device-key" \
Twin__Mqtt__External__PasswordFile="$secrets/mqtt-silo-password" \
Twin__Mqtt__Accounts__0__PasswordFile="$secrets/network-server-password" \
  dotnet /app/Twin.Cli.dll mqtt passwd --out "$auth" --shared-group "${TWIN_SHARED_GROUP:-twin}"
# The eclipse-mosquitto image runs the broker as uid 1883.
chown -R 1883:1883 "$auth"
