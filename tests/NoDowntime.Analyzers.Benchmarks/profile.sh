#!/usr/bin/env bash
# Profiles a set of analyzers on the generated service and prints where their time goes.
#
#   tests/NoDowntime.Analyzers.Benchmarks/profile.sh "BlockingCallAnalyzer" [200k] [--one-thread]
#
# Runs `--probe <set> --size <size>` (a warm-up run and two measured runs) under dotnet-trace's sampled thread time
# (installed on first use as a global tool), converts the trace to speedscope JSON and summarises the samples whose
# stack holds a frame of NoDowntime.Analyzers: inclusive time per method, the hottest "our frame -> callee" pairs and
# the leaves (Monitor.Enter_Slowpath is a lock wait, PollGC a wait for the garbage collector). Times are summed over
# the three runs and over threads; a thread that is preempted inside a callback still counts, as in the compiler's
# own ReportAnalyzer figure.
set -euo pipefail
set_name=${1:?usage: profile.sh <analyzer set> [size]}
size=${2:-200k}
shift $(( $# < 2 ? $# : 2 ))
here=$(cd "$(dirname "$0")" && pwd)
export PATH="$PATH:$HOME/.dotnet/tools"
command -v dotnet-trace >/dev/null || dotnet tool install -g dotnet-trace >/dev/null
out=$(mktemp -d)
dotnet build -c Release "$here" -v q -nologo >/dev/null
(cd "$out" && dotnet-trace collect --profile dotnet-sampled-thread-time -o "$out/trace.nettrace" -- \
  dotnet "$here/bin/Release/net10.0/NoDowntime.Analyzers.Benchmarks.dll" --probe "$set_name" --size "$size" "$@" | grep '^\[' || true)
(cd "$out" && dotnet-trace convert "$out/trace.nettrace" --format speedscope -o "$out/trace" >/dev/null)
python3 "$here/profile-summary.py" "$out"/trace*.speedscope.json
echo "trace: $out"
