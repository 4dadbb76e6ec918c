#!/usr/bin/env python3
"""The course's Jupyter kernel `rust`: evcxr, with a build directory that outlives it.

evcxr compiles the cells in a Cargo project of its own. By default that project is in a
new temporary directory, so every kernel start (and restart) builds the companion crate
again: about 30 s on two cores, even with `:cache`, which keeps only crates.io crates.
With EVCXR_TMPDIR set, evcxr keeps the project, Cargo finds the companion already built,
and the setup cell takes a few seconds.

Two kernels must not share one project (each writes its cells into it), so this takes the
first of the directories SLOTS/kernel-0, kernel-1, ... that no running kernel holds (SLOTS is
/var/tmp/concurrent_rust-evcxr-USER; `kernel_build_dirs` in xtask/src/setup.rs says why
there), holds its lock for the kernel's lifetime, and becomes evcxr_jupyter.

`cargo xtask setup` writes the kernel spec that runs it, in .venv (where the venv's
Jupyter looks first):
    python evcxr_kernel.py EVCXR_JUPYTER SLOTS CONNECTION_FILE
"""

import fcntl
import os
import sys

MAX_SLOTS = 32


def main():
    evcxr, slots, connection_file = sys.argv[1:4]
    for number in range(MAX_SLOTS):
        slot = os.path.join(slots, f"kernel-{number}")
        os.makedirs(slot, exist_ok=True)
        lock = os.open(os.path.join(slot, ".lock"), os.O_CREAT | os.O_RDWR, 0o644)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(lock)  # a running kernel uses this one
            continue
        # The lock stays held by evcxr_jupyter (the descriptor survives exec) and is
        # released when the kernel exits.
        os.set_inheritable(lock, True)
        os.environ["EVCXR_TMPDIR"] = slot
        os.execv(evcxr, [evcxr, "--control_file", connection_file])
    sys.exit(f"evcxr_kernel.py: all {MAX_SLOTS} build directories in {slots} are in use")


if __name__ == "__main__":
    main()
