# pkg-config.mk - the example built by a plain Makefile with pkg-config:
#   make -f /path/to/examples/pkg-config.mk [HOST=i686-w64-mingw32]
# builds k32demo.exe (default PSAPI_VERSION) and k32demo-v1.exe
# (PSAPI_VERSION=1) in the current folder and copies our DLLs beside them.
# Debian's $(HOST)-pkg-config (mingw-w64-tools) finds k32psapi.pc under
# /usr/$(HOST) and /usr/local/$(HOST); PKG_CONFIG_PATH adds other prefixes.
# SPDX-License-Identifier: LGPL-2.1-or-later
HOST ?= x86_64-w64-mingw32
ifeq ($(origin CC),default)
CC = $(HOST)-gcc
endif
PKG_CONFIG ?= $(HOST)-pkg-config
CFLAGS ?= -O2 -Wall -Wextra
srcdir := $(dir $(lastword $(MAKEFILE_LIST)))

K32PSAPI_CFLAGS := $(shell $(PKG_CONFIG) --cflags k32psapi)
K32PSAPI_LIBS := $(shell $(PKG_CONFIG) --libs k32psapi)
K32PSAPI_BINDIR := $(shell $(PKG_CONFIG) --variable=bindir k32psapi)
ifeq ($(K32PSAPI_LIBS),)
$(error $(PKG_CONFIG) finds no k32psapi: set PKG_CONFIG_PATH to <prefix>/lib/pkgconfig)
endif

all: k32demo.exe k32demo-v1.exe kernel32_k32.dll psapi.dll

k32demo.exe: $(srcdir)k32demo.c
	$(CC) $(CFLAGS) $(K32PSAPI_CFLAGS) -o $@ $< $(K32PSAPI_LIBS)

k32demo-v1.exe: $(srcdir)k32demo.c
	$(CC) $(CFLAGS) -DPSAPI_VERSION=1 $(K32PSAPI_CFLAGS) -o $@ $< $(K32PSAPI_LIBS)

kernel32_k32.dll psapi.dll: $(K32PSAPI_BINDIR)/kernel32_k32.dll $(K32PSAPI_BINDIR)/psapi.dll
	cp $(K32PSAPI_BINDIR)/$@ $@

clean:
	rm -f k32demo.exe k32demo-v1.exe kernel32_k32.dll psapi.dll

.PHONY: all clean
