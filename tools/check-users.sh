# tools/check-users.sh - sourced by tools/check: the users' paths, checked
# as a user takes them. Each function calls tools/check's `record`.
#
#   users_install HOST BUILD    make install under DESTDIR into
#                               /usr/HOST (nothing of mingw-w64's replaced),
#                               the tree moved elsewhere (relocatable), then
#                               examples/ built from it with a plain Makefile
#                               + pkg-config, Autotools and CMake; each
#                               program's imports (objdump) name our DLLs
#                               and, run under Wine, ours serve them
#   users_wine_prefix B64 B32   tools/wine-install into a fresh Wine prefix:
#                               programs linked against mingw-w64's own
#                               libpsapi.a get ours; a second install is a
#                               no-op; --uninstall restores what was there
# SPDX-License-Identifier: LGPL-2.1-or-later

# the Toolhelp32 and K32* names, which must never come from kernel32.dll
USERS_OURS_NAMES='^(K32|CreateToolhelp32Snapshot$|Toolhelp32ReadProcessMemory$|Heap32|Process32|Thread32|Module32)'

users_winpath() { printf 'Z:%s' "$1" | tr / '\\'; }

# users_imports DLL EXE HOST: the names EXE imports from DLL (objdump -p)
users_imports()
{
    "$3-objdump" -p "$2" | awk -v dll="$(printf '%s' "$1" | tr 'A-Z' 'a-z')" '
        /DLL Name:/ { cur = tolower($3); next }
        /^[ \t]*$/ { cur = "" }
        cur == dll && NF == 3 && $2 ~ /^[0-9]+$/ { print $3 }'
}

# users_demo HOST EXE PSAPI_VERSION BUILD: EXE (examples/k32demo.c built
# against ours) imports its PSAPI and Toolhelp32 names from our DLLs only,
# and run under Wine (BUILD's prefix) the kernel32_k32.dll beside it serves
# every one of them
users_demo()
{
    echo "== $2"
    users_imports kernel32.dll "$2" "$1" | grep -E "$USERS_OURS_NAMES" &&
        { echo "imports these from kernel32.dll, not ours"; return 1; }
    "$1-objdump" -p "$2" | grep -iE 'DLL Name: (psapi|kernel32_k32)\.dll' | sed 's/^[ \t]*/objdump: /'
    users_imports kernel32_k32.dll "$2" "$1" | sed 's/^/objdump:   kernel32_k32.dll!/'
    users_imports psapi.dll "$2" "$1" | sed 's/^/objdump:   psapi.dll!/'
    users_imports kernel32_k32.dll "$2" "$1" | grep -qx CreateToolhelp32Snapshot || return 1
    if [ "$3" = 1 ]; then
        users_imports psapi.dll "$2" "$1" | grep -qx EnumProcesses || return 1
    else
        users_imports kernel32_k32.dll "$2" "$1" | grep -qx K32EnumProcesses || return 1
    fi
    # into a file, not a pipe: Wine's services started by this run inherit
    # its stdout and outlive it
    K32_BUILDDIR=$4 K32_IMPL=ours WINE="$(k32_wine)" sh "$K32_SRCDIR/tools/wine-test" "$2" >"$2.run" 2>&1 &&
        st=0 || st=$?
    out=$(tr -d '\r' < "$2.run")
    printf '%s\n' "$out" | sed 's/^/run: /'
    [ $st = 0 ] || return 1
    want="-> $(users_winpath "$(cd "$(dirname "$2")" && pwd)")\\kernel32_k32.dll"
    [ "$(printf '%s\n' "$out" | grep -c '^import ')" -ge 5 ] || return 1
    ! printf '%s\n' "$out" | grep '^import ' | grep -vF -- "$want"
}

# users_example HOST LABEL BUILD DIR: k32demo.exe and k32demo-v1.exe of DIR
users_example()
{
    st=0
    { users_demo "$1" "$4/k32demo.exe" 2 "$3" && users_demo "$1" "$4/k32demo-v1.exe" 1 "$3"; } \
        >"$4.out" 2>&1 || st=$?
    record "example built with $2 from the installed tree ($1): imports ours (objdump), runs ours under Wine" $st
    [ $st = 0 ] || tail -40 "$4.out"
}

