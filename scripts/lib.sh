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
        ensure_apt libcurl4-openssl-dev
    fi
    if ! python3 -c 'import tomllib' >/dev/null 2>&1; then
        ensure_apt python3
    fi
}

# The real counterparts the tests run against: an SMTP client and sink, a notification daemon on
# a D-Bus session bus under a virtual X server, the AWS CLI and apprise.
ensure_test_dependencies() {
    if command -v dpkg-query >/dev/null 2>&1; then
        ensure_apt msmtp dunst libnotify-bin xvfb xauth dbus prometheus-alertmanager binutils
        # systemd-analyze verify checks the units `install --systemd` writes.
        ensure_apt systemd
        # promtool check metrics validates the [daemon] metrics_file exposition.
        ensure_apt prometheus
    fi
    ensure_python_module aiosmtpd aiosmtpd
    if ! command -v aws >/dev/null 2>&1; then
        log "pip install awscli"
        python3 -m pip install --quiet --disable-pip-version-check awscli
    fi
    # The apprise channel's tests run the real apprise against loopback receivers.
    if ! command -v apprise >/dev/null 2>&1; then
        log "pip install apprise"
        python3 -m pip install --quiet --disable-pip-version-check apprise
    fi
}

# How the release binary is built (scripts/build-release, scripts/test, scripts/benchmark): the
# default is a plain release build with the Swift runtime linked in statically, nothing else.
RELEASE_BUILD=(-c release --product sso-self-healing --static-swift-stdlib)

# The opt-in tuned link (`./scripts/build-release --tuned`), each flag with its reason. Built in
# its own folder, so the default build is never mixed with it.
#  - metadata accessors: every module (the dependencies' too) reaches generic type metadata
#    through direct accessors rather than mangled names demangled on first use (~13% of a `check`);
#  - lld with `--no-export-dynamic`: no exported symbol table (700 KB that lookups page in);
#  - libstdc++ linked in where its archive is installed: one shared library fewer to map;
#  - packed relative relocations (DT_RELR): start-up reads far fewer relocations, but the binary
#    then needs glibc 2.36 or newer where it runs;
#  - a function order from `./scripts/profile-layout`, when that has been run: the code a check
#    and the daemon run sits together, so a process touches fewer pages.
TUNED_FOLDER=.build-tuned
LAYOUT_FOLDER=.build-layout
tuned_build_flags() {
    local flags=(-c release --product sso-self-healing --static-swift-stdlib --scratch-path "$TUNED_FOLDER"
        -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors)
    if command -v ld.lld >/dev/null 2>&1; then
        flags+=(-Xswiftc -use-ld=lld -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs)
        if [ -f "$LAYOUT_FOLDER/hot-functions.order" ]; then
            flags+=(-Xlinker "--symbol-ordering-file=$ROOT/$LAYOUT_FOLDER/hot-functions.order"
                -Xlinker --no-warn-symbol-ordering)
        fi
    fi
    if compgen -G "/usr/lib/gcc/*/*/libstdc++.a" >/dev/null; then
        # A linker script named like the library: `-lstdc++` then finds the static archive.
        mkdir -p "$TUNED_FOLDER/static-libstdc++"
        printf 'INPUT(-l:libstdc++.a)\n' > "$TUNED_FOLDER/static-libstdc++/libstdc++.so"
        flags+=(-Xlinker -L -Xlinker "$ROOT/$TUNED_FOLDER/static-libstdc++")
    fi
    printf '%s\n' "${flags[@]}"
}

# build_release [--tuned]: builds the release binary and prints its path.
build_release() {
    local flags=("${RELEASE_BUILD[@]}")
    if [ "${1:-}" = "--tuned" ]; then mapfile -t flags < <(tuned_build_flags); fi
    log "swift build ${flags[*]}"
    swift build "${flags[@]}" >&2
    printf '%s/sso-self-healing\n' "$(swift build "${flags[@]}" --show-bin-path)"
}

# build_demo [--tuned]: builds sso-self-healing-demo (simulated AWS, for the benchmarks) beside
# the release binary.
build_demo() {
    local flags=("${RELEASE_BUILD[@]}")
    if [ "${1:-}" = "--tuned" ]; then mapfile -t flags < <(tuned_build_flags); fi
    local index
    for index in "${!flags[@]}"; do [ "${flags[$index]}" = sso-self-healing ] && flags[$index]=sso-self-healing-demo; done
    log "swift build ${flags[*]}"
    swift build "${flags[@]}" >&2
}
