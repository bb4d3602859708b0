#!/usr/bin/env python3
"""Daemon benchmarks: idle wake-ups, memory over 10,000 cycles, and `status` latency.

Run through ./scripts/benchmark, which builds the release binary first. Prints each figure
next to its budget (and, where there is one, the baseline it beats).
"""
import json
import os
import shutil
import socket
import signal
import statistics
import subprocess
import sys
import tempfile
import time

BINARY = sys.argv[1]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_stat(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    status = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            status[key] = value.strip()
    # The wake-ups (context switches) of each thread of the process, by thread id.
    switches = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches") or line.startswith("nonvoluntary_ctxt_switches"):
                        switches[task] = switches.get(task, 0) + int(line.split(":")[1])
        except FileNotFoundError:
            pass
    return {
        "cpu_s": (utime + stime) / CLK_TCK,
        "rss_kb": int(status["VmRSS"].split()[0]),
        "hwm_kb": int(status["VmHWM"].split()[0]),
        "switches": switches,
    }


def workspace(interval, probe_script, channels=6):
    root = tempfile.mkdtemp(prefix="sso-self-healing-bench.")
    config = os.path.join(root, "config")
    os.makedirs(os.path.join(config, "notifiers.d"))
    script = os.path.join(root, "probe.sh")
    with open(script, "w") as f:
        f.write(probe_script.replace("ROOT", root))
    os.chmod(script, 0o755)
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write(f'[daemon]\ninterval = "{interval}"\njitter = "0"\n\n'
                f'[probe.bench]\ntype = "command"\ncommand = ["{script}"]\nfailure_threshold = 1\n')
    for index in range(channels):
        with open(os.path.join(config, "notifiers.d", f"{index:02d}-console.toml"), "w") as f:
            f.write('type = "console"\nstream = "stdout"\n')
    env = dict(os.environ, SSO_SELF_HEALING_CONFIG_DIR=config, SSO_SELF_HEALING_STATE_DIR=os.path.join(root, "state"))
    return root, env


def start(env):
    return subprocess.Popen([BINARY, "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        return -9


def idle(seconds):
    root, env = workspace("1h", "#!/bin/sh\necho idle\nexit 0\n")
    process = start(env)
    time.sleep(3)
    before = proc_stat(process.pid)
    time.sleep(seconds)
    after = proc_stat(process.pid)
    stop(process)
    shutil.rmtree(root)
    # Threads that came and went in between count whole; those present throughout by difference.
    woke = sum(count - before["switches"].get(task, 0) for task, count in after["switches"].items())
    return after["cpu_s"] - before["cpu_s"], woke


def idle_supervised(seconds, watchdog_seconds=10):
    """The idle daemon with a metrics file and under systemd's watchdog (a datagram socket this
    process binds, WATCHDOG_USEC set): its wake-ups, the watchdog pings it sent (its own timer),
    the wake-ups seen away from any ping (polled every 50 ms), and its peak RSS."""
    root, env = workspace("1h", "#!/bin/sh\necho idle\nexit 0\n")
    config = os.path.join(env["SSO_SELF_HEALING_CONFIG_DIR"], "config.toml")
    with open(config) as f:
        text = f.read()
    with open(config, "w") as f:
        f.write(text.replace("[daemon]\n", f'[daemon]\nmetrics_file = "{root}/sso-self-healing.prom"\n', 1))
    address = os.path.join(root, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.settimeout(0.05)
    env = dict(env, NOTIFY_SOCKET=address, WATCHDOG_USEC=str(watchdog_seconds * 1_000_000))
    process = start(env)
    time.sleep(3)
    before = proc_stat(process.pid)
    pings, wakes = [], []
    last = sum(before["switches"].values())
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if b"WATCHDOG=1" in sock.recv(4096):
                pings.append(time.monotonic())
        except socket.timeout:
            pass
        now = sum(proc_stat(process.pid)["switches"].values())
        if now != last:
            wakes.append(time.monotonic())
            last = now
    after = proc_stat(process.pid)
    stop(process)
    sock.close()
    metrics_written = os.path.exists(os.path.join(root, "sso-self-healing.prom"))
    shutil.rmtree(root)
    woke = sum(count - before["switches"].get(task, 0) for task, count in after["switches"].items())
    stray = sum(1 for at in wakes if not any(abs(at - ping) < 0.25 for ping in pings))
    return woke, len(pings), stray, after["hwm_kb"], metrics_written


FLAPPING = """#!/bin/sh
n=$(cat ROOT/count 2>/dev/null || echo 0)
n=$((n + 1))
echo $n > ROOT/count
echo "cycle $n"
exit $(( (n / 50) % 2 * 2 ))
"""


def cycles(count_at):
    root, env = workspace("10ms", FLAPPING)
    counter = os.path.join(root, "count")
    process = start(env)
    samples = {}
    started = time.time()
    for target in sorted(count_at):
        while True:
            try:
                with open(counter) as f:
                    done = int(f.read().strip() or 0)
            except (FileNotFoundError, ValueError):
                done = 0
            if done >= target:
                break
            if process.poll() is not None:
                raise SystemExit(f"daemon exited early with {process.returncode}")
            time.sleep(0.05)
        samples[target] = proc_stat(process.pid)
    elapsed = time.time() - started
    status = status_latency(env)
    stop(process)
    shutil.rmtree(root)
    return samples, elapsed, status


def status_latency(env, runs=40):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([BINARY, "status"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def state_io(channels=20):
    """One cycle that raises one alert for `channels` channels: how often the state file is read
    and written (the store logs each at debug level), per delivery."""
    root, env = workspace("1h", "#!/bin/sh\necho expired\nexit 2\n", channels=channels)
    log_path = os.path.join(root, "daemon.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen([BINARY, "run", "--verbose", "--log-format", "json"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=log)
        messages = []
        deadline = time.time() + 60
        while time.time() < deadline:
            with open(log_path) as f:
                messages = [json.loads(line).get("message", "") for line in f if line.startswith("{")]
            if messages.count("delivered") >= channels:
                break
            time.sleep(0.1)
        stop(process)
    shutil.rmtree(root)
    return messages.count("delivered"), messages.count("state read"), messages.count("state written")


def verdict(ok):
    return "within budget" if ok else "OVER BUDGET"


def main():
    idle_seconds = int(os.environ.get("IDLE_SECONDS", "60"))
    total = int(os.environ.get("CYCLES", "10000"))
    print(f"binary: {BINARY}")
    cpu, switches = idle(idle_seconds)
    print(f"idle {idle_seconds}s, interval 1h, 6 channels: {cpu * 1000:.0f} ms CPU, {switches} wake-ups "
          f"(budget: no polling loop, i.e. ~0 wake-ups between probes) -> {verdict(switches <= idle_seconds // 10 + 5)}")
    woke, pings, stray, hwm, metrics = idle_supervised(idle_seconds)
    print(f"idle {idle_seconds}s with a metrics file (written: {metrics}) under systemd's watchdog "
          f"(WATCHDOG_USEC 10s): {woke} wake-ups at its {pings} WATCHDOG pings (its own timer, "
          f"{woke / max(pings, 1):.1f} thread switches each), {stray} away from any ping; peak RSS "
          f"{hwm / 1024:.1f} MB (budget: no wake-up between its timers -> {verdict(stray == 0)}; "
          f"under 25 MB -> {verdict(hwm < 25 * 1024)})")
    samples, elapsed, (status_median, status_max) = cycles([100, total])
    early, late = samples[100], samples[total]
    growth_mb = (late["hwm_kb"] - early["rss_kb"]) / 1024
    print(f"{total} probe cycles (interval 10ms, a state change every 50 cycles, 6 console channels) in {elapsed:.0f}s")
    print(f"  RSS after 100 cycles: {early['rss_kb'] / 1024:.1f} MB; peak RSS after {total}: {late['hwm_kb'] / 1024:.1f} MB;"
          f" growth {growth_mb:+.1f} MB (budget: within 2 MB) -> {verdict(growth_mb <= 2)}")
    print(f"  peak RSS {late['hwm_kb'] / 1024:.1f} MB (budget: under 25 MB) -> {verdict(late['hwm_kb'] < 25 * 1024)}")
    print(f"status on a warm state directory: median {status_median:.1f} ms, max {status_max:.1f} ms "
          f"(budget: under 30 ms) -> {verdict(status_median < 30)}")
    deliveries, reads, writes = state_io()
    # The cycle itself writes once (and reads at most once, at start); the rest is the deliveries'.
    per_read = max(0, reads - 1) / max(1, deliveries)
    per_write = max(0, writes - 1) / max(1, deliveries)
    print(f"state file, one cycle and {deliveries} deliveries: {reads} reads, {writes} writes; per delivery "
          f"{per_read:.2f} reads, {per_write:.2f} writes (budget: at most 1 each) -> "
          f"{verdict(deliveries > 0 and per_read <= 1 and per_write <= 1)}")


if __name__ == "__main__":
    main()
