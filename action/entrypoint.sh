#!/bin/bash
# Runs `retort check` for retort's GitHub Action: maps the action's inputs
# to flags. Two callers:
#   - the composite action (action.yml), on the runner, after install.sh:
#     inputs as INPUT_<NAME> with underscores (INPUT_DATABASE_URL), the
#     binary in RETORT_BIN; the replay runs the job's Python;
#   - the Docker action (docker/action.yml, this image's entrypoint):
#     inputs as GitHub passes them to containers (INPUT_DATABASE-URL),
#     RETORT_ACTION_CONTAINER=1 (set in the Dockerfile), the image's Python.
# retort's exit code is the step's: 1 for findings at or above fail-on.
set -euo pipefail

input() { # NAME, as in action.yml but upper case
	printenv "INPUT_$1" 2>/dev/null || printenv "INPUT_${1//-/_}" 2>/dev/null || true
}
in_container=${RETORT_ACTION_CONTAINER:-0}

# Before anything can print it.
database_url=$(input DATABASE-URL)
if [ -n "$database_url" ]; then
	echo "::add-mask::$database_url"
fi

if [ "$in_container" = 1 ]; then
	# The workspace belongs to the runner's user, not to root: let git read it.
	git config --global --add safe.directory "${GITHUB_WORKSPACE:-/github/workspace}"
fi

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
opt --drift-baseline DRIFT-BASELINE
if [ -n "$database_url" ]; then
	# through the environment, so that it is not on a command line
	export RETORT_DATABASE_URL="$database_url"
	args+=(--db url)
fi

sarif_file=$(input SARIF-FILE)
if [ -n "$sarif_file" ]; then
	export RETORT_SARIF_FILE="$sarif_file"
fi

# The interpreter: the python input, else retort's own discovery (the
# project's virtualenv, $VIRTUAL_ENV, a python3 on PATH that imports alembic).
python=$(input PYTHON)
requirements=$(input PYTHON-REQUIREMENTS)
if [ -n "$requirements" ] && [ "$replay" != none ]; then
	# pip installs into the interpreter that replays: the python input, else
	# the active virtualenv, else python3 on PATH (the job's, after
	# actions/setup-python; the image's in the container)
	if [ -z "$python" ]; then
		if [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
			python=$VIRTUAL_ENV/bin/python
		else
			python=$(command -v python3) || {
				echo "::error title=retort::python-requirements is set but there is no python3 on PATH; set up Python first (actions/setup-python) or give the python input"
				exit 2
			}
		fi
	fi
	if [ "$in_container" = 1 ]; then
		# the image's own Python: Debian's, which PEP 668 guards
		export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_ROOT_USER_ACTION=ignore
	fi
	echo "::group::pip install -r $requirements"
	PIP_DISABLE_PIP_VERSION_CHECK=1 "$python" -m pip install --quiet -r "$requirements"
	echo "::endgroup::"
fi
if [ -n "$python" ]; then
	args+=(--python "$python")
fi

# comment: true keeps one pull request comment up to date (retort posts it
# through the GitHub API after the step summary).
# The github-token input wins over a GITHUB_TOKEN of the job's environment.
if [ "$(input COMMENT)" = true ]; then
	export RETORT_COMMENT=true
	token=$(input GITHUB-TOKEN)
	if [ -n "$token" ]; then
		export GITHUB_TOKEN="$token"
	fi
fi

path=$(input PATH)
if [ -n "$path" ]; then
	args+=(-- "$path")
fi

set -x
exec "${RETORT_BIN:-retort}" "${args[@]}"
