"""Worker processes that read PDFs: `DocumentWorkers`, and the shared worker behind
`extract_pdf_text`.

Why worker processes. pdfium is C++ fed with files from the internet: it is not thread-safe, a
document can make it allocate gigabytes (a FlateDecode stream of zeros decompresses 1000:1) or
parse for minutes, and a bug in it is a segfault, not an exception. None of that may reach the
caller (a Dagster step, `ratsinfo parse`), so pdfium never runs in the caller's process: the
caller does not even import it. Each worker reads one document at a time, under

- an address-space cap, RLIMIT_AS = the worker's size when the document arrives plus
  `Limits.max_memory`: pdfium's allocator aborts the worker at the cap, a Python MemoryError is
  caught; both are reported as "memory";
- a wall-time cap, `Limits.timeout`, kept by the caller: a worker with no answer in time is
  killed (SIGKILL) and replaced ("timed out");
- a cap on the answer: the worker stops adding pages after `Limits.max_chars` characters, and
  the caller reads at most a bound of bytes from it. The answer is JSON, not a pickle, so even a
  worker that pdfium's bugs had taken over could not run code in the caller.

A worker that dies of a signal is replaced and the document reported: "memory" when it had
grown to at least half its memory allowance before it died (pdfium's allocator aborts with
SIGABRT when an allocation fails under RLIMIT_AS) or was killed by the kernel's OOM killer
(SIGKILL, which we send only on a timeout), "crashed" otherwise (SIGSEGV ...). The caller
looks at a busy worker's VmSize/VmPeak (/proc) every SAMPLE_INTERVAL to know how far it grew.

How a worker starts: a fresh interpreter, never a fork. The pipeline runs inside Dagster, with
threads, and a fork() of a threaded process may copy a lock another thread holds and deadlock;
so a worker is `sys.executable -c <bootstrap>` started by subprocess (fork+exec in C, safe with
threads: what multiprocessing's "spawn" does too), talking over a socketpair wrapped in
multiprocessing's `Connection` (length-prefixed messages, `wait()` on many at once). Not
multiprocessing's "spawn" or "forkserver" themselves: both import the caller's `__main__` module
again in every worker (to find pickled functions), so a plain script without an
`if __name__ == "__main__":` guard runs its top level once more per worker (multiprocessing then
refuses with "An attempt has been made to start a new process before the current process has
finished its bootstrapping phase"), and `python - < script` cannot start a worker at all; and
"forkserver" is one server per process whose preload list other libraries (Dagster's
multiprocess executor) set as well. Our worker imports `ratsinfo.documents` and pypdfium2,
nothing of the caller's but its sys.path.

Why long-lived workers. A worker is ready in about 150-200 ms (interpreter, pypdfium2, pdfium
initialised: `python -m ratsinfo.documents.bench` measures it, next to multiprocessing's
spawn and forkserver, which cost the same), the time pdfium needs for 40 text pages (about 250
pages per CPU second on the council PDFs of ../shared/corpus). So `DocumentWorkers(n)` keeps n
workers for many documents, each replaced after it died, timed out or read `recycle_after`
documents (pdfium caches fonts and grows slowly); a replacement starts at once and gets ready
while the others work.

`extract_many(items)` keeps every worker busy while there are documents, reads `items` lazily
(a few documents' bytes per worker are held at a time) and yields, in the order of `items`, a
`DocumentText` or the `DocumentError` for each; `extract_as_completed` yields (index, result) as
documents are done. A `DocumentWorkers` is for one thread at a time; `extract_pdf_text` uses
one shared worker, behind a lock, for callers that read a document now and then.
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import TracebackType
from typing import Any

from ratsinfo.documents.model import DocumentError, DocumentText, Limits, MiB, Reason
from ratsinfo.documents.pdf import HEADER_WINDOW, PDF_HEADER, looks_like_pdf

__all__ = ["DocumentWorkers", "WorkerStartError", "extract_shared"]

Result = DocumentText | DocumentError

STARTUP_TIMEOUT = 60.0  # seconds for a new worker to say it is ready
SAMPLE_INTERVAL = 0.02  # seconds between looks at a busy worker's memory
RECYCLE_AFTER = 200  # documents a worker reads before it is replaced by a fresh one
AHEAD = 4  # ordered results: documents in flight or waiting, per worker, past the oldest open one
TEST_HOOKS_ENV = "RATSINFO_DOCUMENTS_TEST_HOOKS"  # "1": the worker obeys "%PDF-test-hook:..."
TEST_HOOK = PDF_HEADER + b"test-hook:"


class WorkerStartError(RuntimeError):
    """A worker process could not be started: the environment, not a document, is at fault."""


# --- the worker process --------------------------------------------------------------------------


def main(fd: int) -> None:
    """The worker process's entry (see `_BOOTSTRAP`): serve the caller on the socket `fd`."""
    serve(Connection(fd))


