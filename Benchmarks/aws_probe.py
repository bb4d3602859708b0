#!/usr/bin/env python3
"""One aws-sso probe cycle in native mode against the origin's cycle (`aws sts get-caller-identity`),
side by side, against the same simulated endpoints on loopback: CPU time and peak RSS.

Run through ./scripts/benchmark. Each figure is the median over RUNS runs (peak RSS: the maximum).
"""
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import simulated_aws

BINARY = sys.argv[1]
RUNS = int(os.environ.get("RUNS", "15"))


def measure(command, env):
    """Runs command to completion; returns (cpu seconds, peak RSS in KB, exit status)."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def daemon_cycle_cost(env, config, state, cycles=200):
    """CPU per cycle and peak RSS of the daemon itself (no process start per cycle)."""
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write('[daemon]\ninterval = "20ms"\njitter = "0"\n\n[probe.sim]\ntype = "aws-sso"\nprofile = "sim"\n'
                'mode = "native"\nsession_lifetime = "90d"\n')
    process = subprocess.Popen([BINARY, "run", "--config-dir", config, "--state-dir", state, "--verbose"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    count = 0
    started = None
    start_cpu = None
    for line in process.stderr:
        if "probe finished" in line:
            count += 1
            if count == 20:
                started = time.time()
                start_cpu = cpu_of(process.pid)
            if count == 20 + cycles:
                end_cpu = cpu_of(process.pid)
                peak = peak_rss(process.pid)
                break
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    return (end_cpu - start_cpu) / cycles, peak


def cpu_of(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM"):
                return int(line.split()[1])
    return 0


def main():
    root = tempfile.mkdtemp(prefix="sso-self-healing-awsbench.")
    home = os.path.join(root, "home")
    config = os.path.join(root, "config")
    state = os.path.join(root, "state")
    os.makedirs(config)
    simulator, env = simulated_aws.start(BINARY, home, config, state)
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write('[probe.sim]\ntype = "aws-sso"\nprofile = "sim"\nmode = "native"\nsession_lifetime = "90d"\n')
    aws = shutil.which("aws")
    try:
        # Warm both once (file caches, the CLI's role-credential cache left out: see below).
        measure([BINARY, "check"], env)
        ours, theirs = [], []
        for _ in range(RUNS):
            ours.append(measure([BINARY, "check"], env))
            # The origin's probe; its role-credential cache would let it skip the SSO token entirely,
            # so it is cleared to make it do the same work as ours.
            shutil.rmtree(os.path.join(home, ".aws", "cli", "cache"), ignore_errors=True)
            theirs.append(measure([aws, "sts", "get-caller-identity", "--profile", "sim", "--output", "json"], env))
        failures = [r for r in ours if r[2] != 0] + [r for r in theirs if r[2] != 0]
        if failures:
            raise SystemExit(f"{len(failures)} runs failed: {failures[:3]}")
        our_cpu = statistics.median(r[0] for r in ours)
        their_cpu = statistics.median(r[0] for r in theirs)
        our_rss = max(r[1] for r in ours)
        their_rss = max(r[1] for r in theirs)
        cycle_cpu, daemon_rss = daemon_cycle_cost(env, config, state)
        print(f"aws-sso probe cycle vs the origin's `aws sts get-caller-identity` ({RUNS} runs each, loopback fakes)")
        print(f"  origin (AWS CLI {subprocess.run([aws, '--version'], capture_output=True, text=True).stdout.split()[0] or '?'}): "
              f"{their_cpu * 1000:.0f} ms CPU, peak RSS {their_rss / 1024:.1f} MB")
        print(f"  `sso-self-healing check` (a whole process per cycle): {our_cpu * 1000:.1f} ms CPU "
              f"({their_cpu / our_cpu:.0f}x less), peak RSS {our_rss / 1024:.1f} MB ({our_rss / their_rss:.0%} of the origin's)")
        print(f"  the daemon's cycle (`run`): {cycle_cpu * 1000:.2f} ms CPU ({their_cpu / max(cycle_cpu, 1e-6):.0f}x less), "
              f"peak RSS {daemon_rss / 1024:.1f} MB ({daemon_rss / their_rss:.0%} of the origin's)")
        ok = their_cpu / our_cpu >= 40 and our_rss / their_rss <= 0.4
        print(f"  budget: at least 40x less CPU and at most 40% of the peak RSS -> "
              f"{'within budget' if ok else 'OVER BUDGET'} (check); "
              f"{'within budget' if their_cpu / max(cycle_cpu, 1e-6) >= 40 and daemon_rss / their_rss <= 0.4 else 'OVER BUDGET'} (daemon)")
    finally:
        simulator.send_signal(signal.SIGTERM)
        simulator.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
