#!/usr/bin/env bash
# Run fuzz targets for a fixed time each, a few at a time, at the lowest priority:
#   ./run.sh [seconds] [parallel] [target...]      (defaults: 600 s, 3, every target)
# Each run grows corpus/<target> from regressions/<target>, keeps going after a crash
# (fork mode) and leaves its log in logs/<target>.log and crashes in artifacts/<target>/.
set -eu
cd "$(dirname "$0")"
secs=${1:-600}
par=${2:-3}
[ $# -ge 2 ] && shift 2 || shift $#
targets=${*:-$(cargo +nightly fuzz list)}
mkdir -p logs
run_one() {
    t=$1
    mkdir -p "corpus/$t" "artifacts/$t"
    nice -n 19 cargo +nightly fuzz run -s none "$t" "corpus/$t" "regressions/$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=30 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1 || true
    echo "$t done $(date -u +%H:%M:%S)"
}
for t in $targets; do
    while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do wait -n || true; done
    echo "$t start $(date -u +%H:%M:%S)"
    run_one "$t" &
done
wait
