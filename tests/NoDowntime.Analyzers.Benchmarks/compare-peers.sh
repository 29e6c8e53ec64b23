#!/usr/bin/env bash
# Builds the generated service as a real project with the .NET CLI, once with each analyzer package, with
# -p:ReportAnalyzer=true, and prints each package's analyzer time and its share of the compile time side by side.
#
#   tests/NoDowntime.Analyzers.Benchmarks/compare-peers.sh [--size 200k] [--runs 1] [--keep] [--only "NoDowntime Threading"]
#
# Variants: baseline (no extra package), NoDowntime (this repository, packed from src/Package), Meziantou
# (Meziantou.Analyzer), Threading (Microsoft.VisualStudio.Threading.Analyzers), Sonar (SonarAnalyzer.CSharp).
# Everything happens in a temporary folder outside the repository; nothing in the repository changes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

size=200k
runs=1
keep=false
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --keep) keep=true; shift ;;
    --only) only=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
MEZIANTOU_VERSION=3.0.321
THREADING_VERSION=18.12.1
SONAR_VERSION=9.32.0.97167
EF_VERSION=$(sed -n 's/.*Include="Microsoft.EntityFrameworkCore.Sqlite" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props")
VERSION="0.0.0-perf.$(date -u +%Y%m%d%H%M%S)"

work=$(mktemp -d "${TMPDIR:-/tmp}/nodowntime-peers.XXXXXX")
cleanup() { if [ "$keep" = false ]; then rm -rf "$work"; else echo "kept: $work"; fi; }
trap cleanup EXIT

log() { printf '\n== %s\n' "$*" >&2; }

log "packing NoDowntime.Analyzers $VERSION"
dotnet pack "$repo/src/Package" -c Release -o "$work/feed" -p:Version="$VERSION" -v:quiet -nologo >&2

log "generating the $size service"
mongo=true
[ -d "$repo/tests/MongoDB.Driver.Stub/src" ] || mongo=false
emit_args=(--emit "$work/src" --size "$size")
[ "$mongo" = true ] || emit_args+=(--no-mongo)
dotnet run -c Release --project "$here" -- "${emit_args[@]}" >&2

cat > "$work/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="nodowntime-perf" value="$work/feed" />
  </packageSources>
</configuration>
EOF

# The build settings the repository's own props would otherwise bring: none, the temp folder is outside it.
cat > "$work/Directory.Build.props" <<'EOF'
<Project>
  <PropertyGroup>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <ImplicitUsings>disable</ImplicitUsings>
    <UseSharedCompilation>true</UseSharedCompilation>
  </PropertyGroup>
</Project>
EOF

mongo_reference=""
if [ "$mongo" = true ]; then
  mkdir -p "$work/MongoDB.Driver"
  cat > "$work/MongoDB.Driver/MongoDB.Driver.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <!-- The repository's MongoDB driver stub (v2 surface), built under the real driver's assembly name. -->
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <AssemblyName>MongoDB.Driver</AssemblyName>
    <Nullable>disable</Nullable>
    <NoWarn>\$(NoWarn);CS0618;CS1591;CS8019;CS0108;CS0114</NoWarn>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="$repo/tests/MongoDB.Driver.Stub/src/**/*.cs" />
  </ItemGroup>
</Project>
EOF
  mongo_reference='<ProjectReference Include="../MongoDB.Driver/MongoDB.Driver.csproj" />'
  log "building the MongoDB driver stub once"
  dotnet build "$work/MongoDB.Driver/MongoDB.Driver.csproj" -c Release -v:quiet -nologo >&2
fi

variant_package() {
  case "$1" in
    baseline) echo "" ;;
    NoDowntime) echo "<PackageReference Include=\"NoDowntime.Analyzers\" Version=\"$VERSION\" PrivateAssets=\"all\" />" ;;
    Meziantou) echo "<PackageReference Include=\"Meziantou.Analyzer\" Version=\"$MEZIANTOU_VERSION\" PrivateAssets=\"all\" />" ;;
    Threading) echo "<PackageReference Include=\"Microsoft.VisualStudio.Threading.Analyzers\" Version=\"$THREADING_VERSION\" PrivateAssets=\"all\" />" ;;
    Sonar) echo "<PackageReference Include=\"SonarAnalyzer.CSharp\" Version=\"$SONAR_VERSION\" PrivateAssets=\"all\" />" ;;
  esac
}

# The analyzer assembly names each package contributes (first column of the ReportAnalyzer table).
variant_assemblies() {
  case "$1" in
    NoDowntime) echo "NoDowntime.Analyzers" ;;
    Meziantou) echo "Meziantou.Analyzer" ;;
    Threading) echo "Microsoft.VisualStudio.Threading.Analyzers" ;;
    Sonar) echo "SonarAnalyzer" ;;
    *) echo "" ;;
  esac
}

variant_label() {
  case "$1" in
    baseline) echo "(no extra package)" ;;
    NoDowntime) echo "NoDowntime.Analyzers $VERSION" ;;
    Meziantou) echo "Meziantou.Analyzer $MEZIANTOU_VERSION" ;;
    Threading) echo "Microsoft.VisualStudio.Threading.Analyzers $THREADING_VERSION" ;;
    Sonar) echo "SonarAnalyzer.CSharp $SONAR_VERSION" ;;
  esac
}

