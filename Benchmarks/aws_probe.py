#!/usr/bin/env python3
"""One aws-sso probe cycle in native mode against the origin's cycle (`aws sts get-caller-identity`),
side by side, against the same simulated endpoints on loopback: CPU time and peak RSS. Then a
fleet, FLEET=SESSIONS:PROFILES (default 5:10, 50 profiles on 5 sessions): the /token and portal
calls of a cycle, the daemon's CPU per cycle next to the one-session cycle's (budget: at most 3x;
a granted role is asked again once per role_check_interval, so the cycle that asks for every role
is printed too),
and next to the origin's `aws sts get-caller-identity` run once per profile, as it would have to.

Run through ./scripts/benchmark. Each figure is the median over RUNS runs (peak RSS: the maximum).
"""
import json
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
FLEET = os.environ.get("FLEET", "5:10")
FLEET_CYCLES = int(os.environ.get("FLEET_CYCLES", "50"))


def measure(command, env):
    """Runs command to completion; returns (cpu seconds, peak RSS in KB, exit status)."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


SIM_PROBE = '[probe.sim]\ntype = "aws-sso"\nprofile = "sim"\nmode = "native"\nsession_lifetime = "90d"\n'


def daemon_cycle_cost(env, config, state, cycles=200, probes=SIM_PROBE, targets=1, on_measured=None):
    """CPU per cycle and peak RSS of the daemon itself (no process start per cycle); `targets`
    probe lines make a cycle; `on_measured(start)` is called at the start and end of the
    measured cycles."""
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write('[daemon]\ninterval = "20ms"\njitter = "0"\n\n' + probes)
    process = subprocess.Popen([BINARY, "run", "--config-dir", config, "--state-dir", state, "--verbose"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    count = 0
    start_cpu = None
    for line in process.stderr:
        if "probe finished" in line:
            count += 1
            if count == 20 * targets:
                start_cpu = cpu_of(process.pid)
                if on_measured:
                    on_measured(True)
            if count == (20 + cycles) * targets:
                end_cpu = cpu_of(process.pid)
                peak = peak_rss(process.pid)
                if on_measured:
                    on_measured(False)
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


def request_counts(simulator, report):
    """The simulator's requests so far, by operation (it writes the file atomically when asked)."""
    if os.path.exists(report):
        os.remove(report)
    open(report + ".request", "w").close()
    for _ in range(500):
        if os.path.exists(report):
            with open(report) as f:
                return json.load(f)
        time.sleep(0.01)
    raise SystemExit("the simulator did not report its request counts")


