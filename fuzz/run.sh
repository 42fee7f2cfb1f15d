#!/usr/bin/env bash
# Run fuzz targets for a fixed time each, a few at a time, at the lowest priority:
#   ./run.sh [seconds] [parallel] [target...]      (defaults: 600 s, 3, every target)
# Each run grows corpus/<target> from regressions/<target>, is restarted after a crash
# until its time is up, and leaves its log in logs/<target>.log and crashes in
# artifacts/<target>/.
set -eu
cd "$(dirname "$0")"
secs=${1:-600}
par=${2:-3}
[ $# -ge 2 ] && shift 2 || shift $#
targets=${*:-$(cargo +nightly fuzz list)}
# Built with `cargo +nightly fuzz build -s none`; run directly so a source edit made while
# fuzzing does not trigger rebuilds in the middle of a run.
bin=target/x86_64-unknown-linux-gnu/release
mkdir -p logs
run_one() {
    t=$1
    mkdir -p "corpus/$t" "artifacts/$t"
    : >"logs/$t.log"
    # libFuzzer stops at a crash (its input is saved in artifacts/); start it again on the
    # grown corpus until the target has had its time.
    end=$(($(date +%s) + secs))
    while left=$((end - $(date +%s))) && [ "$left" -gt 0 ]; do
        nice -n 19 "$bin/$t" "corpus/$t" "regressions/$t" \
            -max_total_time="$left" -rss_limit_mb=2048 -timeout=30 \
            -artifact_prefix="artifacts/$t/" >>"logs/$t.log" 2>&1 || true
    done
    echo "$t done $(date -u +%H:%M:%S)"
}
for t in $targets; do
    while [ "$(jobs -rp | wc -l)" -ge "$par" ]; do wait -n || true; done
    echo "$t start $(date -u +%H:%M:%S)"
    run_one "$t" &
done
wait
