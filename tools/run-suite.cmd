@echo off
REM run-suite.cmd [TEST...] - run the conformance suite of a Windows bundle
REM (make windows-bundle) for the platform's own implementation (system) and
REM ours, with nothing but Windows: every TEST.exe beside this file (or the
REM TESTs named), once with K32_IMPL=system and once with K32_IMPL=ours.
REM
REM   results\raw\PLATFORM\IMPL\TEST.txt     the test's output (stdout+stderr)
REM   results\raw\PLATFORM\IMPL\TEST.status  "exit N", "time S", "timeout"
REM     (the layout tools/conformance writes: copy results\ back and run
REM     tools/report OUTDIR results BUILD/reports to merge it into the matrix)
REM
REM   PLATFORM  windows-VERSION-CPU: VERSION from `ver`, CPU the bundle's
REM             (bundle.txt), with -on-OSARCH when the OS runs it emulated or
REM             under WoW64 (e.g. windows-10.0.20348.2655-i686-on-x64);
REM             wine-windows-... when run under Wine
REM   K32_PLATFORM      name to use instead (a few characters become _)
REM   K32_RESULTS       results folder (default: results beside this file)
REM   K32_TEST_TIMEOUT  seconds per test run (default 300); a watchdog polls
REM                     once a second and kills the test's image name
REM                     (taskkill /f /t /im TEST.exe), so it is approximate
REM
REM Tests run one after the other. Exit status 1 when a run of ours exits
REM non-zero, or any run times out or prints no summary line.
REM SPDX-License-Identifier: LGPL-2.1-or-later
setlocal enableextensions disabledelayedexpansion

REM the watchdog is this file started again in the background
if "%~1"==":watchdog" goto watchdog

set "self=%~f0"
set "bundle=%~dp0"
set "bundle=%bundle:~0,-1%"
set "timeout=%K32_TEST_TIMEOUT%"
if not defined timeout set "timeout=300"
set /a "timeout=%timeout%" 2>nul
if %timeout% LEQ 0 set "timeout=300"
set "res=%K32_RESULTS%"
if not defined res set "res=%bundle%\results"

REM ------------------------------------------------------------ platform name
set "iswine="
reg query "HKLM\Software\Wine" >nul 2>&1
if not errorlevel 1 set "iswine=1"

