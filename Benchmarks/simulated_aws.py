"""The simulated AWS endpoints (`sso-self-healing-demo simulate-aws`, beside the benchmarked
binary) that the benchmarks run against."""
import os
import shlex
import subprocess


def start(binary, home, config, state, extra=()):
    """Starts the simulator with its files under `home` (`extra`: more arguments, e.g. `--fleet
    5:10`); returns (process, environment).

    The environment is this process's without its AWS_* variables, plus the simulator's `export`
    lines (AWS config file, endpoint URLs, HOME) and sso-self-healing's configuration and state
    directories.
    """
    demo = os.path.join(os.path.dirname(binary), "sso-self-healing-demo")
    simulator = subprocess.Popen([demo, "simulate-aws", "--home", home, *extra], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, text=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    for line in simulator.stdout:
        line = line.strip()
        if line.startswith("# ready"):
            break
        if line.startswith("export "):
            name, _, value = line[len("export "):].partition("=")
            env[name] = shlex.split(value)[0] if value else ""
    env["SSO_SELF_HEALING_CONFIG_DIR"] = config
    env["SSO_SELF_HEALING_STATE_DIR"] = state
    return simulator, env
