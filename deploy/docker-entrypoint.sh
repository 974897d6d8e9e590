#!/usr/bin/env bash
# Secrets from mounted files: for every environment variable NAME_FILE naming a file (e.g.
# Twin__Mqtt__External__Password_FILE=/run/twin-secrets/mqtt-silo-password), NAME gets the file's first line and
# NAME_FILE is removed; then the command runs. Secrets so reach the twin's configuration by environment, never by
# a command line (the convention of the postgres image).
set -euo pipefail
while IFS='=' read -r name _; do
  case "$name" in
    *_FILE)
      target="${name%_FILE}"
      file="${!name}"
      if [ ! -r "$file" ]; then
        echo "twin-entrypoint: $name names $file, which is missing or unreadable" >&2
        exit 64
      fi
      IFS= read -r value < "$file" || [ -n "$value" ]
      export "$target=$value"
      unset "$name"
      ;;
  esac
done < <(env | grep -E '^[A-Za-z_][A-Za-z0-9_]*_FILE=' || true)
exec "$@"
