# tools/setup.sh - sourced by tools/check, tools/conformance and tools/bench:
# installs what is missing (Debian packages, as root), generates the build
# system and configures a build folder.
# SPDX-License-Identifier: LGPL-2.1-or-later

K32_SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
: "${K32_BUILD_ROOT:=$K32_SRCDIR/build}"

# command -> Debian package that provides it
K32_PACKAGES="
x86_64-w64-mingw32-gcc:gcc-mingw-w64-x86-64
i686-w64-mingw32-gcc:gcc-mingw-w64-i686
wine:wine64
autoreconf:autoconf
automake:automake
libtoolize:libtool
pkg-config:pkg-config
make:make
gcc:gcc
flock:util-linux
"

k32_missing_packages()
{
    missing=
    for pair in $K32_PACKAGES; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
    done
    # the Wine loader may only be in /usr/lib/wine
    case "$missing" in *wine64*) [ -x /usr/lib/wine/wine64 ] && missing=$(echo "$missing" | sed 's/ wine64//') ;; esac
    [ -f /usr/include/check.h ] || missing="$missing check"
    for extra in "$@"; do
        dpkg -s "$extra" >/dev/null 2>&1 || missing="$missing $extra"
    done
    echo $missing
}

# k32_install [extra Debian packages...]
k32_install()
{
    missing=$(k32_missing_packages "$@")
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "== installing:$missing"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
        echo "missing packages:$missing" >&2
        echo "install them with: sudo apt-get install$missing" >&2
        exit 1
    fi
}

k32_wine()
{
    command -v wine 2>/dev/null || echo /usr/lib/wine/wine64
}

# k32_configure HOST -> prints the build folder, configured for HOST
k32_configure()
{
    host=$1
    dir="$K32_BUILD_ROOT/$host"
    if [ ! -x "$K32_SRCDIR/configure" ] || [ "$K32_SRCDIR/configure.ac" -nt "$K32_SRCDIR/configure" ] \
       || [ "$K32_SRCDIR/Makefile.am" -nt "$K32_SRCDIR/Makefile.in" ]; then
        (cd "$K32_SRCDIR" && autoreconf -fi >/dev/null 2>&1) || { echo "autoreconf failed" >&2; exit 1; }
    fi
    mkdir -p "$dir"
    if [ ! -f "$dir/Makefile" ] || [ "$K32_SRCDIR/configure" -nt "$dir/Makefile" ]; then
        (cd "$dir" && "$K32_SRCDIR/configure" --host="$host" --enable-werror WINE="$(k32_wine)" >configure.out 2>&1) \
            || { cat "$dir/configure.out" >&2; exit 1; }
    fi
    echo "$dir"
}

k32_jobs()
{
    nproc 2>/dev/null || echo 2
}

# stops the wineserver of a build folder's prefix (it lingers between tests)
k32_stop_wine()
{
    [ -d "$1/wineprefix" ] || return 0
    WINEPREFIX="$1/wineprefix" wineserver -k >/dev/null 2>&1 || true
}
