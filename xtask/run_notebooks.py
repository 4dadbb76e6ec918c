#!/usr/bin/env python3
"""Execute notebooks with the real evcxr kernel, one at a time, through nbclient.

Called by `cargo xtask notebooks` and `cargo xtask check`; run it with the project's
virtual environment (`.venv/bin/python xtask/run_notebooks.py notebooks/*.ipynb`).

The runner sets CONCURRENT_RUST_NOTEBOOK_RUNNER=1 for the kernel (evcxr's worker process
inherits it), and only then does the notebook's second setup cell install the panic hook
that aborts the kernel on a panic on the cell thread. In JupyterLab the variable is not
set, and a learner's panicking cell keeps the kernel and its variables. `--learner` runs a
notebook the way JupyterLab does, without the variable.

A notebook fails when a cell reports an error (a compile error, the worker process killed
by the panic hook), when a cell runs past its timeout, or when a cell's output shows a
panic that the book does not announce, or when a panic the book announces does not happen.
A listing may panic on purpose in a spawned thread;
the book then shows the message in the program output after the listing, and the
generator records it in the cell's metadata as `expected_panics`. Any other
`panicked at` fails the run: evcxr reports such a cell as a success. `--expect-failure`
runs a fixture that must fail, for the reason given.

evcxr sends a cell's stderr to Jupyter from a thread of its own, not in step with the
cell's result, so a panic report (written to stderr, and long when RUST_BACKTRACE=1) can
reach the runner after the kernel has said the cell is done. nbclient drops such late
output. `LateOutputClient` keeps reading it: after every cell it waits until the kernel
has been quiet for `QUIET_SECONDS`, and, for a cell whose announced panics have not all
arrived yet, up to `LATE_PANIC_SECONDS` for them.
"""

import argparse
import os
import queue
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

# The setup cell compiles the companion crate and its dependencies inside evcxr: minutes
# on a cold cache. Every other cell is a small example and gets far less.
SETUP_CELL_TIMEOUT = 1800
CELL_TIMEOUT = 180
KERNEL = "rust"

# Set for the kernel by this runner; the notebook's panic hook is installed only then.
RUNNER_ENV = "CONCURRENT_RUST_NOTEBOOK_RUNNER"

# Text in a cell's output that means it failed, whatever status evcxr reported.
FAILURE_MARKERS = (
    "notebook cell panicked",  # printed by the setup cell's panic hook
    "Child process terminated",  # evcxr: the worker process died (abort, segfault)
)

# The first line of a panic report; the line after it is the message's first line. The
# generator reads the book's output blocks the same way (`announced_panics` in
# xtask/src/notebook/mod.rs).
PANICKED_AT = re.compile(r"\bpanicked at .*:\s*$")


# After a cell: how long the kernel must send nothing before the next cell starts, and how
# long to wait for an announced panic report that has not arrived yet.
QUIET_SECONDS = 0.1
LATE_PANIC_SECONDS = 10.0


def cell_timeout(cell):
    return SETUP_CELL_TIMEOUT if cell.source.startswith("// Setup, generated") else CELL_TIMEOUT


