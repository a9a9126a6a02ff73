@echo off
rem The `ragcancel` provider plugin on Windows, where the Pulumi CLI looks for pulumi-resource-ragcancel.exe, then
rem this .cmd, in the plugin's folder. It runs the bundle beside it, bin\ragcancel.js, with the `node` first on PATH
rem (Node.js 22 or later; the bundle itself refuses an older one), passing every argument on. cmd.exe cannot hand its
rem process over to node as `exec` does on POSIX; the CLI stops a plugin by its whole process tree there.
setlocal
where node >nul 2>nul
if errorlevel 1 (
  echo pulumi-resource-ragcancel: needs Node.js 22 or later on PATH, and no `node` is on PATH 1>&2
  exit /b 127
)
rem No bundle but install.js (npm ran with --ignore-scripts): build it now, once; a release holds the bundle.
if not exist "%~dp0bin\ragcancel.js" (
  if not exist "%~dp0install.js" (
    echo pulumi-resource-ragcancel: %~dp0bin\ragcancel.js is missing: reinstall the plugin 1>&2
    exit /b 1
  )
  node "%~dp0install.js" 1>&2 || exit /b 1
)
rem Tuned for memory, not speed, with the POSIX launcher's flags (the malloc setting there is glibc's alone).
node --optimize-for-size --max-semi-space-size=1 --max-opt=2 --v8-pool-size=1 "%~dp0bin\ragcancel.js" %*
exit /b %errorlevel%
