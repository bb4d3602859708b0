# Shared by scripts/demo and scripts/test: install what is missing, quietly, once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
        log "need root to run: $*"; return 1
    fi
}

APT_UPDATED=0
# ensure_apt PACKAGE... : install the Debian packages that are not installed yet.
ensure_apt() {
    local missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        log "missing packages (${missing[*]}) and no apt-get: install them with your package manager"
        return 1
    fi
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    log "apt-get install ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_python_module MODULE PIP_PACKAGE : pip-install PIP_PACKAGE when MODULE cannot be imported.
ensure_python_module() {
    python3 -c "import $1" >/dev/null 2>&1 && return 0
    log "pip install $2"
    python3 -m pip install --quiet --disable-pip-version-check "$2"
}

ensure_toolchain() {
    if ! command -v swift >/dev/null 2>&1; then
        log "Swift 6.2 or newer is required (https://www.swift.org/install/); 'swift' is not on PATH"
        exit 1
    fi
    if command -v dpkg-query >/dev/null 2>&1; then
        ensure_apt pkg-config libcurl4-openssl-dev
    fi
    if ! python3 -c 'import tomllib' >/dev/null 2>&1; then
        ensure_apt python3
    fi
}

# The real counterparts the tests run against: an SMTP client and sink, a notification daemon on
# a D-Bus session bus under a virtual X server, and the AWS CLI.
ensure_test_dependencies() {
    if command -v dpkg-query >/dev/null 2>&1; then
        ensure_apt msmtp dunst libnotify-bin xvfb xauth dbus prometheus-alertmanager
        # systemd-analyze verify checks the units `install --systemd` writes.
        ensure_apt systemd
    fi
    ensure_python_module aiosmtpd aiosmtpd
    if ! command -v aws >/dev/null 2>&1; then
        log "pip install awscli"
        python3 -m pip install --quiet --disable-pip-version-check awscli
    fi
}

# How the release binary is built (scripts/build-release, scripts/benchmark, scripts/profile-layout):
# the Swift runtime linked in statically, and every module, the dependencies' too, compiled to
# reach generic type metadata through direct accessors instead of mangled names that the runtime
# demangles, and checks against every conformance record, on first use (13% of a `check`).
RELEASE_BUILD=(-c release --product sso-self-healing --static-swift-stdlib
    -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors)

# build_release: builds the release binary and prints its path.
build_release() {
    log "swift build ${RELEASE_BUILD[*]}"
    swift build "${RELEASE_BUILD[@]}" >&2
    printf '%s/sso-self-healing\n' "$(swift build "${RELEASE_BUILD[@]}" --show-bin-path)"
}