def output_text(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join([output.get("ename", ""), output.get("evalue", "")] + output.get("traceback", []))
    data = output.get("data", {})
    return data.get("text/plain", "") if isinstance(data, dict) else ""


def panics(text):
    """The messages (first lines) of the panic reports in `text`."""
    lines = text.splitlines()
    return [after.rstrip() for line, after in zip(lines, lines[1:])
            if PANICKED_AT.search(line) and after.strip()]


# The call a generated exercise tests cell ends with (`notebook::exercise_tests_cell`).
EXERCISE_TESTS = "concurrent_rust::exercises::run_tests(&["


def first_failure(notebook):
    """The first executed cell whose outputs show a failure, as (index, reason)."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        streams = {}
        for output in cell.get("outputs", []):
            text = output_text(output)
            if output.get("output_type") == "error":
                return index, text.strip() or "error output"
            for marker in FAILURE_MARKERS:
                if marker in text:
                    return index, text.strip()
            if output.get("output_type") == "stream":
                # A report may arrive in several stream messages; join them per stream.
                name = output.get("name", "")
                streams[name] = streams.get(name, "") + text
        if EXERCISE_TESTS in cell.source:
            # An exercise's tests cell runs after the starter's cell, so it must have run
            # every test and every one must have failed on the starter's `todo!()`s.
            count = cell.source.count(" as fn()),")
            summary = f"0 of {count} tests pass"
            if summary not in streams.get("stdout", ""):
                printed = "\n".join(streams.values()).strip() or "(nothing)"
                return index, (f"an exercise's tests cell must print {summary!r} on the "
                               f"starter; it printed:\n{printed}")
        expected = cell.get("metadata", {}).get("expected_panics", [])
        seen = []
        for text in streams.values():
            for message in panics(text):
                seen.append(message)
                if message not in expected:
                    announced = ", ".join(repr(m) for m in expected) or "none"
                    return index, (f"a panic the book does not announce: {message!r} "
                                   f"(announced for this cell: {announced})\n{text.strip()}")
        # The other way round: a panic the book shows after the listing must happen, or
        # the book's output block claims something the code does not do.
        for message in expected:
            if message not in seen:
                printed = "\n".join(streams.values()).strip() or "(nothing)"
                return index, (f"the book announces a panic that did not happen: {message!r}\n"
                               f"the cell printed:\n{printed}")
    return None


def stream_text(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream")


class LateOutputClient(NotebookClient):
    """nbclient, but a cell's output that arrives after the kernel reported it idle is kept
    (see the module's documentation)."""

    async def async_execute_cell(self, cell, cell_index, execution_count=None,
                                 store_history=True):
        replies = []
        self.on_cell_executed = lambda **kw: replies.append(kw["execute_reply"])
        cell = await super().async_execute_cell(cell, cell_index, execution_count,
                                                store_history)
        if cell.cell_type == "code" and replies and replies[-1]:
            await self.collect_late_output(cell, cell_index,
                                           replies[-1]["parent_header"].get("msg_id"))
        return cell

    async def collect_late_output(self, cell, cell_index, parent_msg_id):
        expected = cell.get("metadata", {}).get("expected_panics", [])
        give_up = time.monotonic() + LATE_PANIC_SECONDS

        def missing():
            seen = panics(stream_text(cell))
            return [m for m in expected if m not in seen]

        while True:
            waiting = missing() and time.monotonic() < give_up
            timeout = max(give_up - time.monotonic(), 0.01) if waiting else QUIET_SECONDS
            try:
                msg = await self.kc.iopub_channel.get_msg(timeout=timeout)
            except queue.Empty:
                if not (missing() and time.monotonic() < give_up):
                    return
                continue
            if (msg["parent_header"].get("msg_id") == parent_msg_id
                    and msg["msg_type"] == "stream"):
                self.output(cell.outputs, msg, None, cell_index)


def all_output(notebook):
    return "\n".join(output_text(o) for cell in notebook.cells for o in cell.get("outputs", []))


def run(path, learner=False):
    """Execute one notebook; returns None on success or a reason string on failure.

    A failure's reason ends with every output the notebook produced, so a caller can check
    that it failed for the right reason."""
    reason, notebook = execute(path, learner)
    if reason is None:
        return None
    return f"{reason}\n--- outputs ---\n{all_output(notebook)}"


def kernel_env(learner):
    """The kernel's environment: this process's, with RUNNER_ENV set unless `learner`."""
    env = {k: v for k, v in os.environ.items() if k != RUNNER_ENV}
    if not learner:
        env[RUNNER_ENV] = "1"
    return env


def execute(path, learner=False):
    notebook = nbformat.read(path, as_version=4)
    client = LateOutputClient(
        notebook,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        timeout_func=cell_timeout,
        startup_timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
    )
    try:
        client.execute(env=kernel_env(learner))
    except CellTimeoutError as error:
        return f"a cell ran past its timeout (a hang?): {str(error).strip()[:2000]}", notebook
    except DeadKernelError as error:
        return f"the kernel died: {error}", notebook
    except CellExecutionError as error:
        return f"a cell failed:\n{str(error).strip()[:4000]}", notebook
    failure = first_failure(notebook)
    if failure is not None:
        index, reason = failure
        source = notebook.cells[index].source.strip().splitlines()
        head = source[0] if source else ""
        return f"cell {index} ({head[:60]!r}) failed:\n{reason[:4000]}", notebook
    return None, notebook


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--expect-failure",
        metavar="TEXT",
        help="pass only if every notebook fails and its failure report contains TEXT "
        "(for the fixtures that prove a failing cell is caught, for the right reason)",
    )
    parser.add_argument(
        "--learner",
        action="store_true",
        help=f"run as JupyterLab does: without {RUNNER_ENV}, so the notebook's panic hook "
        "is not installed and a panic on the cell thread leaves the kernel running",
    )
    args = parser.parse_args()

    passed = failed = 0
    for path in args.notebooks:
        started = time.monotonic()
        print(f"--- {path}", flush=True)
        reason = run(path, args.learner)
        seconds = time.monotonic() - started
        if args.expect_failure is not None:
            if reason is None:
                failed += 1
                print(f"FAIL {path} ({seconds:.1f} s): it was expected to fail but passed, "
                      "so a failing cell would go unnoticed", flush=True)
            elif args.expect_failure not in reason:
                failed += 1
                print(f"FAIL {path} ({seconds:.1f} s): it failed, but not with "
                      f"{args.expect_failure!r}:\n{reason}", flush=True)
            else:
                passed += 1
                print(f"ok   {path} ({seconds:.1f} s): failed as expected, "
                      f"with {args.expect_failure!r}", flush=True)
        elif reason is None:
            passed += 1
            print(f"ok   {path} ({seconds:.1f} s)", flush=True)
        else:
            failed += 1
            print(f"FAIL {path} ({seconds:.1f} s): {reason}", flush=True)
    print(f"notebooks: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