REM `ver`: "Microsoft Windows [Version 10.0.20348.2655]" (Wine: no brackets);
REM its last word, split at the dots and passed through set /a, keeps digits only
set "verline="
for /f "delims=" %%l in ('ver') do set "verline=%%l"
set "verword=0"
if defined verline for %%w in (%verline:[= %) do set "verword=%%w"
set "verword=%verword:]=%"
set "osver="
for /f "tokens=1-4 delims=." %%a in ("%verword%") do call :version "%%a" "%%b" "%%c" "%%d"
if not defined osver set "osver=unknown"

REM the bundle's CPU (x86_64 or i686) and the OS's architecture
set "cpu="
if exist "%bundle%\bundle.txt" for /f "usebackq tokens=1,* delims==" %%a in ("%bundle%\bundle.txt") do if "%%a"=="cpu" set "cpu=%%b"
if not "%cpu%"=="x86_64" if not "%cpu%"=="i686" set "cpu=unknown"
set "osarch=%PROCESSOR_ARCHITECTURE%"
if defined PROCESSOR_ARCHITEW6432 set "osarch=%PROCESSOR_ARCHITEW6432%"
if /i "%osarch%"=="AMD64" set "osarch=x64"
if /i "%osarch%"=="x86" set "osarch=x86"
if /i "%osarch%"=="ARM64" set "osarch=arm64"
if not "%osarch%"=="x64" if not "%osarch%"=="x86" if not "%osarch%"=="arm64" set "osarch=unknown"
set "native="
if "%osarch%-%cpu%"=="x64-x86_64" set "native=1"
if "%osarch%-%cpu%"=="x86-i686" set "native=1"

set "platform=windows-%osver%-%cpu%"
if not defined native set "platform=%platform%-on-%osarch%"
if defined iswine set "platform=wine-%platform%"
if defined K32_PLATFORM set "platform=%K32_PLATFORM%"
REM a folder and JUnit class name: the usual offenders become _
set "platform=%platform: =_%"
set "platform=%platform:/=_%"
set "platform=%platform:\=_%"
set "platform=%platform::=_%"
set "platform=%platform:(=_%"
set "platform=%platform:)=_%"
set "platform=%platform:[=_%"
set "platform=%platform:]=_%"
set "platform=%platform:,=_%"
set "platform=%platform:;=_%"

REM ------------------------------------------------------------ running
REM only this platform's raw results are replaced; other platforms' stay
if exist "%res%\raw\%platform%" rmdir /s /q "%res%\raw\%platform%"
REM (checked with if exist: Wine's cmd runs a double-bar branch even after a mkdir that worked)
set "work=%TEMP%\k32psapi-suite-%RANDOM%%RANDOM%"
for %%d in ("%res%\raw\%platform%\system" "%res%\raw\%platform%\ours" "%work%") do mkdir "%%~d" 2>nul
if not exist "%res%\raw\%platform%\system\" goto cannot_create
if not exist "%res%\raw\%platform%\ours\" goto cannot_create
if not exist "%work%\" goto cannot_create

echo == platform %platform%, results in %res%\raw\%platform%, %timeout% s per test run
set "bad=0"
set "ran=0"
REM Under Wine, a path load of our psapi.dll gets Wine's builtin unless psapi
REM is overridden to native; WINEDLLOVERRIDES set here does not reach the
REM loader of a child, so the ours runs set HKCU\Software\Wine\DllOverrides
REM psapi=native and remove it after (not for system: LoadLibrary("psapi.dll")
REM would find ours beside the exe). A psapi override already there is left alone.
REM (errorlevel tests: Wine's cmd binds a double-ampersand after an if differently)
set "wine_override="
if not defined iswine goto wine_checked
reg query "HKCU\Software\Wine\DllOverrides" /v psapi >nul 2>&1
if errorlevel 1 set "wine_override=1"
:wine_checked
pushd "%bundle%"
if "%~1"=="" goto all_tests
:named_tests
if "%~1"=="" goto done
call :run_test "%~n1"
shift
goto named_tests
:all_tests
REM (unquoted: Wine's for does not expand a quoted wildcard; pushd made it relative)
for %%f in (*.exe) do call :run_test "%%~nf"
:done
popd
rmdir /s /q "%work%" 2>nul
if "%ran%"=="0" goto no_tests
if not "%bad%"=="0" goto failed
echo run-suite: ours passes every test on %platform%
exit /b 0
:no_tests
echo run-suite: no test executables found in %bundle%
exit /b 2
:failed
echo run-suite: FAILED: %bad% failed runs (a test of ours failed, or a test crashed or timed out)
exit /b 1
:cannot_create
echo run-suite: cannot create %res%\raw\%platform% or %work%
exit /b 2

REM ------------------------------------------------------------ subroutines

REM version A [B [C [D]]]: osver = A.B.C.D, each part made a number by set /a
:version
if "%~1"=="" exit /b 0
set "part="
set /a "part=%~1" 2>nul
if not defined part set "part=0"
if defined osver set "osver=%osver%.%part%"
if not defined osver set "osver=%part%"
shift
goto version

:run_test
if exist "%bundle%\%~1.exe" goto run_test_found
echo %~1: no %~1.exe in %bundle%
set /a "bad+=1"
exit /b 0
:run_test_found
set /a "ran+=1"
REM the name as the file spells it, whatever case it was given in
set "name=%~1"
for /f "delims=" %%f in ('dir /b "%bundle%\%~1.exe"') do set "name=%%~nf"
call :run_one "%name%" system
call :run_one "%name%" ours
exit /b 0

REM run_one TEST IMPL
:run_one
set "raw=%res%\raw\%platform%\%~2\%~1"
set "run=%work%\%~2-%~1"
set "K32_IMPL=%~2"
set "K32_DLLPATH=%bundle%"
if defined wine_override if "%~2"=="ours" reg add "HKCU\Software\Wine\DllOverrides" /v psapi /d native /f >nul 2>&1
echo.>"%run%.running"
echo.>"%run%.watch"
start "" /b "%ComSpec%" /d /c ""%self%" :watchdog "%run%" "%~1.exe" %timeout%"
call :now t0
"%bundle%\%~1.exe" >"%raw%.txt" 2>&1 <nul
set "rc=%errorlevel%"
call :now t1
del "%run%.running"
if defined wine_override if "%~2"=="ours" reg delete "HKCU\Software\Wine\DllOverrides" /v psapi /f >nul 2>&1
REM wait for the watchdog to go (it polls once a second), so that it cannot
REM outlive this run; give up after 15 s, should it never have started
set "waited=0"
:wait_watchdog
if not exist "%run%.watch" goto watchdog_gone
if %waited% GEQ 15 goto watchdog_gone
ping -n 2 127.0.0.1 >nul
set /a "waited+=1"
goto wait_watchdog
:watchdog_gone
> "%raw%.status" echo exit %rc%
call :elapsed "%raw%.status"
set "note="
if not exist "%run%.killed" goto not_killed
>> "%raw%.status" echo timeout
set "note= [timeout]"
set /a "bad+=1"
:not_killed
REM the summary line is the last "TEST: N tests executed ..." (children print theirs first)
set "summary="
for /f "usebackq tokens=1,2,3,*" %%a in ("%raw%.txt") do if /i "%%a"=="%~1:" if "%%c"=="tests" set "summary=%%a %%b %%c %%d"
if defined summary goto have_summary
set "summary=no summary line"
if not defined note set /a "bad+=1"
goto summary_done
:have_summary
if "%~2"=="ours" if not "%rc%"=="0" if not defined note set /a "bad+=1"
:summary_done
if not "%rc%"=="0" set "note=%note% [exit %rc%]"
echo %~1 (%~2): %summary%%note%
exit /b 0

REM now VAR: centiseconds since midnight from the TIME variable ("14:05:09.27",
REM " 9:05:09,27"), or VAR undefined when TIME has no seconds (Wine)
:now
set "%1="
for /f "tokens=1-4 delims=:., " %%a in ("%time%") do call :now_set %1 "%%a" "%%b" "%%c" "%%d"
exit /b 0
:now_set
if "%~5"=="" exit /b 0
set "_h=0%~2"
set /a "%1=((1%_h:~-2%-100)*3600+(1%~3-100)*60+(1%~4-100))*100+(1%~5-100)" 2>nul
exit /b 0

REM elapsed FILE: appends "time S.CC" from t0 and t1 (across midnight too)
:elapsed
if not defined t0 exit /b 0
if not defined t1 exit /b 0
set /a "d=t1-t0"
if %d% LSS 0 set /a "d+=8640000"
set /a "ds=d/100, dc=d%%100"
set "dc=0%dc%"
>> "%~1" echo time %ds%.%dc:~-2%
exit /b 0

REM watchdog RUN IMAGE SECONDS: kills IMAGE when RUN.running outlives SECONDS;
REM RUN.watch is removed on the way out, RUN.killed tells the runner
:watchdog
set /a "left=%~4"
:watchdog_loop
if not exist "%~2.running" goto watchdog_end
if %left% LEQ 0 goto watchdog_kill
ping -n 2 127.0.0.1 >nul
set /a "left-=1"
goto watchdog_loop
:watchdog_kill
echo.>"%~2.killed"
taskkill /f /t /im "%~3" >nul 2>&1 || taskkill /f /im "%~3" >nul 2>&1
:watchdog_end
del "%~2.watch" 2>nul
exit /b 0
