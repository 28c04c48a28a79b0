#!/usr/bin/env python3
"""Writes docs/results/soak.md (to stdout) from every result bench/soak.sh left in its folder."""
import csv
import pathlib
import sys

folder = pathlib.Path(sys.argv[1])


def markdown(headers, keys, rows):
    """A markdown table of the rows' values under keys, then a blank line."""
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for r in rows:
        print("| " + " | ".join(r[k] for k in keys) + " |")
    print()


def table(path):
    """The command line (first line, after '# ') and the rows of a soak result."""
    lines = path.read_text().splitlines()
    return lines[0].lstrip("# "), list(csv.DictReader(lines[1:], delimiter="\t"))


print("# Soaks under -Xcheck:jni\n")
print("Issue 17, item 4: a `coherent evaluate` of a paper-config set on all 10,098 patients of")
print("synthetic-pancancer (`--draws 20 --sampler ddim --steps 100`) once died 22 minutes in with")
print("SIGSEGV in two TensorFlow threads. Each soak below runs under the JNI checker, keeps the JVM's")
print("fatal-error files and counts the checker's complaints. Rerun with `bench/soak.sh` (its header")
print("says how); this page is rewritten from `bench/results/soak/` after every soak. The sets:")
print("`bench/tmp/soak-paper/models` is `coherent train --config paper --seed 42` on synthetic-pancancer,")
print("the kind of set the crash was reported with; `bench/tmp/out-of-distribution/models-10098` is the")
print("same cohort trained with the defaults (`bench/out-of-distribution.sh`: the same network, E128 H256")
print("4 layers, other training settings).\n")
print("""## The cause: what was ruled out

The crash has not been reproduced: not in the runs below, nor in any test or benchmark since.
The report put the instruction pointer in unmapped memory in two TensorFlow threads at once, as
when code or an object TensorFlow is running is freed under it. Each way that could happen here
was checked:

- **A graph, session or plan closed while TensorFlow runs it.** TensorFlow Java's
  `Session.close()` blocks until every `run` in flight has returned, and `Graph.close()` until
  every session on it is closed (`Session.java`, `Graph.java` of tensorflow/java 1.1.0), so a
  close from another thread waits instead of freeing; below that, TensorFlow's C API defers
  deleting a graph while a session on it exists (`TF_DeleteGraph`). `coherent evaluate` calls TensorFlow from one
  Java thread only and closes its model set after the last call has returned. The functions close a
  model set only when its last lease is returned (`ModelSetLease`), which the mixed-load soak
  exercises with a swap every 5 minutes while requests run on the old set. Fused plans (cached
  graphs closed with their model set) are off in every product path (`DiffusionSampler` with
  `maxFusedRows` 0).
- **Misused JNI** (a freed or wrong-typed reference): `-Xcheck:jni` in every run below, no
  warning.
- **Natives replaced on disk under a running process** (JavaCPP's cache shared by the CLI, the
  tests and the functions): JavaCPP deletes a stale file and writes a new one (a new inode), so a
  process keeps the library it mapped; files are only re-extracted when their size or time differ.

What is left cannot be told apart without a reproduction: a fault inside TensorFlow's own runtime,
or one of the machine (the crash came on the 2-core development machine, where builds and tests
often run beside long benchmarks). The soaks ran on two such machines: those whose line names no
processor on an AMD EPYC, the others on the processor named. The soaks below stay as the check: rerun them after a TensorFlow or
JVM upgrade, and on any crash keep the `hs_err_pid*.log` they collect.
""")

for path in sorted(folder.glob("evaluate-*.tsv")):
    command, rows = table(path)
    if not rows:
        continue  # a soak still running
    args = command.split(";")[0].split()
    models, patients = args[2], args[5]
    failed = [r for r in rows if r["exit"] != "0"]
    minutes = sum(int(r["seconds"]) for r in rows) / 60
    longest = max(int(r["seconds"]) for r in rows) / 60
    print(f"## Evaluate `{models}`, {'all' if patients == '0' else patients} test patients\n")
    print(f"`{command}`\n")
    print(f"**{len(rows)} run{'s' if len(rows) > 1 else ''}, {minutes:.0f} minutes in all (longest process {longest:.0f} minutes), "
          f"{len(failed)} that did not exit 0, "
          f"{sum(int(r.get('fatal_error_files') or 0) for r in rows)} fatal-error files, "
          f"{sum(int(r['jni_warnings']) for r in rows)} JNI warnings.**\n")
    markdown(["run", "exit", "seconds", "JNI warnings"], ["run", "exit", "seconds", "jni_warnings"], rows)

function = folder / "function.tsv"
if function.exists():
    command, rows = table(function)
    print("## The imputation function under mixed load\n")
    print(f"`{command}`\n")
    markdown(["check", "value"], ["check", "value"], rows)
    mixed = folder / "function-mixed.tsv"
    if mixed.exists():
        print("Requests of the mixed client (protocol infers, refusals, probes, listings) by answer:\n")
        columns = ["request", "status", "expected", "count"]
        markdown(columns, columns, csv.DictReader(mixed.read_text().splitlines(), delimiter="\t"))
    load = folder / "function-load.txt"
    if load.exists():
        print("The load clients' reports (`coherent bench load`):\n")
        print("```")
        print(load.read_text().rstrip())
        print("```\n")

for path in sorted(folder.glob("function-rss*.tsv")):
    lines = path.read_text().splitlines()
    command = lines[0].lstrip("# ") if lines[0].startswith("#") else "bench/soak.sh function (the run above)"
    rows = [r for r in csv.DictReader([l for l in lines if not l.startswith("#")], delimiter="\t") if r["rss_mib"]]
    if not rows:
        continue
    mib = [int(r["rss_mib"]) for r in rows]
    print(f"### Resident memory across swaps: `{command}`\n")
    half = len(mib) // 2
    print(f"Every 30 s, MiB: {' '.join(str(m) for m in mib)}. Highest {max(mib)}, last {mib[-1]}; over the"
          f" second half {mib[-1] - mib[half]:+d} MiB. A set left open after its swap would stay resident"
          " (its graph, session and weights) and add that much again at every swap.\n")