def fleet_cost(one_session_cycle_cpu):
    """50 profiles on 5 sessions (FLEET): calls per cycle, the daemon's CPU per cycle, and the
    origin's CLI once per profile."""
    sessions, per_session = (int(n) for n in FLEET.split(":"))
    root = tempfile.mkdtemp(prefix="sso-self-healing-fleetbench.")
    home, config, state = (os.path.join(root, name) for name in ("home", "config", "state"))
    report = os.path.join(root, "counts.json")
    os.makedirs(config)
    simulator, env = simulated_aws.start(BINARY, home, config, state, ["--fleet", FLEET, "--report", report])
    probes = "".join(f'[probe.fleet-{n}]\ntype = "aws-sso"\nsso_session = "fleet-{n}"\nsession_lifetime = "90d"\n\n'
                     for n in range(1, sessions + 1))
    try:
        with open(os.path.join(config, "config.toml"), "w") as f:
            f.write(probes)
        counts = [request_counts(simulator, report)]
        for _ in range(2):
            result = subprocess.run([BINARY, "check"], env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise SystemExit(f"the fleet check failed: {result.stdout}{result.stderr}")
            counts.append(request_counts(simulator, report))
        first = {key: counts[1][key] - counts[0][key] for key in counts[0]}
        later = {key: counts[2][key] - counts[1][key] for key in counts[0]}
        window = []
        cycle_cpu, rss = daemon_cycle_cost(env, config, state, cycles=FLEET_CYCLES, probes=probes, targets=sessions,
                                           on_measured=lambda _: window.append(request_counts(simulator, report)))
        daemon = {key: (window[1][key] - window[0][key]) / FLEET_CYCLES for key in window[0]}
        # For comparison, the cycle that asks the portal for every role (role_check_interval = "0s"),
        # which a cycle does once per role_check_interval (1h by default).
        every_role = probes.replace('session_lifetime = "90d"\n', 'session_lifetime = "90d"\nrole_check_interval = "0s"\n')
        all_roles_cpu, _ = daemon_cycle_cost(env, config, state, cycles=FLEET_CYCLES, probes=every_role, targets=sessions)
        with open(os.path.join(config, "config.toml"), "w") as f:
            f.write(probes)
        # The origin: one `aws sts get-caller-identity` per profile, its role-credential cache cleared.
        aws = shutil.which("aws")
        origin = 0.0
        profiles = [f"fleet-{n}-{i:02d}" for n in range(1, sessions + 1) for i in range(1, per_session + 1)]
        for profile in profiles:
            shutil.rmtree(os.path.join(home, ".aws", "cli", "cache"), ignore_errors=True)
            cpu, _, status = measure([aws, "sts", "get-caller-identity", "--profile", profile, "--output", "json"], env)
            if status != 0:
                raise SystemExit(f"the origin's CLI failed for {profile}")
            origin += cpu
        total = sessions * per_session
        print(f"a fleet: {total} profiles on {sessions} sessions, {sessions} aws-sso targets")
        print(f"  calls, first cycle (refresh due): {first['CreateToken']} /token, {first['GetRoleCredentials']} portal; "
              f"next cycle: {later['CreateToken']} /token, {later['GetRoleCredentials']} portal; the daemon, per cycle "
              f"over {FLEET_CYCLES}: {daemon['CreateToken']:.2f} /token, {daemon['GetRoleCredentials']:.1f} portal")
        calls_ok = first["CreateToken"] <= sessions and later["CreateToken"] == 0 and \
            max(first["GetRoleCredentials"], later["GetRoleCredentials"]) <= total
        ratio = cycle_cpu / max(one_session_cycle_cpu, 1e-6)
        print(f"  the daemon's cycle: {cycle_cpu * 1000:.2f} ms CPU, {ratio:.1f}x the one-session cycle's "
              f"({one_session_cycle_cpu * 1000:.2f} ms), peak RSS {rss / 1024:.1f} MB")
        print(f"  a cycle that asks for every role (once per role_check_interval): {all_roles_cpu * 1000:.2f} ms CPU, "
              f"{all_roles_cpu / max(one_session_cycle_cpu, 1e-6):.1f}x the one-session cycle's")
        print(f"  the origin, once per profile: {origin * 1000:.0f} ms CPU ({origin / max(cycle_cpu, 1e-6):.0f}x the daemon's cycle)")
        print(f"  budget: at most one /token per session and one portal call per profile -> "
              f"{'within budget' if calls_ok else 'OVER BUDGET'}; at most 3x the one-session cycle's CPU -> "
              f"{'within budget' if ratio <= 3 else 'OVER BUDGET'}")
    finally:
        simulator.send_signal(signal.SIGTERM)
        simulator.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


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
        # The budgets: a whole `check` at least 25x less CPU, the daemon's cycle at least 100x less,
        # and at most 40% of the origin's peak RSS for both.
        check_ok = their_cpu / our_cpu >= 25 and our_rss / their_rss <= 0.4
        daemon_ok = their_cpu / max(cycle_cpu, 1e-6) >= 100 and daemon_rss / their_rss <= 0.4
        print(f"  budget: check at least 25x less CPU, the daemon's cycle at least 100x, both at most 40% of the "
              f"peak RSS -> {'within budget' if check_ok else 'OVER BUDGET'} (check); "
              f"{'within budget' if daemon_ok else 'OVER BUDGET'} (daemon)")
    finally:
        simulator.send_signal(signal.SIGTERM)
        simulator.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
    fleet_cost(cycle_cpu)


if __name__ == "__main__":
    main()