def serve(conn: Connection) -> None:
    """A worker's main loop: (job header, PDF bytes) in, one JSON answer out, until EOF."""
    import resource

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the caller, who stops us
    from ratsinfo.documents import pdf

    extractor = pdf.extractor_name()  # loads and initialises pdfium before we say ready
    import ratsinfo.extract.tables  # noqa: F401  (and the table reader: not on a document's clock)

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    hooks = os.environ.get(TEST_HOOKS_ENV) == "1"
    conn.send_bytes(json.dumps({"ready": os.getpid(), "extractor": extractor}).encode())
    while True:
        try:
            header = json.loads(conn.recv_bytes())
            data = conn.recv_bytes()
        except (EOFError, OSError):
            return
        limits = Limits(**header["limits"])
        answer: dict[str, Any]
        try:
            _cap_memory(limits.max_memory, hard)
            if hooks and data.startswith(TEST_HOOK):
                _test_hook(data[len(TEST_HOOK) :].decode())
            answer = {"text": pdf.read_pdf(data, limits).as_dict()}
        except DocumentError as e:
            answer = {"error": e.reason, "message": str(e)}
        except MemoryError:
            answer = {"error": "memory", "message": _over_memory(limits), "exit": True}
        except Exception as e:  # pypdfium2 failing where pdfium gives no error code
            answer = {"error": "broken", "message": f"pdfium failed: {type(e).__name__}: {e}"}
            answer["exit"] = True  # pdfium's state is unknown now: start afresh
        finally:
            del data
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        conn.send_bytes(json.dumps(answer, ensure_ascii=False).encode("utf-8", "replace"))
        if answer.get("exit"):
            return


def _cap_memory(max_memory: int, hard: int) -> None:
    import resource

    size = _vm(os.getpid())[0]
    if not size:
        return  # no /proc: no cap (Linux is where this runs)
    cap = size + max_memory
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _test_hook(name: str) -> None:
    """Misbehaviour on demand, for the tests only (TEST_HOOKS_ENV set in the worker's
    environment): what no well-formed PDF makes pdfium do reliably."""
    if name == "sleep":
        time.sleep(3600)
    elif name == "segfault":
        import ctypes

        ctypes.string_at(0)
    elif name == "hog":
        hoard = []
        while True:
            hoard.append(bytearray(16 * MiB))
    elif name == "exit":
        os._exit(3)


def _over_memory(limits: Limits) -> str:
    return f"reading it needed more than the memory limit of {limits.max_memory // MiB} MiB"


def _vm(pid: int) -> tuple[int, int]:
    """(VmSize, VmPeak) of a process in bytes, (0, 0) when /proc cannot say."""
    size = peak = 0
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmSize:"):
                    size = int(line.split()[1]) * 1024
                elif line.startswith(b"VmPeak:"):
                    peak = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return 0, 0
    return size, peak


# --- the caller's side ---------------------------------------------------------------------------


@dataclass
class _Job:
    seq: int
    limits: Limits
    deadline: float
    base_size: int  # the worker's VmSize when the document was sent
    base_peak: int
    grown_to: int  # the largest VmSize seen while it read


# A fresh interpreter that imports nothing of the caller's but its sys.path (multiprocessing's
# "spawn" would import the caller's __main__ module again, see the module docstring).
_BOOTSTRAP = (
    "import sys, json; sys.path[:] = json.loads(sys.argv[2]); "
    "from ratsinfo.documents.workers import main; main(int(sys.argv[1]))"
)