users_install()
{
    host=$1 b=$2 work="$2/users"
    rm -rf "$work" && mkdir -p "$work"
    root="$work/destdir/usr/$host" moved="$work/moved-prefix"
    st=0
    (
        make -C "$b" install DESTDIR="$work/destdir" prefix="/usr/$host" >/dev/null &&
        for f in bin/kernel32_k32.dll bin/psapi.dll lib/k32psapi/libpsapi.dll.a lib/k32psapi/libkernel32_k32.dll.a \
                 include/k32psapi/psapi.h include/k32psapi/tlhelp32.h lib/pkgconfig/k32psapi.pc \
                 lib/cmake/k32psapi/k32psapiConfig.cmake lib/cmake/k32psapi/k32psapiConfigVersion.cmake; do
            [ -f "$root/$f" ] || { echo "not installed: $f"; exit 1; }
        done &&
        # mingw-w64's own psapi.h, tlhelp32.h and libpsapi.a stay theirs, and
        # no installed file is one that a Debian package owns
        for f in include/psapi.h include/tlhelp32.h lib/libpsapi.a lib/libkernel32.a; do
            [ ! -e "$root/$f" ] || { echo "installed over mingw-w64's /usr/$host/$f"; exit 1; }
        done &&
        (cd "$root" && find . -type f) | while IFS= read -r f; do
            owner=$(dpkg -S "/usr/$host/${f#./}" 2>/dev/null) && { echo "would overwrite $owner"; exit 1; }
            echo "installs /usr/$host/${f#./}"
        done &&
        # relocatable: the tree works from anywhere
        mv "$root" "$moved" && rm -rf "$work/destdir" &&
        flags=$(PKG_CONFIG_PATH="$moved/lib/pkgconfig" "$host-pkg-config" --cflags --libs k32psapi) &&
        echo "$host-pkg-config --cflags --libs k32psapi: $flags" &&
        for w in $flags; do
            case $w in -I*|-L*) [ -d "${w#-?}" ] || { echo "missing: ${w#-?}"; exit 1; } ;; esac
        done &&
        [ "$(PKG_CONFIG_PATH="$moved/lib/pkgconfig" "$host-pkg-config" --variable=bindir k32psapi)" -ef "$moved/bin" ]
    ) >"$work/install.out" 2>&1 || st=$?
    record "make install ($host): k32psapi/ subfolders, nothing of mingw-w64's replaced, relocatable ($host-pkg-config)" $st
    [ $st = 0 ] || { tail -20 "$work/install.out"; return 0; }

    # one wineserver for the runs below (started anew, it costs seconds each)
    [ -d "$b/wineprefix" ] && WINEPREFIX="$b/wineprefix" "$(dirname "$(k32_wine)")/wineserver" -p120 </dev/null >/dev/null 2>&1 || true
    # the example, a fresh copy, built three ways
    src="$work/examples"
    cp -R "$K32_SRCDIR/examples" "$src"
    export PKG_CONFIG_PATH="$moved/lib/pkgconfig"
    mkdir -p "$work/make" "$work/autotools"
    make -C "$work/make" -f "$src/pkg-config.mk" HOST="$host" >"$work/make.build" 2>&1 || { cat "$work/make.build"; rm -f "$work/make/k32demo.exe"; }
    users_example "$host" "make + $host-pkg-config" "$b" "$work/make"
    { (cd "$src" && autoreconf -fi) && (cd "$work/autotools" && "$src/configure" --host="$host" && make); } \
        >"$work/autotools.build" 2>&1 || { tail -30 "$work/autotools.build"; rm -f "$work/autotools/k32demo.exe"; }
    users_example "$host" "Autotools (PKG_CHECK_MODULES)" "$b" "$work/autotools"
    { cmake -S "$src" -B "$work/cmake" -DCMAKE_SYSTEM_NAME=Windows -DCMAKE_C_COMPILER="$host-gcc" \
          -DCMAKE_PREFIX_PATH="$moved" && cmake --build "$work/cmake"; } \
        >"$work/cmake.build" 2>&1 || { tail -30 "$work/cmake.build"; rm -f "$work/cmake/k32demo.exe"; }
    users_example "$host" "CMake (find_package, k32psapi::k32psapi)" "$b" "$work/cmake"
    unset PKG_CONFIG_PATH
    # what a user sees: the PSAPI_VERSION=1 program of the CMake build
    sed -n '/k32demo-v1.exe/,$p' "$work/cmake.out" | grep -E '^(objdump|run): (import|DLL|  )' | sed 's/^/    /'
    k32_stop_wine "$b"
}

# users_snapshot PREFIX: the files wine-install touches and the psapi override
users_snapshot()
{
    for f in system32/psapi.dll system32/kernel32_k32.dll syswow64/psapi.dll syswow64/kernel32_k32.dll; do
        if [ -f "$1/drive_c/windows/$f" ]; then sha256sum < "$1/drive_c/windows/$f" | sed "s|-|$f|"
        else echo "absent $f"; fi
    done
    "$(k32_wine)" reg query 'HKCU\Software\Wine\DllOverrides' /v psapi 2>/dev/null | tr -d '\r' | grep -i psapi || echo "no psapi override"
}

