#!/bin/sh
# GapMap's container entrypoint: settings that are secrets may come from files, then the command runs.
#
# GapMap reads its passcodes and database URL from the environment only (README, "Configuration").
# Docker and Compose secrets arrive as files under /run/secrets/, so for each such setting NAME the
# common `NAME_FILE` convention applies: when NAME_FILE is set, NAME is read from that file (a
# trailing newline dropped) and NAME_FILE is removed. Setting both is refused: which one should win
# is a guess nobody should have to make at a venue. An unreadable or empty file stops the container,
# since the app would otherwise start with generated passcodes nobody was given.
set -eu

for name in GAPMAP_FACILITATOR_PASSCODE GAPMAP_ORGANISER_PASSCODE DATABASE_URL; do
    eval "file=\${${name}_FILE:-}"
    [ -n "$file" ] || continue
    eval "set_directly=\${${name}:+yes}"
    if [ -n "$set_directly" ]; then
        echo "entrypoint: both $name and ${name}_FILE are set; keep one of them" >&2
        exit 64
    fi
    if [ ! -r "$file" ]; then
        echo "entrypoint: ${name}_FILE=$file cannot be read (missing, or not readable by uid $(id -u))" >&2
        exit 66
    fi
    value=$(cat "$file")
    if [ -z "$value" ]; then
        echo "entrypoint: ${name}_FILE=$file is empty" >&2
        exit 65
    fi
    export "$name=$value"
    unset "${name}_FILE"
done
unset name file set_directly value

exec "$@"
