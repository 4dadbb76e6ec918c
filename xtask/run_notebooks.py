#!/usr/bin/env python3
"""Execute notebooks with the real evcxr kernel, one at a time, through nbclient.

Called by `cargo xtask notebooks` and `cargo xtask check`; run it with the project's
virtual environment (`.venv/bin/python xtask/run_notebooks.py notebooks/*.ipynb`).

A notebook fails when a cell reports an error (a compile error, a kernel restart after
the setup cell's panic hook aborted it), when a cell runs past its timeout, or when any
output shows that a cell panicked. The last check matters because evcxr reports a
panicking cell as a success: `--expect-failure` runs a fixture whose cell panics and
passes only if this runner fails it.
"""

import argparse
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

# Text in a cell's output that means it failed, whatever status evcxr reported.
FAILURE_MARKERS = (
    "notebook cell panicked",  # printed by the setup cell's panic hook
    "Child process terminated",  # evcxr: the worker process died (abort, segfault)
    "panicked at",  # a panic message that escaped the hook
)


def cell_timeout(cell):
    return SETUP_CELL_TIMEOUT if cell.source.startswith("// Setup, generated") else CELL_TIMEOUT


def output_text(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    if output.get("output_type") == "error":
        return "\n".join([output.get("ename", ""), output.get("evalue", "")] + output.get("traceback", []))
    data = output.get("data", {})
    return data.get("text/plain", "") if isinstance(data, dict) else ""


def first_failure(notebook):
    """The first executed cell whose outputs show a failure, as (index, reason)."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            text = output_text(output)
            if output.get("output_type") == "error":
                return index, text.strip() or "error output"
            for marker in FAILURE_MARKERS:
                if marker in text:
                    # A panic inside a spawned thread that the example joins and
                    # handles is part of the lesson; only the hook's marker and a
                    # dead worker process count as a failed cell.
                    if marker == "panicked at" and "notebook cell panicked" not in text:
                        continue
                    return index, text.strip()
    return None


def all_output(notebook):
    return "\n".join(output_text(o) for cell in notebook.cells for o in cell.get("outputs", []))


def run(path):
    """Execute one notebook; returns None on success or a reason string on failure.

    A failure's reason ends with every output the notebook produced, so a caller can check
    that it failed for the right reason."""
    reason, notebook = execute(path)
    if reason is None:
        return None
    return f"{reason}\n--- outputs ---\n{all_output(notebook)}"


def execute(path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        timeout=CELL_TIMEOUT,
        timeout_func=cell_timeout,
        startup_timeout=120,
        allow_errors=False,
        resources={"metadata": {"path": str(Path(path).resolve().parent)}},
    )
    try:
        client.execute()
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
    args = parser.parse_args()

    passed = failed = 0
    for path in args.notebooks:
        started = time.monotonic()
        print(f"--- {path}", flush=True)
        reason = run(path)
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
