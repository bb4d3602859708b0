#!/usr/bin/env python3
"""Writes the release binary's function order: the functions that run, first.

Usage: layout_profile.py BINARY LINK_MAP OUTPUT

Runs what the binary does most (start-up, `check` and `status` against the simulated AWS
endpoints, and a daemon doing aws-sso cycles into console channels) under valgrind's callgrind,
which records every function that executes. LINK_MAP is lld's `-Map` output for BINARY: with it,
the list keeps one symbol per input section (the linker moves whole sections), in the order the
workloads first reached them. Run through ./scripts/profile-layout.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BINARY, LINK_MAP, OUTPUT = sys.argv[1:4]
HEADER = """\
# Functions that run when sso-self-healing starts, checks, reports status and runs its daemon,
# in the order they first run; the release link (lld --symbol-ordering-file) places their
# sections first, so the pages a process touches are few and together. Regenerate with
# ./scripts/profile-layout after large changes; a name that no longer exists is ignored.
"""


def callgrind(profiled, arguments, env, out, stop_after=None):
    """Runs the binary under callgrind; returns the functions of the binary in first-seen order."""
    command = ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
               f"--callgrind-out-file={out}", profiled] + arguments
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stop_after is not None:
        time.sleep(stop_after)
        process.send_signal(signal.SIGTERM)
    if process.wait(timeout=600) != 0:
        raise SystemExit(f"{' '.join(arguments)} failed under valgrind")
    names = []
    current_object = None
    with open(out) as f:
        for line in f:
            if line.startswith("ob="):
                current_object = line[3:].strip()
            elif line.startswith("fn=") and current_object == profiled:
                name = re.sub(r"'\d+$", "", line[3:].strip())
                if not name.startswith("0x"):
                    names.append(name)
    return names


def sections_by_symbol(link_map):
    """Maps each symbol to the input section holding it, from an lld link map (--no-demangle)."""
    owner = {}
    section = None
    row = re.compile(r"^\s*[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+ ( *)(\S.*)$")
    with open(link_map) as f:
        for line in f:
            match = row.match(line.rstrip("\n"))
            if not match:
                continue
            depth, name = len(match.group(1)), match.group(2)
            if depth == 8:  # an input section: "object.o:(.text.name)"
                section = name
            elif depth == 16 and section is not None:  # a symbol inside it
                owner.setdefault(name, section)
    return owner


def main():
    root = tempfile.mkdtemp(prefix="sso-self-healing-layout.")
    profiled = os.path.join(root, "sso-self-healing")
    shutil.copy(BINARY, profiled)
    # valgrind reads the symbol table; it cannot read the toolchain's DWARF 5 debug sections.
    subprocess.run(["strip", "--strip-debug", profiled], check=True)
    home = os.path.join(root, "home")
    config = os.path.join(root, "config")
    state = os.path.join(root, "state")
    os.makedirs(os.path.join(config, "notifiers.d"))
    simulator = subprocess.Popen([BINARY, "simulate-aws", "--home", home], stdout=subprocess.PIPE, text=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    for line in simulator.stdout:
        line = line.strip()
        if line == "ready":
            break
        name, _, value = line.partition("=")
        env[name] = value
    env["SSO_SELF_HEALING_CONFIG_DIR"] = config
    env["SSO_SELF_HEALING_STATE_DIR"] = state
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write('[daemon]\ninterval = "200ms"\njitter = "0"\n\n'
                '[probe.sim]\ntype = "aws-sso"\nprofile = "sim"\nmode = "native"\nsession_lifetime = "90d"\n')
    for index in range(2):
        with open(os.path.join(config, "notifiers.d", f"{index:02d}-console.toml"), "w") as f:
            f.write('type = "console"\nstream = "stdout"\n')
    order = []
    try:
        workloads = [
            (["--version"], None),
            (["check"], None),
            (["status"], None),
            (["check", "--json"], None),
            (["status", "--json"], None),
            (["run"], 20),
        ]
        for index, (arguments, stop_after) in enumerate(workloads):
            order += callgrind(profiled, arguments, env, os.path.join(root, f"callgrind.{index}"), stop_after)
    finally:
        simulator.send_signal(signal.SIGTERM)
        simulator.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
    owner = sections_by_symbol(LINK_MAP)
    seen_sections = set()
    seen_names = set()
    lines = []
    for name in order:
        if name in seen_names:
            continue
        seen_names.add(name)
        section = owner.get(name)
        if section is None or section in seen_sections:
            continue
        seen_sections.add(section)
        lines.append(name)
    with open(OUTPUT, "w") as f:
        f.write(HEADER)
        f.write("".join(f"{name}\n" for name in lines))
    print(f"{len(lines)} sections ordered ({len(seen_names)} functions ran) -> {OUTPUT}")


if __name__ == "__main__":
    main()