class _Worker:
    """One worker process, seen from the caller: starting, idle or busy with one job."""

    def __init__(self, number: int) -> None:
        ours, theirs = socket.socketpair()
        self.started = time.monotonic()
        with ours, theirs:
            try:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", _BOOTSTRAP, str(theirs.fileno()), json.dumps(sys.path)],
                    pass_fds=(theirs.fileno(),),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,  # nothing pdfium prints reaches the caller's stdout
                )
            except OSError as e:
                raise WorkerStartError(f"cannot start a PDF worker ({sys.executable}): {e}") from e
            self.conn = Connection(ours.detach())
        self.ready = False
        self.startup: float | None = None
        self.documents = 0
        self.job: _Job | None = None
        self.dead = False

    @property
    def pid(self) -> int:
        return self.process.pid

    def join(self, timeout: float) -> int | None:
        """The exit status once it has exited (negative: the signal), None while it runs."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)
        return self.process.returncode

    def sample(self) -> None:
        if self.job is None:
            return
        size, peak = _vm(self.pid)
        grown = max(size, peak if peak > self.job.base_peak else 0)
        self.job.grown_to = max(self.job.grown_to, grown)

    def kill(self) -> None:
        self.dead = True
        with contextlib.suppress(OSError):
            self.process.kill()
        self.join(5)
        self.conn.close()

    def retire(self) -> None:
        """Let it go quietly: it sees EOF and exits (joined in `close` or when found dead)."""
        self.dead = True
        self.conn.close()

    def exit_reason(self, job: _Job) -> DocumentError:
        """Why a worker that died while reading died: "memory" or "crashed"."""
        code = self.join(5)
        grown = job.grown_to - job.base_size
        if code is not None and code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            if -code == signal.SIGKILL or grown >= job.limits.max_memory // 2:
                return DocumentError(
                    "memory", f"{_over_memory(job.limits)} (the worker died of {name})"
                )
            return DocumentError("crashed", f"the PDF worker died of {name} reading it")
        return DocumentError("crashed", f"the PDF worker exited with status {code} reading it")


class DocumentWorkers:
    """`workers` worker processes that read PDFs under `limits` (see the module docstring).

    ```python
    with DocumentWorkers(2) as workers:
        for path, result in zip(paths, workers.extract_many(p.read_bytes() for p in paths)):
            ...  # result: DocumentText, or the DocumentError for that file
    ```
    """

    def __init__(
        self,
        workers: int = 1,
        limits: Limits | None = None,
        *,
        recycle_after: int = RECYCLE_AFTER,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.size = workers
        self.limits = limits or Limits()
        self.recycle_after = recycle_after
        self._workers: list[_Worker] = []
        self._retired: list[_Worker] = []
        self._started = 0
        self._running = False
        self._closed = False
        self.startup_times: list[float] = []  # seconds each worker took to be ready
        self.owner_pid = os.getpid()

    # lifecycle

    def __enter__(self) -> DocumentWorkers:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def started(self) -> int:
        """Worker processes started so far, replacements included."""
        return self._started

    def start(self) -> None:
        """Start the missing workers (they get ready in parallel; nothing waits here)."""
        if self._closed:
            raise RuntimeError("DocumentWorkers is closed")
        self._workers = [w for w in self._workers if not w.dead]
        while len(self._workers) < self.size:
            self._started += 1
            self._workers.append(_Worker(self._started))

    def close(self) -> None:
        """Stop every worker: idle ones exit on EOF, busy ones are killed."""
        self._closed = True
        for w in self._workers:
            if w.job is not None or not w.ready:
                w.kill()
            else:
                w.retire()
        for w in self._workers + self._retired:
            if w.join(2) is None:
                w.kill()
        self._workers, self._retired = [], []

    # reading

    def extract(self, data: bytes, limits: Limits | None = None) -> DocumentText:
        """The text of one PDF, or `DocumentError`."""
        refused = _precheck(data, limits or self.limits)
        if refused is not None:
            raise refused  # no worker needed to tell
        [result] = self.extract_many([data], limits=limits)
        if isinstance(result, DocumentError):
            raise result
        return result

    def extract_many(
        self, items: Iterable[bytes], *, limits: Limits | None = None
    ) -> Iterator[Result]:
        """A `DocumentText` or `DocumentError` for each PDF of `items`, in their order (read
        lazily: a few documents per worker are held at a time)."""
        for _, result in self._results(items, True, limits):
            yield result

    def extract_as_completed(
        self, items: Iterable[bytes], *, limits: Limits | None = None
    ) -> Iterator[tuple[int, Result]]:
        """(index into `items`, result) as each document is done: a slow document does not
        hold back the ones after it."""
        return self._results(items, False, limits)

    def _results(
        self, items: Iterable[bytes], ordered: bool, limits: Limits | None
    ) -> Iterator[tuple[int, Result]]:
        if self._running:
            raise RuntimeError("DocumentWorkers is reading already (one thread, one run at a time)")
        self._running = True
        try:
            yield from self._run(iter(items), ordered, limits or self.limits)
        finally:
            self._running = False
            for w in self._workers:
                if w.job is not None:  # the caller stopped early: the answer will never be read
                    w.kill()
                    w.job = None
            if not self._closed:
                self.start()  # replacements warm up while the caller does something else

    def _run(
        self, items: Iterator[bytes], ordered: bool, limits: Limits
    ) -> Iterator[tuple[int, Result]]:
        self.start()
        done: dict[int, Result] = {}
        again: list[tuple[int, bytes]] = []  # documents a worker died before reading
        next_seq = 0  # the next item to read from `items`
        next_out = 0  # ordered: the next result to yield
        exhausted = False
        while True:
            # hand documents to idle workers (checks that need no worker answer at once)
            for worker in self._idle():
                if again:
                    seq, data = again.pop()
                    if not self._send(worker, seq, data, limits):
                        done[seq] = DocumentError("crashed", "no PDF worker would take it")
                    continue
                if exhausted or (ordered and next_seq - next_out >= AHEAD * self.size):
                    break
                item = next(items, None)
                if item is None:
                    exhausted = True
                    break
                refused = _precheck(item, limits)
                if refused is not None:
                    done[next_seq] = refused
                elif not self._send(worker, next_seq, item, limits):
                    again.append((next_seq, item))
                next_seq += 1
            # answers, deaths, timeouts
            busy = [w for w in self._workers if w.job is not None]
            starting = [w for w in self._workers if not w.ready and not w.dead]
            if busy or (starting and (again or not exhausted) and not done):
                self._wait(busy, starting, done)
            # results
            if ordered:
                while next_out in done:
                    yield next_out, done.pop(next_out)
                    next_out += 1
            else:
                for seq in sorted(done):
                    yield seq, done.pop(seq)
            if exhausted and not again and not done and not self._busy():
                return

    def _busy(self) -> bool:
        return any(w.job is not None for w in self._workers)

    def _idle(self) -> Iterator[_Worker]:
        self.start()  # replaces dead workers
        for w in list(self._workers):
            if w.ready and w.job is None and not w.dead:
                yield w

    def _send(self, worker: _Worker, seq: int, data: bytes, limits: Limits) -> bool:
        """Hand a document to an idle worker; False when the worker turned out to be dead."""
        header = {"limits": dataclasses.asdict(limits)}
        size, peak = _vm(worker.pid)
        try:
            worker.conn.send_bytes(json.dumps(header).encode())
            worker.conn.send_bytes(data)
        except OSError:  # it died between two documents: another worker will read this one
            worker.kill()
            return False
        worker.job = _Job(seq, limits, time.monotonic() + limits.timeout, size, peak, size)
        return True

    def _wait(self, busy: list[_Worker], starting: list[_Worker], done: dict[int, Result]) -> None:
        now = time.monotonic()
        deadlines = [w.job.deadline for w in busy if w.job is not None]
        deadlines += [w.started + STARTUP_TIMEOUT for w in starting]
        timeout = max(0.0, min([*deadlines, now + SAMPLE_INTERVAL]) - now)
        ready = wait([w.conn for w in busy + starting], timeout)
        for w in busy:
            w.sample()
        for w in starting:
            if w.conn in ready:
                self._hello(w)
            elif time.monotonic() > w.started + STARTUP_TIMEOUT:
                w.kill()
                raise WorkerStartError(f"a PDF worker was not ready in {STARTUP_TIMEOUT:g} s")
        for w in busy:
            job = w.job
            assert job is not None
            if w.conn in ready:
                done[job.seq] = self._answer(w, job)
            elif time.monotonic() >= job.deadline:
                w.kill()
                w.job = None
                done[job.seq] = DocumentError(
                    "timed out",
                    f"no text after {job.limits.timeout:g} s: the PDF worker was stopped",
                )

    def _hello(self, w: _Worker) -> None:
        try:
            message = json.loads(w.conn.recv_bytes(4096))
        except (EOFError, OSError, ValueError):
            code = w.join(5)
            w.kill()
            raise WorkerStartError(
                f"a PDF worker died while starting (exit status {code}): is ratsinfo importable "
                f"by {sys.executable}?"
            ) from None
        if not isinstance(message, dict) or "ready" not in message:
            w.kill()
            raise WorkerStartError(f"a PDF worker said {message!r} instead of being ready")
        w.ready = True
        w.startup = time.monotonic() - w.started
        self.startup_times.append(w.startup)

    def _answer(self, w: _Worker, job: _Job) -> Result:
        w.job = None
        try:
            raw = w.conn.recv_bytes(6 * job.limits.max_chars + MiB)
        except EOFError:
            result = w.exit_reason(job)
            w.kill()
            return result
        except OSError:  # an answer over the bound (or a broken pipe)
            w.kill()
            return DocumentError("crashed", "the PDF worker sent an answer over its size bound")
        w.documents += 1
        try:
            message = json.loads(raw)
            answer = _result(message)
        except (ValueError, TypeError, KeyError, ArithmeticError):
            w.kill()
            return DocumentError("crashed", "the PDF worker sent an answer that is not one")
        if message.get("exit") or w.documents >= self.recycle_after:
            w.retire()
            self._retired.append(w)
            self._reap()
        return answer

    def _reap(self) -> None:
        alive = []
        for w in self._retired:
            if w.join(0) is None:
                alive.append(w)
        self._retired = alive


def _precheck(data: bytes, limits: Limits) -> DocumentError | None:
    if len(data) > limits.max_bytes:
        return DocumentError(
            "too large",
            f"{len(data) / MiB:.1f} MiB, more than the limit of {limits.max_bytes / MiB:g} MiB",
        )
    if not looks_like_pdf(data):
        start = data[:16]
        return DocumentError(
            "not a pdf",
            f"no {PDF_HEADER.decode()} header in the first {HEADER_WINDOW} bytes "
            f"(it starts with {start!r})",
        )
    return None


_TEXT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "text": str,
    "pages": int,
    "method": str,
    "extractor": str,
    "language": (str, type(None)),
    "image_only": bool,
    "chars": int,
    "pages_read": int,
    "truncated": bool,
    "tables": (list, type(None)),
}
_AMOUNT_FIELDS: dict[str, type | tuple[type, ...]] = {
    "amount": str,
    "currency": str,
    "year": int,
    "kind": (str, type(None)),
    "basis": (str, type(None)),
    "label": str,
    "code": (str, type(None)),
    "column": str,
    "cell": str,
    "unit": (str, type(None)),
    "caption": (str, type(None)),
    "page": int,
    "table": int,
    "row": int,
    "col": int,
    "position": int,
}


def _result(message: dict[str, Any]) -> Result:
    """A worker's answer, checked field by field (it comes from a process that read a hostile
    file: believe its shape, not its word)."""
    if "error" in message:
        reason: Reason = message["error"]
        return DocumentError(reason, str(message["message"]))
    fields = message["text"]
    if set(fields) != set(_TEXT_FIELDS) or not all(
        isinstance(fields[k], t) for k, t in _TEXT_FIELDS.items()
    ):
        raise ValueError("not a DocumentText")
    if fields["method"] not in ("text layer", "server text", "none"):
        raise ValueError("unknown method")
    for amount in fields["tables"] or ():
        if (
            not isinstance(amount, dict)
            or set(amount) != set(_AMOUNT_FIELDS)
            or not all(isinstance(amount[k], t) for k, t in _AMOUNT_FIELDS.items())
        ):
            raise ValueError("not a table amount")
    return DocumentText.from_dict(fields)  # a bad amount raises decimal.InvalidOperation


# --- the shared worker of extract_pdf_text -------------------------------------------------------

_shared: DocumentWorkers | None = None
_shared_lock = threading.Lock()


def extract_shared(data: bytes, limits: Limits | None = None) -> DocumentText:
    """`extract_pdf_text`: one worker for the whole process, started on first use, one
    document at a time (a lock), closed at exit; a forked child starts its own."""
    global _shared
    with _shared_lock:
        if _shared is None or _shared.owner_pid != os.getpid():
            _shared = DocumentWorkers(1)
        return _shared.extract(data, limits)


@atexit.register
def _close_shared() -> None:
    if _shared is not None and _shared.owner_pid == os.getpid():
        _shared.close()
