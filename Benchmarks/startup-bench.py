#!/usr/bin/env python3
"""Start-up time of `stscript -c '/pass 1'` (issue 2's target: under 10 ms in a release build).

Usage: Benchmarks/startup-bench.py [BINARY ...]   (default: .build/release/stscript)
Prints the wall-clock median and fastest, and the median CPU time, of RUNS runs per binary. Each run uses an empty store in a temporary folder, so
nothing on the machine is read or changed.
"""
import os, statistics, subprocess, sys, tempfile, time

RUNS = int(os.environ.get("RUNS", "40"))

def measure(binary: str, store: str) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each run; CPU time is steadier on a busy machine."""
    env = {"STSCRIPT_STORE": store, "PATH": os.environ.get("PATH", "")}
    walls, cpus = [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        child = subprocess.Popen([binary, "-c", "/pass 1"], stdout=subprocess.PIPE, env=env)
        output = child.stdout.read()
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0 or output.strip() != b"1":
            sys.exit(f"{binary}: unexpected result {child.returncode} {output!r}")
    return walls, cpus

def main() -> None:
    binaries = sys.argv[1:] or [".build/release/stscript"]
    with tempfile.TemporaryDirectory() as store:
        for binary in binaries:
            walls, cpus = measure(binary, store)
            print(f"{binary}: wall median {statistics.median(walls) * 1000:.2f} ms (fastest {min(walls) * 1000:.2f}), "
                  f"CPU median {statistics.median(cpus) * 1000:.2f} ms over {RUNS} runs")

if __name__ == "__main__":
    main()
