#!/usr/bin/env python3
"""Writes the release binary's function order: the functions that run, first.

Usage: layout_profile.py BINARY LINK_MAP OUTPUT

Runs what the binary does most (start-up, `check` and `status` against the simulated AWS
endpoints, and a daemon doing aws-sso cycles into console channels) under valgrind's callgrind,
which records every function that executes. LINK_MAP is lld's `-Map` output for BINARY: with it,
the list keeps one symbol per input section (the linker moves whole sections). Run through ./scripts/profile-layout.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import simulated_aws

BINARY, LINK_MAP, OUTPUT = sys.argv[1:4]
HEADER = """\
# Functions that run when sso-self-healing starts, checks, reports status and runs its daemon,
# one for each section that holds any, sorted; the release link (lld --symbol-ordering-file)
# places those sections first, so the pages a process touches are few and together. Regenerate
# with ./scripts/profile-layout after large changes; a name that no longer exists is ignored.
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
    simulator, env = simulated_aws.start(BINARY, home, config, state)
    with open(os.path.join(config, "config.toml"), "w") as f:
        f.write('[daemon]\ninterval = "200ms"\njitter = "0"\n\n'
                '[probe.sim]\ntype = "aws-sso"\nprofile = "sim"\nmode = "native"\nsession_lifetime = "90d"\n')
    for index in range(2):
        with open(os.path.join(config, "notifiers.d", f"{index:02d}-console.toml"), "w") as f:
            f.write('type = "console"\nstream = "stdout"\n')
    functions = []
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
            functions += callgrind(profiled, arguments, env, os.path.join(root, f"callgrind.{index}"), stop_after)
    finally:
        simulator.send_signal(signal.SIGTERM)
        simulator.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)
    owner = sections_by_symbol(LINK_MAP)
    # One symbol for each section that ran (the smallest name, so that a rerun picks the same).
    chosen = {}
    ran = set(functions)
    for name in ran:
        section = owner.get(name)
        if section is not None and (section not in chosen or name < chosen[section]):
            chosen[section] = name
    lines = list(chosen.values())
    # Sorted: which sections come first is what matters, not their order among themselves, and a
    # sorted list changes only where the code did (callgrind's order varies from run to run).
    with open(OUTPUT, "w") as f:
        f.write(HEADER)
        f.write("".join(f"{name}\n" for name in sorted(lines)))
    print(f"{len(lines)} sections ordered ({len(ran)} functions ran) -> {OUTPUT}")


if __name__ == "__main__":
    main()
