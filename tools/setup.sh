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
x86_64-w64-mingw32-pkg-config:mingw-w64-tools
i686-w64-mingw32-pkg-config:mingw-w64-tools
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

# 32-bit Wine (Debian's wine32:i386) runs the i686 programs as WOW64
# processes beside the 64-bit ones. Installed with the rest when root;
# retried once, since a mirror in sync may fail one download.
k32_have_wine32()
{
    [ -x /usr/lib/wine/wine ] && dpkg -s wine32:i386 >/dev/null 2>&1
}

k32_install_wine32()
{
    k32_have_wine32 && return 0
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 || return 1
    for try in 1 2; do
        echo "== installing: wine32:i386 (try $try)"
        dpkg --add-architecture i386 &&
        apt-get update -qq >/dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine32:i386 >/dev/null 2>&1 &&
        k32_have_wine32 && return 0
        sleep 5
    done
    return 1
}

# One loud line where the i686 suite cannot run: it counts as skipped.
k32_wine32_or_say()
{
    k32_install_wine32 && return 0
    echo "SKIPPED: the i686 suite (WOW64) cannot run: 32-bit Wine (wine32:i386) could not be installed" >&2
    return 1
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
    server=$(command -v wineserver || echo /usr/lib/wine/wineserver)
    WINEPREFIX="$1/wineprefix" "$server" -k >/dev/null 2>&1 || true
}