make_project() {
  local variant=$1
  mkdir -p "$work/$variant"
  cat > "$work/$variant/Shop.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk.Web">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <RootNamespace>Shop</RootNamespace>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
  </PropertyGroup>
  <ItemGroup>
    <Compile Include="../src/**/*.cs" />
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="$EF_VERSION" />
    $(variant_package "$variant")
    $mongo_reference
  </ItemGroup>
</Project>
EOF
}

# Csc's own time (ms) from the performance summary, and analyzer seconds per assembly from ReportAnalyzer.
csc_ms() { awk '/Task Performance Summary/ { t = 1 } t && $3 == "Csc" { print $1; exit }' "$1"; }
total_analyzer_s() { sed -n 's/.*Total analyzer execution time: \([0-9.]*\) seconds.*/\1/p' "$1" | tail -1; }
assembly_s() {
  # Lines look like "   0.123   12   Name, Version=..." (or "<0.001   <1   Name, Version=...").
  local log=$1 name=$2
  awk -v name="$name" '
    $0 ~ "Total analyzer execution time" { inside = 1; next }
    $0 ~ "Total generator execution time" { inside = 0 }
    inside && index($0, " " name) && $0 ~ ", Version=" {
      value = $1; sub(/^</, "", value); sum += value; found = 1
    }
    END { if (found) printf "%.3f\n", sum; else print "0" }' "$log"
}

variants=(baseline NoDowntime Meziantou Threading Sonar)
if [ -n "$only" ]; then variants=(baseline $only); fi

for variant in "${variants[@]}"; do
  make_project "$variant"
done

log "restoring"
for variant in "${variants[@]}"; do
  dotnet restore "$work/$variant/Shop.csproj" -v:quiet -nologo >&2
done

build() {
  local variant=$1 log=$2
  # BuildProjectReferences=false: the driver stub was built once above, so Csc runs once, for the service alone.
  dotnet build "$work/$variant/Shop.csproj" -c Release --no-restore --no-incremental -nologo \
    -p:BuildProjectReferences=false -p:ReportAnalyzer=true -v:detailed -clp:PerformanceSummary > "$log" 2>&1 || {
      echo "build of $variant failed; the last lines of $log:" >&2; grep -E "error" "$log" | head -20 >&2; return 1; }
}

log "warm-up build (starts the compiler server; not counted)"
build baseline "$work/warmup.log"

declare -A CSC ANALYZERS TOTAL
for variant in "${variants[@]}"; do
  best_csc=""
  for run in $(seq 1 "$runs"); do
    log "building with $(variant_label "$variant") (run $run of $runs)"
    logfile="$work/$variant.$run.log"
    build "$variant" "$logfile"
    c=$(csc_ms "$logfile")
    if [ -z "$best_csc" ] || [ "$c" -lt "$best_csc" ]; then
      best_csc=$c
      CSC[$variant]=$c
      TOTAL[$variant]=$(total_analyzer_s "$logfile")
      a=0
      for name in $(variant_assemblies "$variant"); do
        a=$(awk -v x="$a" -v y="$(assembly_s "$logfile" "$name")" 'BEGIN { printf "%.3f", x + y }')
      done
      ANALYZERS[$variant]=$a
      cp "$logfile" "$work/$variant.log"
    fi
  done
done

baseline_ms=${CSC[baseline]}
echo
echo "## Analyzer packages on the generated $size service (one build each, dotnet build -p:ReportAnalyzer=true)"
echo
echo "Compile time of the baseline build (Csc task, no extra package): $(awk -v m="$baseline_ms" 'BEGIN { printf "%.2f s", m / 1000 }')"
echo
echo "| Package | analyzer time (s) | share of the baseline compile | Csc time of this build (s) | share of this build's Csc | all analyzers in this build (s) |"
echo "|---|---:|---:|---:|---:|---:|"
for variant in "${variants[@]}"; do
  [ "$variant" = baseline ] && continue
  awk -v label="$(variant_label "$variant")" -v a="${ANALYZERS[$variant]}" -v c="${CSC[$variant]}" -v b="$baseline_ms" -v t="${TOTAL[$variant]:-0}" \
    'BEGIN { printf "| %s | %.3f | %.2f%% | %.2f | %.2f%% | %s |\n", label, a, 100 * a / (b / 1000), c / 1000, 100 * a / (c / 1000), t }'
done

if [ -n "${ANALYZERS[NoDowntime]:-}" ]; then
  echo
  awk -v a="${ANALYZERS[NoDowntime]}" -v b="$baseline_ms" 'BEGIN {
    share = 100 * a / (b / 1000)
    printf "- NoDowntime at most 5%% of the compile: %.2f%%: %s\n", share, (share <= 5 ? "PASS" : "over budget") }'
  if [ -n "${ANALYZERS[Threading]:-}" ]; then
    awk -v a="${ANALYZERS[NoDowntime]}" -v t="${ANALYZERS[Threading]}" 'BEGIN {
      printf "- NoDowntime below Microsoft.VisualStudio.Threading.Analyzers: %.3f s vs %.3f s: %s\n", a, t, (a < t ? "PASS" : "over budget") }'
  fi
  echo
  echo "NoDowntime per analyzer (from its build's ReportAnalyzer table):"
  awk '
    $0 ~ "Total analyzer execution time" { inside = 1; next }
    $0 ~ "Total generator execution time" { inside = 0 }
    inside && /NoDowntime\.Analyzers, Version=/ { nd = 1; next }
    inside && nd && /, Version=/ { nd = 0 }
    inside && nd && NF >= 3 { sub(/^[ \t]+/, ""); print "  " $0 }' "$work/NoDowntime.log" | head -40
fi
