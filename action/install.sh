#!/usr/bin/env bash
# Installs retort for the composite action (action.yml) on the runner:
#
#   - the release of the action's ref (uses: retortdev/retort@v1.2.3, or @v1,
#     which the release workflow keeps pointing at the latest v1.x.y): its
#     checksums.txt names the archive of this OS and architecture; the archive
#     is downloaded, its sha256 checked, and the archive kept in the runner's
#     tool cache under that sha256 (a self-hosted runner downloads it once;
#     every use checks the cached archive against checksums.txt again and
#     unpacks it into RUNNER_TEMP, so a file planted in the cache never runs);
#   - any other ref (a branch, a commit SHA, a local `uses: ./`), or a tag
#     without a release: built from the action's own source with the runner's
#     Go (cgo, as pg_query is C).
#
# A checksum that does not match is an error, never a reason to build.
#
# Environment (the action sets the first two):
#   RETORT_ACTION_REF     github.action_ref (empty for a local action)
#   RETORT_ACTION_PATH    github.action_path: the action's source
#   RETORT_VERSION        a release tag to use instead of the action's ref
#   RETORT_DOWNLOAD_URL   where release tags live (default
#                         https://github.com/retortdev/retort/releases/download):
#                         <url>/<tag>/checksums.txt and <url>/<tag>/<archive>
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, RUNNER_TOOL_CACHE, GITHUB_OUTPUT
#
# Prints the binary's path last and writes bin=<path> to $GITHUB_OUTPUT.
set -euo pipefail

die() { echo "::error title=retort install::$*" >&2; exit 1; }
log() { echo "retort install: $*" >&2; }

action_path=${RETORT_ACTION_PATH:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
base_url=${RETORT_DOWNLOAD_URL:-https://github.com/retortdev/retort/releases/download}
base_url=${base_url%/}
tmp_root=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
cache_root=${RUNNER_TOOL_CACHE:-$tmp_root}/retort

# The ref: given, else the action's, else what follows the repository in
# the action's path on a runner (.../_actions/<owner>/<repo>/<ref>, where
# the ref may hold slashes: release/v1): GitHub does not promise
# github.action_ref inside composite actions.
ref=${RETORT_VERSION:-${RETORT_ACTION_REF:-}}
if [ -z "$ref" ]; then
	case "$action_path" in
	*/_actions/*/*/*)
		ref=${action_path##*/_actions/} # <owner>/<repo>/<ref...>
		ref=${ref#*/}
		ref=${ref#*/}
		ref=${ref%/}
		;;
	esac
fi

case "${RUNNER_OS:-$(uname -s)}" in
Linux) os=linux ;;
macOS | Darwin) os=darwin ;;
*) die "retort's action runs on Linux and macOS runners, not ${RUNNER_OS:-$(uname -s)}" ;;
esac
case "${RUNNER_ARCH:-$(uname -m)}" in
X64 | x86_64 | amd64) arch=amd64 ;;
ARM64 | arm64 | aarch64) arch=arm64 ;;
*) die "retort's action runs on amd64 and arm64 runners, not ${RUNNER_ARCH:-$(uname -m)}" ;;
esac

sha256_of() { # FILE -> hex
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d' ' -f1
	else
		shasum -a 256 "$1" | cut -d' ' -f1
	fi
}

fetch() { # URL FILE
	if command -v curl >/dev/null 2>&1; then
		curl -fsSL --retry 3 --retry-delay 2 -o "$2" "$1"
	elif command -v wget >/dev/null 2>&1; then
		wget -q -t 3 -O "$2" "$1"
	else
		die "neither curl nor wget on the runner"
	fi
}

emit() { # BIN
	"$1" version >&2 || die "$1 does not run on this runner ($os/$arch)"
	if [ -n "${GITHUB_OUTPUT:-}" ]; then
		echo "bin=$1" >>"$GITHUB_OUTPUT"
	fi
	echo "$1"
	exit 0
}

# download REF: installs the release's binary; returns 1 when there is no
# such release (or no archive of this OS and architecture in it).
download() {
	local tag=$1 dir sums line want name got
	dir=$(mktemp -d "$tmp_root/retort-dl.XXXXXX")
	sums="$dir/checksums.txt"
	if ! fetch "$base_url/$tag/checksums.txt" "$sums" 2>"$dir/err"; then
		log "no release $tag at $base_url ($(tail -n 1 "$dir/err"))"
		rm -rf "$dir"
		return 1
	fi
	line=$(grep -E "^[0-9a-f]{64} [ *]retort_[^ /]+_${os}_${arch}\.tar\.gz$" "$sums" | head -n 1 || true)
	if [ -z "$line" ]; then
		log "release $tag has no archive for $os/$arch in its checksums.txt"
		rm -rf "$dir"
		return 1
	fi
	want=${line%% *}
	name=${line##* }
	name=${name#\*}
	# The tool cache keeps the verified archive, never a binary to run as
	# is: on a shared self-hosted runner an earlier job could have written
	# to it, so the archive is copied out, checked against this release's
	# checksums.txt again and unpacked into this job's own directory.
	local cached="$cache_root/$want/$name"
	if [ -f "$cached" ] && cp "$cached" "$dir/$name" 2>/dev/null; then
		got=$(sha256_of "$dir/$name")
		if [ "$got" = "$want" ]; then
			log "$name (sha256 $want verified against checksums.txt) from the tool cache"
		else
			log "$name in the tool cache has sha256 $got, not $want: downloading it again"
			rm -f "$dir/$name"
		fi
	fi
	if [ ! -f "$dir/$name" ]; then
		log "downloading $base_url/$tag/$name"
		fetch "$base_url/$tag/$name" "$dir/$name" || die "downloading $base_url/$tag/$name failed"
		got=$(sha256_of "$dir/$name")
		if [ "$got" != "$want" ]; then
			rm -rf "$dir"
			die "$name: sha256 $got does not match $want in $tag's checksums.txt; not installing it"
		fi
		log "$name: sha256 $got verified against checksums.txt"
		# (set -e does not apply in a function called before ||)
		{ mkdir -p "$cache_root/$want" && cp "$dir/$name" "$cached.tmp$$" && mv -f "$cached.tmp$$" "$cached"; } ||
			log "cannot keep $name in the tool cache at $cached"
	fi
	mkdir "$dir/bin" && tar -xzf "$dir/$name" -C "$dir/bin" retort || die "$name: no retort binary in the archive"
	rm -f "$dir/$name" "$sums" "$dir/err"
	emit "$dir/bin/retort"
}

# build: compiles the action's own source with the runner's Go.
build() {
	local why=$1 out version
	command -v go >/dev/null 2>&1 || die "$why, and there is no Go on the runner to build retort from the action's source: add actions/setup-go before this step, or use a release tag (uses: retortdev/retort@v1)"
	[ -f "$action_path/go.mod" ] || die "$why, and $action_path holds no Go module to build"
	version=${ref#v}
	version=${version:-dev}
	out=$(mktemp -d "$tmp_root/retort-build.XXXXXX")
	log "$why: building retort $version from $action_path with $(go env GOVERSION) (cgo; a minute or two on a cold cache)"
	(cd "$action_path" && CGO_ENABLED=1 go build -trimpath \
		-ldflags "-s -w -X github.com/retortdev/retort/cli.Version=$version" -o "$out/retort" .) ||
		die "building retort from $action_path failed (it needs a C compiler: gcc or clang)"
	emit "$out/retort"
}

case "$ref" in
v[0-9]*) download "$ref" || build "no release $ref to download" ;;
"") build "no action ref (a local action)" ;;
*) build "the action's ref $ref is not a release tag" ;;
esac