# users_served PREFIX EXE: what serves EXE's psapi.dll imports, run with a plain `wine EXE`
users_served()
{
    WINEPREFIX=$1 "$(k32_wine)" "$2" >"$2.run" 2>&1 || true
    tr -d '\r' < "$2.run" | sed -n 's/^import [Pp][Ss][Aa][Pp][Ii]\.[Dd][Ll][Ll]!\([A-Za-z]*\) -> /\1 -> /p'
}

users_wine_prefix()
{
    work="$K32_BUILD_ROOT/users-wine-prefix" p="$K32_BUILD_ROOT/users-wine-prefix/prefix"
    [ -d "$p" ] && WINEPREFIX=$p "$(dirname "$(k32_wine)")/wineserver" -k >/dev/null 2>&1 || true
    rm -rf "$work" && mkdir -p "$work"
    (
    export WINEPREFIX="$p" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    # programs as anyone builds them: mingw-w64's headers and libpsapi.a
    for h in x86_64 i686; do
        $h-w64-mingw32-gcc -O2 -DPSAPI_VERSION=1 -o "$work/demo-$h.exe" "$K32_SRCDIR/examples/k32demo.c" -lpsapi || exit 1
    done
    "$(k32_wine)" wineboot -i >/dev/null 2>&1
    # the user's own setting, which --uninstall must give back
    "$(k32_wine)" reg add 'HKCU\Software\Wine\DllOverrides' /v psapi /t REG_SZ /d builtin /f >/dev/null
    users_snapshot "$p" > "$work/before"
    install="$K32_SRCDIR/tools/wine-install --dlls $1 --dlls $2 $p"
    WINE=$(k32_wine) sh $install > "$work/install1.out" 2>&1; echo "install: $?"
    users_snapshot "$p" > "$work/installed"
    for h in x86_64 i686; do echo "$h: $(users_served "$p" "$work/demo-$h.exe" | tr '\n' ' ')"; done
    (cd "$p/k32psapi-install" && find . -type f | sort | xargs sha256sum) > "$work/state1"
    WINE=$(k32_wine) sh $install > "$work/install2.out" 2>&1; echo "install again: $?"
    users_snapshot "$p" > "$work/installed2"
    (cd "$p/k32psapi-install" && find . -type f | sort | xargs sha256sum) > "$work/state2"
    WINE=$(k32_wine) sh "$K32_SRCDIR/tools/wine-install" --uninstall "$p" > "$work/uninstall1.out" 2>&1; echo "uninstall: $?"
    users_snapshot "$p" > "$work/after"
    for h in x86_64 i686; do echo "$h after uninstall: $(users_served "$p" "$work/demo-$h.exe" | tr '\n' ' ')"; done
    # a prefix without any psapi override gets none back
    "$(k32_wine)" reg delete 'HKCU\Software\Wine\DllOverrides' /v psapi /f >/dev/null 2>&1
    WINE=$(k32_wine) sh $install > "$work/install3.out" 2>&1 &&
        WINE=$(k32_wine) sh "$K32_SRCDIR/tools/wine-install" --uninstall "$p" >> "$work/install3.out" 2>&1
    echo "no override after uninstall: $(users_snapshot "$p" | tail -1)"
    "$(dirname "$(k32_wine)")/wineserver" -k >/dev/null 2>&1 || true
    ) > "$work/log" 2>&1
    sed 's/^/    /' "$work/log"
    grep -q '^install: 0$' "$work/log" && grep -q '^x86_64: .*EnumProcesses -> C:.windows.system32.kernel32_k32.dll' "$work/log" && st=0 || st=1
    record "tools/wine-install: a 64-bit program importing psapi.dll gets ours (plain wine)" $st
    grep -q '^install: 0$' "$work/log" && grep -q '^i686: .*EnumProcesses -> C:.windows.system32.kernel32_k32.dll' "$work/log" && st=0 || st=1
    record "tools/wine-install: a 32-bit (WOW64) program importing psapi.dll gets ours (plain wine)" $st
    grep -q '^install again: 0$' "$work/log" && grep -q 'nothing changed' "$work/install2.out" &&
        cmp -s "$work/installed" "$work/installed2" && cmp -s "$work/state1" "$work/state2" && st=0 || st=1
    record "tools/wine-install: a second install is a no-op" $st
    grep -q '^uninstall: 0$' "$work/log" && cmp -s "$work/before" "$work/after" &&
        grep -q '^x86_64 after uninstall: .*EnumProcesses -> ' "$work/log" && ! grep -q 'after uninstall: .*kernel32_k32' "$work/log" &&
        grep -q '^no override after uninstall: no psapi override$' "$work/log" && st=0 || st=1
    record "tools/wine-install --uninstall: the files and the override that were there, the builtin served again" $st
    [ $st = 0 ] || { diff "$work/before" "$work/after"; cat "$work/uninstall1.out"; }
}
