#!/usr/bin/env bash
# Packaging of retort's releases, shared by .github/workflows/release.yml and
# the tests (e2e/release_test.go), so that the tests run the release's code.
#
#   .github/release.sh build VERSION GOOS GOARCH OUTDIR
#       builds retort for GOOS/GOARCH (cgo: pg_query is C) and writes
#       OUTDIR/retort_<version>_<goos>_<goarch>.tar.gz holding `retort` and
#       README.md. VERSION is a tag (v1.2.3) or a bare version (1.2.3); the
#       archive and `retort version` use it without the "v". CC picks the C
#       cross compiler when GOOS/GOARCH is not the host's. Linux binaries are
#       linked statically (no glibc version requirement on the runner).
#   .github/release.sh checksums OUTDIR
#       writes OUTDIR/checksums.txt: the sha256 of every OUTDIR/retort_*.tar.gz,
#       in sha256sum's format ("<hex>  <name>"), sorted by name.
#
# The action (action/install.sh) downloads checksums.txt, picks the line of
# its OS and architecture, downloads that archive and checks its sha256.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() { echo "release.sh: $*" >&2; exit 1; }

sha256() { # FILE... -> sha256sum's format
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$@"
	else
		shasum -a 256 "$@"
	fi
}

build() {
	[ $# = 4 ] || die "usage: release.sh build VERSION GOOS GOARCH OUTDIR"
	local version=${1#v} goos=$2 goarch=$3 outdir=$4
	[ -n "$version" ] || die "empty version"
	case "$goos/$goarch" in
	linux/amd64 | linux/arm64 | darwin/amd64 | darwin/arm64) ;;
	*) die "unsupported target $goos/$goarch (linux and darwin, amd64 and arm64)" ;;
	esac
	mkdir -p "$outdir"
	outdir=$(cd "$outdir" && pwd)
	local name="retort_${version}_${goos}_${goarch}"
	local stage
	stage=$(mktemp -d)
	trap 'rm -rf "$stage"' RETURN

	local ldflags="-s -w -X github.com/retortdev/retort/cli.Version=$version"
	local tags=""
	if [ "$goos" = linux ]; then
		# static: the binary runs on any runner image, whatever its glibc;
		# the pure-Go resolver and user lookup keep glibc's NSS out of it
		ldflags="$ldflags -linkmode external -extldflags -static"
		tags="netgo,osusergo"
	fi
	echo "release.sh: building $name${CC:+ (CC=$CC)}" >&2
	(cd "$ROOT" && CGO_ENABLED=1 GOOS=$goos GOARCH=$goarch \
		go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$stage/retort" .)

	# a binary of this machine's kind must run and know its version
	if [ "$goos" = "$(go env GOHOSTOS)" ] && [ "$goarch" = "$(go env GOHOSTARCH)" ]; then
		local got
		got=$("$stage/retort" version)
		[ "$got" = "retort $version" ] || die "$name: retort version printed \"$got\", want \"retort $version\""
	fi
	cp "$ROOT/README.md" "$stage/README.md"
	tar -C "$stage" -czf "$outdir/$name.tar.gz" retort README.md
	echo "$outdir/$name.tar.gz"
}

checksums() {
	[ $# = 1 ] || die "usage: release.sh checksums OUTDIR"
	local outdir=$1
	(
		cd "$outdir"
		shopt -s nullglob
		local archives=(retort_*.tar.gz)
		[ ${#archives[@]} -gt 0 ] || die "no retort_*.tar.gz in $outdir"
		mapfile -t archives < <(printf '%s\n' "${archives[@]}" | LC_ALL=C sort)
		sha256 "${archives[@]}" >checksums.txt.tmp
		mv checksums.txt.tmp checksums.txt
	)
	echo "$outdir/checksums.txt"
}

cmd=${1:-}
shift || true
case "$cmd" in
build) build "$@" ;;
checksums) checksums "$@" ;;
*) die "usage: release.sh build VERSION GOOS GOARCH OUTDIR | checksums OUTDIR" ;;
esac
