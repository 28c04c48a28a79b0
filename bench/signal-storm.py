#!/usr/bin/env python3
"""Sends SIGPIPE to a Java process's TensorFlow threads, as fast as it can, until the process exits.

   bench/signal-storm.py PID

TensorFlow's pool threads are the process's threads named "java" other than its first (the JVM
names its own threads; the launcher's and main's are named "java" too, and main's gets the signal
as well). SIGPIPE because the JVM handles it (so the kernel pushes a signal frame on the thread's
stack pointer) and ignores it (so nothing else happens). Prints the signals sent and the seconds.
Used by `bench/soak.sh signals` (issue 17, item 4).
"""
import ctypes
import os
import signal
import sys
import time

SYS_TGKILL = 234  # x86-64
libc = ctypes.CDLL(None, use_errno=True)
pid = int(sys.argv[1])
sent, start = 0, time.time()
while os.path.exists(f"/proc/{pid}"):
    try:
        threads = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
    except FileNotFoundError:
        break
    targets = []
    for t in threads:
        try:
            if t != pid and open(f"/proc/{pid}/task/{t}/comm").read().strip() == "java":
                targets.append(t)
        except OSError:
            pass  # a thread that just ended
    for _ in range(50):  # the thread list is re-read every 50 rounds
        for t in targets:
            if libc.syscall(SYS_TGKILL, pid, t, signal.SIGPIPE) == 0:
                sent += 1
        time.sleep(0.0002)
print(f"{sent}\t{time.time() - start:.0f}", flush=True)
