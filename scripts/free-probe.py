#!/usr/bin/env python3
"""What freeing a big file costs a WAL writer on this file system: a writer appends 8 kB and fdatasyncs
100 times a second while a 1 GB file (written and synced first) is removed at once ("rm") or shrunk in
64 MB steps 50 ms apart and then removed ("steps"); prints the writer's slowest sync before and during.
This is what PostgreSQL's drop of a table's files does to every commit's WAL flush (the README's
"Benchmarks" section).

    python3 scripts/free-probe.py DIR [rm|steps]      # DIR on the server's data disk
"""
import os
import sys
import threading
import time

if len(sys.argv) < 2 or (len(sys.argv) > 2 and sys.argv[2] not in ("rm", "steps")):
    sys.exit("usage: free-probe.py DIR [rm|steps]")
directory, how = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "rm")
big = os.path.join(directory, "free-probe-big.bin")
log = os.path.join(directory, "free-probe-wal.bin")

with open(big, "wb") as f:
    for _ in range(1024):
        f.write(os.urandom(1 << 20))
    f.flush()
    os.fsync(f.fileno())

fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
syncs = []  # (when, milliseconds)
stop = threading.Event()


def writer():
    while not stop.is_set():
        t = time.perf_counter()
        os.write(fd, b"x" * 8192)
        os.fdatasync(fd)
        syncs.append((time.time(), (time.perf_counter() - t) * 1000))
        time.sleep(0.01)


thread = threading.Thread(target=writer)
thread.start()
time.sleep(2)
start = time.time()
if how == "steps":
    for mb in range(1024 - 64, -1, -64):
        os.truncate(big, mb << 20)
        time.sleep(0.05)
os.remove(big)
end = time.time()
time.sleep(2)
stop.set()
thread.join()
os.close(fd)
os.remove(log)
before = max(ms for at, ms in syncs if at < start)
during = max(ms for at, ms in syncs if start <= at <= end + 0.5)
print(f"{how}: took {(end - start) * 1000:.0f} ms; the writer's slowest fdatasync before {before:.1f} ms, "
      f"during and 0.5 s after {during:.1f} ms")
