#!/usr/bin/env python3
"""Compare two chat JSONL files message by message (parsed as JSON, blank lines skipped).

usage: pipe-compare.py PEER.jsonl OURS.jsonl [--sync-swipes]

--sync-swipes: before comparing, apply to the peer's output what SillyTavern's auto-parse does after parsing
a message and the peers leave out: copy the message into its current swipe (swipes[swipe_id] = mes,
swipe_info[swipe_id] gets send_date, gen_started, gen_finished and a copy of extra).
Exit status 0 when every message is equal.
"""
import json
import sys


def messages(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def sync_swipe(peer, original):
    if peer == original or not isinstance(peer.get("swipe_id"), int):
        return peer
    sid, swipes, infos = peer["swipe_id"], peer.get("swipes"), peer.get("swipe_info")
    if not isinstance(swipes, list) or not isinstance(infos, list) or not (0 <= sid < len(swipes)):
        return peer
    if not swipes[sid] or sid >= len(infos) or not isinstance(infos[sid], dict):
        return peer
    swipes[sid] = peer["mes"]
    for key in ("send_date", "gen_started", "gen_finished", "extra"):
        if key in peer:
            infos[sid][key] = json.loads(json.dumps(peer[key]))
        else:
            infos[sid].pop(key, None)
    return peer


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sync = "--sync-swipes" in sys.argv
    peer_path, ours_path = args[0], args[1]
    originals = messages(args[2]) if len(args) > 2 else None
    n = diffs = 0
    for peer, ours in zip(messages(peer_path), messages(ours_path), strict=True):
        if sync and originals is not None:
            peer = sync_swipe(peer, next(originals))
        n += 1
        if peer != ours:
            diffs += 1
            if diffs <= 3:
                keys = sorted(k for k in set(peer) | set(ours) if peer.get(k) != ours.get(k))
                print(f"message {n}: differs in {keys}", file=sys.stderr)
    print(f"{n} messages compared, {diffs} differ")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
