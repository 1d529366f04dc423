#!/bin/bash
# Entrypoint of retort's GitHub Action: maps the action's inputs (INPUT_*,
# names as in action.yml) to `retort check` flags, then runs it. retort's
# exit code is the step's: 1 for findings at or above fail-on.
set -euo pipefail

input() { printenv "INPUT_$1" 2>/dev/null || true; }

# Before anything can print it.
database_url=$(input DATABASE-URL)
if [ -n "$database_url" ]; then
	echo "::add-mask::$database_url"
fi

# The workspace belongs to the runner's user, not to root: let git read it.
git config --global --add safe.directory "${GITHUB_WORKSPACE:-/github/workspace}"

replay=$(input REPLAY)
if [ -z "$replay" ]; then
	case "${GITHUB_EVENT_NAME:-}" in
	pull_request | pull_request_target) replay=changed ;;
	*) replay=full ;;
	esac
fi

args=(check --format text --progress always --replay "$replay")
opt() { # FLAG INPUT-NAME
	local v
	v=$(input "$2")
	if [ -n "$v" ]; then args+=("$1" "$v"); fi
}
opt --base BASE
opt --postgres-image POSTGRES-IMAGE
opt --fail-on FAIL-ON
opt --config CONFIG
if [ -n "$database_url" ]; then
	# through the environment, so that it is not on a command line
	export RETORT_DATABASE_URL="$database_url"
	args+=(--db url)
fi

sarif_file=$(input SARIF-FILE)
if [ -n "$sarif_file" ]; then
	export RETORT_SARIF_FILE="$sarif_file"
fi

requirements=$(input PYTHON-REQUIREMENTS)
if [ -n "$requirements" ] && [ "$replay" != none ]; then
	echo "::group::pip install -r $requirements"
	python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		--break-system-packages -r "$requirements"
	echo "::endgroup::"
fi

# comment: true keeps one pull request comment up to date (retort posts it
# through the GitHub API after the step summary).
if [ "$(input COMMENT)" = true ]; then
	export RETORT_COMMENT=true
	export GITHUB_TOKEN="${GITHUB_TOKEN:-$(input GITHUB-TOKEN)}"
fi

path=$(input PATH)
if [ -n "$path" ]; then
	args+=(-- "$path")
fi

set -x
exec retort "${args[@]}"
