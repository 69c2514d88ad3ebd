"""Time the real window on an X server: start-up, first translation, reopening, a long post, 10,000 notes.

Run it under an X server (Xvfb is fine; the xcb platform, never offscreen):

    Xvfb :97 -screen 0 1400x900x24 &
    DISPLAY=:97 /work/venv/bin/python benchmarks/bench_window.py [--runs 5] [--only startup,...]

Sections (each a median of --runs runs, at least 5):

startup        `python -m reader --data-dir D`, a fresh process each run, from just before
               `subprocess.Popen` to the moment the harness reads the app's INFO line "first paint:
               showed ..." on its stderr (logged from the view's first paintEvent of a document),
               and the CPU time (user + system, all threads) the process had used by then.
               With no model installed, and with the base-shaped model installed (whose loading
               starts on its own thread once the post is painted). Every start runs from bytecode
               (compiled by the first start, not counted), as an installed Baca does. Baselines,
               interleaved in the same run and timed the same way: a bare PySide6 QMainWindow
               holding a label, and a bare label. Also: the same start with no bytecode cache,
               with --against DIR another checkout's code (an older revision), which heavy modules
               were imported before that line (one more run under `-X importtime`), and
               `scripts/run --data-dir D` against the direct start it ends in (`.venv/bin/reader`),
               interleaved, when the checkout has its own .venv.
translation    The same start with the base-shaped int8 copy model installed and an empty
               translation cache, in a fresh process each run, through `reader.app.main` with
               probes attached to the window: first paint of the sample to the first paint showing
               a translated paragraph on screen; plus a cold breakdown (imports, model load, tokenize,
               the first chunk) in another fresh process.
reopen         In a running window whose model is loaded: opening the translated sample again (after
               another post) to fully bilingual (every translation from the cache) and painted.
long           A generated 2,000-paragraph post (real Indonesian sentences from tests/data/id-news and
               the sample), cached translations: opening it (load, record, view build, layout,
               translations), then scrolling through it page by page and by wheel steps.
notes          The same post with 10,000 annotations (five a paragraph, both columns, half with
               notes, most with tags): opening it (load + record + view build + highlights painted +
               notes panel filled), and scrolling it.

Sections reopen, long and notes use the tiny test model (tests/support/argos_package.py) only for
its identity: every translation they show comes from the cache, as the copy of the sentence.
"""

import argparse
import datetime
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This checkout's `reader`, not whichever one the virtual environment has installed.
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PARAGRAPHS = 2000
ANNOTATIONS = 10_000
HEAVY = ("ctranslate2", "argostranslate", "trafilatura", "sentencepiece", "sacremoses", "lxml", "numpy")


# --- Shared -------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (0 < share <= 1)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered) + 0.5)) - 1))]


def summary(values: list[float]) -> dict:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": len(values),
    }


def private_env(home: Path) -> dict:
    """The environment for a child: its own XDG and Argos folders, the xcb platform, this checkout."""
    env = dict(os.environ)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
        (home / name.lower()).mkdir(parents=True, exist_ok=True)
    env["ARGOS_PACKAGES_DIR"] = str(home / "argos")
    (home / "argos").mkdir(exist_ok=True)
    env["QT_QPA_PLATFORM"] = "xcb"
    env.pop("BACA_DATA_DIR", None)
    env["PYTHONPATH"] = str(ROOT)
    # Start from bytecode, as an installed Baca does (a wheel's and the bundle's modules are
    # compiled): written on the first start into the benchmark's folder, never into the checkout.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home.parent / "pycache")
    return env


def uncompiled(env: dict) -> dict:
    """The same environment with no bytecode written or read: each start compiles Baca's modules."""
    return dict(env, PYTHONDONTWRITEBYTECODE="1", PYTHONPYCACHEPREFIX=str(Path(env["PYTHONPYCACHEPREFIX"]) / "none"))


def install_folder(package: Path, data_dir: Path) -> None:
    """Install a built package folder into the app's packages folder (as install does after unzip)."""
    from reader.core.translate.packages import app_packages_dir

    target = app_packages_dir(data_dir)
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(package, target / package.name)


def manifest_sentences() -> list[str]:
    from models import sample_sentences

    manifest = json.loads((ROOT / "tests" / "data" / "id-news" / "manifest.json").read_text("utf-8"))
    return [s for entry in manifest for s in entry["sentences"] or []] + sample_sentences()


def long_post(paragraphs: int = PARAGRAPHS) -> str:
    """A Markdown post: a title, `paragraphs` paragraphs of three real sentences, a heading every 40."""
    sentences = itertools.cycle(manifest_sentences())
    lines = ["# Laporan panjang", ""]
    for number in range(paragraphs):
        if number % 40 == 0:
            lines += [f"## Bagian {number // 40 + 1}", ""]
        lines += [" ".join(next(sentences) for _ in range(3)), ""]
    return "\n".join(lines)


# --- Start-up (fresh processes) ------------------------------------------------------------------


# The baselines for start-up, measured in the same run: Python and Qt alone, a label on its own and
# a QMainWindow holding a label (the shape of Baca's window, with nothing in it).
BARE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
class Label(QLabel):
    def paintEvent(self, event):
        super().paintEvent(event)
        print("first paint: bare window", file=sys.stderr, flush=True)
app = QApplication(sys.argv)
label = Label("Dubes Rusia untuk AS")
label.resize(1200, 800)
label.show()
app.exec()
"""
BARE_MAIN_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
class Label(QLabel):
    def paintEvent(self, event):
        super().paintEvent(event)
        print("first paint: bare main window", file=sys.stderr, flush=True)
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(Label("Dubes Rusia untuk AS"))
window.resize(1200, 800)
window.show()
app.exec()
"""
_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system, every thread) the process has used so far: less swayed by load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def app_command(data_dir: Path, extra: tuple[str, ...] = ()) -> list[str]:
    return [sys.executable, *extra, "-m", "reader", "--data-dir", str(data_dir)]


def time_start(command: list[str], env: dict, timeout: float = 60.0, cwd: Path = ROOT):
    """Seconds from Popen to reading the first-paint line; CPU seconds by then; the app's own figure; stderr before."""
    before: list[str] = []
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    try:
        for line in process.stderr:
            if "first paint:" in line:
                elapsed = time.perf_counter() - start
                cpu = _cpu_seconds(process.pid)
                found = re.search(r"([\d.]+) s after the process started", line)
                return elapsed, cpu, float(found.group(1)) if found else None, before
            before.append(line)
        raise RuntimeError("the window never logged its first paint:\n" + "".join(before[-20:]))
    finally:
        killer.cancel()
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def bench_startup(runs: int, work: Path, base_model: Path, against: Path | None = None) -> dict:
    results = {}
    bare_commands = {
        "bare_window": [sys.executable, "-c", BARE_WINDOW],
        "bare_main_window": [sys.executable, "-c", BARE_MAIN_WINDOW],
    }
    for label, with_model in (("no model installed", False), ("base-shaped model installed", True)):
        home = work / f"startup-{with_model}"
        data_dir = home / "data"
        data_dir.mkdir(parents=True)
        env = private_env(home)
        if with_model:
            install_folder(base_model, data_dir)
        # The first start creates the database (and hashes the model once): reported, not counted.
        first = time_start(app_command(data_dir), env)[0]
        time.sleep(0.5)
        external, cpu, reported, compiling = [], [], [], []
        bare = {name: {"wall": [], "cpu": []} for name in bare_commands}
        other = {"wall": [], "cpu": []}
        if against is not None and not with_model:
            # Another checkout's code (an older revision), same interpreter, its own data folder.
            other_env = dict(env, PYTHONPATH=str(against))
            other_dir = home / "against"
            other_dir.mkdir()
            time_start(app_command(other_dir), other_env, cwd=against)  # `-m reader` finds it in the folder it runs in
        for _ in range(runs):
            elapsed, used, own, _ = time_start(app_command(data_dir), env)
            external.append(elapsed)
            cpu.append(used)
            if own is not None:
                reported.append(own)
            time.sleep(0.5)
            if not with_model:  # what the figures before 2026-12-06 measured (see BENCHMARKS.md)
                compiling.append(time_start(app_command(data_dir), uncompiled(env))[0])
                time.sleep(0.5)
                if against is not None:
                    elapsed, used, _, _ = time_start(app_command(other_dir), other_env, cwd=against)
                    other["wall"].append(elapsed)
                    other["cpu"].append(used)
                    time.sleep(0.5)
            for name, command in bare_commands.items():  # interleaved, so drift affects all alike
                elapsed, used, _, _ = time_start(command, env)
                bare[name]["wall"].append(elapsed)
                bare[name]["cpu"].append(used)
                time.sleep(0.5)
        lines = time_start(app_command(data_dir, extra=("-X", "importtime")), env)[3]
        imported = sorted(
            {
                m.group(1).split(".")[0]
                for line in lines
                if (m := re.match(r"import time:\s+\d+ \|\s+\d+ \|\s*([\w.]+)", line))
            }
            & set(HEAVY)
        )
        results[label] = {
            "external": summary(external),
            "cpu": summary(cpu),
            "bare_window": summary(bare["bare_window"]["wall"]),
            "bare_window_cpu": summary(bare["bare_window"]["cpu"]),
            "bare_main_window": summary(bare["bare_main_window"]["wall"]),
            "bare_main_window_cpu": summary(bare["bare_main_window"]["cpu"]),
            "reported": summary(reported) if reported else None,
            "first_start": first,
            "without_bytecode": summary(compiling) if compiling else None,
            "against": {"tree": str(against), "wall": summary(other["wall"]), "cpu": summary(other["cpu"])}
            if other["wall"] else None,
            "heavy_before_first_paint": imported,
            "external_runs": external,
        }
        if not with_model:
            results["scripts/run"] = bench_scripts_run(runs, data_dir, env)
    return results


def bench_scripts_run(runs: int, data_dir: Path, env: dict) -> dict | None:
    """`scripts/run` against the direct start it ends in (`.venv/bin/reader`), interleaved, same data folder."""
    direct = ROOT / ".venv" / "bin" / "reader"
    if not direct.exists():
        return None  # this checkout has no .venv of its own
    run = [str(ROOT / "scripts" / "run"), "--data-dir", str(data_dir)]
    time_start(run, env)  # sets up what is missing, once
    through, straight = [], []
    for _ in range(runs):
        through.append(time_start(run, env)[0])
        time.sleep(0.5)
        straight.append(time_start([str(direct), "--data-dir", str(data_dir)], env)[0])
        time.sleep(0.5)
    return {
        "scripts_run": summary(through),
        "direct": summary(straight),
        "difference": statistics.median(through) - statistics.median(straight),
    }


# --- Probes inside a window ----------------------------------------------------------------------


def attach_probes(window, marks: dict):
    """Time every paint of the text and of the notes list; record when things happen."""
    from PySide6.QtCore import QEvent, QObject

    class PaintClock(QObject):
        def __init__(self, owner, parent):
            super().__init__(parent)
            self.owner = owner
            self.frames: list[tuple[float, float]] = []
            owner.viewport().installEventFilter(self)

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and watched is self.owner.viewport():
                started = time.perf_counter()
                self.owner.viewportEvent(event)
                self.frames.append((started, time.perf_counter()))
                return True
            return False

        def next_end_after(self, moment: float) -> float | None:
            return next((end for start, end in self.frames if start >= moment), None)

    text = PaintClock(window.view, window)
    notes = PaintClock(window.notes.list, window)
    window.view.document_painted.connect(lambda _doc: marks.setdefault("first_paint", time.perf_counter()))
    return text, notes


def timed_method(owner, name: str, log: list, label: str):
    """Replace owner.name with a wrapper that appends (label.name, start, end) to `log`."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            log.append((f"{label}.{name}", started, time.perf_counter()))

    setattr(owner, name, wrapper)


# --- First translation (fresh processes running reader.app.main with probes) -----------------------


def child_first_translation(data_dir: Path) -> None:
    """Run the real app on `data_dir`; print when the first translated paragraph was painted."""
    import reader.app
    import reader.ui.main_window as main_window
    from reader.core.translate import translation as core_translation

    marks: dict = {}
    calls: list = []
    for name in ("load", "translate"):
        original = getattr(core_translation.Translator, name)

        def wrapper(self, *args, _name=name, _original=original, **kwargs):
            started = time.perf_counter()
            try:
                return _original(self, *args, **kwargs)
            finally:
                size = len(args[0]) if args else 0
                calls.append((_name, started, time.perf_counter(), size))

        setattr(core_translation.Translator, name, wrapper)

    class Probed(main_window.MainWindow):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self._text_clock, _ = attach_probes(self, marks)
            self.view.translations_changed.connect(self._on_probe_translations)
            self.translation.model_changed.connect(
                lambda identity: identity and marks.setdefault("model_loaded", time.perf_counter())
            )
            self._visible_at_start = None

        def _on_probe_translations(self, blocks):
            now = time.perf_counter()
            if self._visible_at_start is None:
                self._visible_at_start = self.view.visible_blocks()
            if "first_block" not in marks and set(blocks) & set(self.view.visible_blocks()):
                marks["first_block"] = now
                marks["first_blocks"] = blocks
            if "visible_done" not in marks and all(
                self.session.translation_of(b) is not None for b in self._visible_at_start
            ):
                marks["visible_done"] = now
                from PySide6.QtCore import QTimer

                QTimer.singleShot(300, self._report)

        def _report(self):
            clock = self._text_clock
            out = {
                "first_paint": marks["first_paint"],
                "model_loaded": marks.get("model_loaded"),
                "first_block": marks["first_block"],
                "first_block_painted": clock.next_end_after(marks["first_block"]),
                "visible_done": marks["visible_done"],
                "visible_done_painted": clock.next_end_after(marks["visible_done"]),
                "first_blocks": marks["first_blocks"],
                "visible_at_start": self._visible_at_start,
                "calls": calls,
            }
            print("RESULT " + json.dumps(out), flush=True)
            os._exit(0)  # the model thread may be in a chunk that cannot be interrupted

    main_window.MainWindow = Probed
    reader.app.main(["--data-dir", str(data_dir)])


def child_breakdown(package: Path) -> None:
    """Cold, in one fresh process: imports, model load, tokenizing and translating the first chunk."""
    from reader.core.text.document import load_document
    from reader.core.translate.reading import block_sentences, title_sentences
    from reader.core.platform.resources import SAMPLE_SOURCE, sample_post_path
    from reader.core.translate.schedule import FIRST_CHUNK_SENTENCES

    steps = {}
    started = time.perf_counter()
    import ctranslate2  # noqa: F401

    steps["import ctranslate2"] = time.perf_counter() - started
    started = time.perf_counter()
    import argostranslate.package  # noqa: F401

    steps["import argostranslate.package"] = time.perf_counter() - started
    from reader.core.translate.packages import read_package
    from reader.core.translate.translation import Translator, _Tokenizer

    started = time.perf_counter()
    tokenizer = _Tokenizer(package)
    steps["tokenizer"] = time.perf_counter() - started
    translator = Translator(read_package(package, writable=False))
    started = time.perf_counter()
    translator.load()
    steps["Translator.load (tokenizer + model)"] = time.perf_counter() - started

    document = load_document(sample_post_path(), source=SAMPLE_SOURCE)
    blocks, title = block_sentences(document), title_sentences(document)
    # The first chunk as the controller builds it at the top of the post.
    first, count = [], 0
    for index, sentences in enumerate(blocks):
        if first and count + max(1, len(sentences)) > FIRST_CHUNK_SENTENCES:
            break
        first.append(index)
        count += max(1, len(sentences))
    chunk = title + [s for index in first for s in blocks[index]]
    started = time.perf_counter()
    tokens = [tokenizer.encode(s) for s in chunk]
    steps["tokenize the first chunk"] = time.perf_counter() - started
    timings = {}
    for label, sentences in (
        (f"first chunk: title + blocks {first} ({len(chunk)} sentences)", chunk),
        ("title alone", title),
        (f"block 0 alone ({len(blocks[0])} sentence(s))", blocks[0]),
        (f"title + block 0 ({len(title) + len(blocks[0])} sentences)", title + blocks[0]),
    ):
        times = []
        for _ in range(3):
            started = time.perf_counter()
            translator.translate(sentences)
            times.append(time.perf_counter() - started)
        timings[label] = {"first": times[0], "median": statistics.median(times)}
    # How far the four beams run on the copy model (a real model's beams end near the best one).
    lengths = []
    for sentence_tokens in tokens:
        result = translator._model.translate_batch(
            [sentence_tokens], beam_size=4, num_hypotheses=4, length_penalty=0.2, max_decoding_length=256
        )
        lengths.append((len(sentence_tokens), [len(h) for h in result[0].hypotheses]))
    print("RESULT " + json.dumps({"steps": steps, "translate": timings, "beams": lengths}), flush=True)


def run_child(mode: str, argument: Path, env: dict, timeout: float = 180.0) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(argument)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise RuntimeError(f"{mode} child failed ({done.returncode}):\n{done.stderr[-3000:]}")


def bench_translation(runs: int, work: Path, base_model: Path) -> dict:
    home = work / "translation"
    data_dir = home / "data"
    data_dir.mkdir(parents=True)
    env = private_env(home)
    install_folder(base_model, data_dir)
    database = data_dir / "baca.db"
    records = []
    for number in range(runs + 1):  # the first run hashes the model once: not counted
        if database.exists():
            with sqlite3.connect(database) as connection:
                connection.execute("DELETE FROM translations")
        result = run_child("first-translation", data_dir, env)
        if number:
            records.append(result)
        time.sleep(0.5)

    def spans(key_from, key_to):
        return [r[key_to] - r[key_from] for r in records]

    load_calls = [[c for c in r["calls"] if c[0] == "load"][0] for r in records]
    first_calls = [[c for c in r["calls"] if c[0] == "translate"][0] for r in records]
    breakdown = run_child("breakdown", base_model, env)
    return {
        "first_paint_to_first_block_painted": summary(spans("first_paint", "first_block_painted")),
        "first_paint_to_visible_done_painted": summary(spans("first_paint", "visible_done_painted")),
        "first_paint_to_model_loaded": summary(spans("first_paint", "model_loaded")),
        "model_load_call": summary([c[2] - c[1] for c in load_calls]),
        "first_chunk_call": summary([c[2] - c[1] for c in first_calls]),
        "first_chunk_sentences": first_calls[0][3],
        "first_chunk_started_after_first_paint": summary(
            [c[1] - r["first_paint"] for c, r in zip(first_calls, records)]
        ),
        "first_blocks": records[0]["first_blocks"],
        "visible_at_start": records[0]["visible_at_start"],
        "breakdown": breakdown,
        "runs_first_block": spans("first_paint", "first_block_painted"),
    }


# --- In one running window: reopen, the long post, 10,000 notes ------------------------------------


class Window:
    """The app's objects wired as app.main wires them, on the tiny model, with probes."""

    def __init__(self, data_dir: Path):
        from PySide6.QtWidgets import QApplication

        import reader.ui.main_window as main_window
        from reader.app import build_window

        self.app = QApplication.instance()
        self.calls: list = []
        original_load = main_window.load_document

        def load(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original_load(*args, **kwargs)
            finally:
                self.calls.append(("load_document", started, time.perf_counter()))

        main_window.load_document = load
        self.marks: dict = {}
        self.window = build_window(data_dir)
        w = self.window
        w.resize(1280, 820)
        self.text_clock, self.notes_clock = attach_probes(w, self.marks)
        w.document_opened.connect(lambda _doc: self.marks.__setitem__("opened", time.perf_counter()))
        w.translation.state_changed.connect(
            lambda state: state == "done" and self.marks.__setitem__("done", time.perf_counter())
        )
        for owner, label, names in (
            (w.store, "store", ("record_document", "annotations_for", "cached_translations", "annotation_tags")),
            (w.view, "view", ("show_session", "show_translations")),
            (w.view.highlights, "view", ("paint_all",)),
            (w.annotations, "annotations", ("open_document", "annotations")),
            (w.translation, "translation", ("start",)),
            (w.notes, "notes", ("set_annotations",)),
        ):
            for name in names:
                timed_method(owner, name, self.calls, label)
        w.show()
        w.translation.preload()
        self.wait(lambda: w.translation.translator is not None, 60)

    def wait(self, condition, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the window did not get there in time")
            self.app.processEvents()
            time.sleep(0.001)

    def settle(self, seconds: float = 0.3) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def open(self, path: Path, source: str | None = None) -> dict:
        """Open a post and wait until it is fully bilingual and painted; the steps' timings."""
        w = self.window
        self.calls.clear()
        self.marks.pop("opened", None)
        self.marks.pop("done", None)
        started = time.perf_counter()
        w.open_path(path, source=source)
        self.wait(lambda: "opened" in self.marks and "done" in self.marks)
        # Bilingual once both happened (with every translation cached, within one call).
        done = max(self.marks["opened"], self.marks["done"])
        self.wait(lambda: self.text_clock.next_end_after(done) is not None)
        painted = self.text_clock.next_end_after(done)
        self.wait(lambda: self.notes_clock.next_end_after(self.marks["opened"]) is not None or not w.notes.isVisible())
        panel_painted = self.notes_clock.next_end_after(self.marks["opened"])
        steps: dict[str, float] = {}
        for name, begin, end in self.calls:
            steps[name] = steps.get(name, 0.0) + (end - begin)
        loaded = next(end for name, _begin, end in self.calls if name == "load_document")
        # The panel's own work: listing the annotations, filling its model, its first paint.
        panel_paint = next(
            (end - begin for begin, end in self.notes_clock.frames if begin >= self.marks["opened"]), 0.0
        )
        panel_work = steps.get("annotations.annotations", 0.0) + steps.get("notes.set_annotations", 0.0)
        return {
            "panel_work": panel_work + panel_paint,
            "to_painted": painted - started,
            "to_done": done - started,
            "on_gui_thread": done - loaded,
            "panel_painted": (panel_painted - started) if panel_painted else None,
            "steps": steps,
        }

    def full_layout(self) -> tuple[float, float]:
        """Seconds to finish laying the whole document out, and its height in pixels."""
        view = self.window.view
        layout = view.document().documentLayout()
        started = time.perf_counter()
        height = layout.frameBoundingRect(view._tables[-1]).bottom() if view._tables else 0.0
        size = layout.documentSize().height()
        return time.perf_counter() - started, max(height, size)

    def scroll(self, step: int, frames: int | None = None) -> dict:
        """Scroll from the top by `step` pixels a frame, repainting each frame at once.

        A frame is `verticalScrollBar().setValue(...)` then `viewport().repaint()` (a synchronous
        paint, flushed to the X server); its time is that of both calls. `paint` is the paintEvent
        alone, from the viewport's event filter.
        """
        view = self.window.view
        bar = view.verticalScrollBar()
        bar.setValue(0)
        self.settle(0.2)
        clock = self.text_clock
        frame_times, paint_times = [], []
        positions = list(range(step, bar.maximum() + 1, step))
        if frames is not None:
            positions = positions[:frames]
        for value in positions:
            mark = len(clock.frames)
            started = time.perf_counter()
            bar.setValue(value)
            view.viewport().repaint()
            frame_times.append(time.perf_counter() - started)
            paint_times += [end - begin for begin, end in clock.frames[mark:]]
            self.app.processEvents()
        return {
            "frames": len(frame_times),
            "frame": _stats_ms(frame_times),
            "paint": _stats_ms(paint_times),
        }


def _stats_ms(values: list[float]) -> dict:
    return {
        "median": statistics.median(values) * 1000,
        "p95": percentile(values, 0.95) * 1000,
        "max": max(values) * 1000,
    }


def prepare_data(work: Path) -> tuple[Path, Path, Path, Path, dict]:
    """A data folder with the tiny model, the cached translations and 10,000 annotations."""
    from models import synthetic_annotations
    from reader.core.text.document import load_document
    from reader.core.translate.reading import block_sentences, identity_memo, title_sentences
    from reader.core.platform.resources import SAMPLE_SOURCE, sample_post_path
    from reader.core.translate.packages import find_package
    from reader.core.store import open_store
    from reader.core.translate.translation import Translator
    from tests.support.argos_package import build_package_folder

    home = work / "window"
    data_dir = home / "data"
    data_dir.mkdir(parents=True)
    install_folder(build_package_folder(home / "build"), data_dir)
    identity = Translator(find_package(data_dir), memo=identity_memo(data_dir)).identity

    posts = home / "posts"
    posts.mkdir()
    text = long_post()
    long_path = posts / "laporan-panjang.md"
    noted_path = posts / "laporan-panjang-bercatatan.md"
    other_path = posts / "pendek.md"
    long_path.write_text(text, encoding="utf-8")
    noted_path.write_text(text, encoding="utf-8")
    other_path.write_text(long_post(12), encoding="utf-8")

    store = open_store(data_dir)
    facts = {}
    sample = load_document(sample_post_path(), source=SAMPLE_SOURCE)
    for document in (sample, load_document(long_path), load_document(other_path)):
        # The copy model's translation of a sentence is the sentence itself.
        sentences = [s for block in block_sentences(document) for s in block] + title_sentences(document)
        store.save_translations(identity, {s: s for s in sentences})
    noted = load_document(noted_path)
    store.record_document(noted)
    # The copy model translates a sentence into itself.
    made = synthetic_annotations(noted, ANNOTATIONS, identity, lambda sentence: sentence, step=37)
    store.add_annotations(made)
    store.close()
    document = load_document(long_path)
    facts["long"] = {
        "bytes": len(text.encode()),
        "blocks": len(document.blocks),
        "paragraphs": sum(b.kind == "paragraph" for b in document.blocks),
        "sentences": sum(len(b.sentences) for b in document.blocks),
    }
    return data_dir, long_path, noted_path, other_path, facts


def bench_in_window(runs: int, work: Path, sections: set[str]) -> dict:
    from PySide6.QtWidgets import QApplication

    from reader.core.platform.resources import SAMPLE_SOURCE, sample_post_path

    data_dir, long_path, noted_path, other_path, facts = prepare_data(work)
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "xcb"])
    if app.platformName() != "xcb":
        raise SystemExit(f"the window must run on xcb, not {app.platformName()}")
    bench = Window(data_dir)
    sample = sample_post_path()
    bench.open(sample, SAMPLE_SOURCE)
    bench.open(other_path)
    results: dict = {"facts": facts}

    def repeated(path, source=None):
        records = []
        for _ in range(runs):
            bench.open(other_path)
            bench.settle(0.3)
            records.append(bench.open(path, source))
            bench.settle(0.3)
        return records

    if "reopen" in sections:
        records = repeated(sample, SAMPLE_SOURCE)
        results["reopen"] = _open_summary(records)

    if "long" in sections:
        bench.window.notes.hide()
        records = repeated(long_path)
        results["long_open"] = _open_summary(records)
        layout = []
        for _ in range(runs):
            bench.open(other_path)
            bench.open(long_path)
            layout.append(bench.full_layout())
        results["long_layout"] = summary([seconds for seconds, _height in layout])
        results["long_height"] = layout[-1][1]
        view = bench.window.view
        page = view.verticalScrollBar().pageStep()
        results["long_scroll_page"] = [bench.scroll(page) for _ in range(2)]
        results["long_scroll_wheel"] = bench.scroll(60, frames=600)
        results["long_scroll_page"][0]["step"] = page
        bench.window.notes.show()

    if "notes" in sections:
        records = repeated(noted_path)
        results["notes_open"] = _open_summary(records)
        results["notes_shown"] = len(bench.window.session.annotations)
        results["notes_rows"] = bench.window.notes.model.rowCount()
        bench.full_layout()  # scrolled once the lazy layout is done, as a reader would
        page = bench.window.view.verticalScrollBar().pageStep()
        results["notes_scroll_page"] = bench.scroll(page)
        results["notes_scroll_wheel"] = bench.scroll(60, frames=600)
    bench.window.tasks.shutdown(wait=True)
    return results


def _open_summary(records: list[dict]) -> dict:
    out = {
        "to_painted": summary([r["to_painted"] for r in records]),
        "to_done": summary([r["to_done"] for r in records]),
        "on_gui_thread": summary([r["on_gui_thread"] for r in records]),
        "steps": {
            name: statistics.median([r["steps"].get(name, 0.0) for r in records])
            for name in records[0]["steps"]
        },
    }
    panel = [r["panel_painted"] for r in records if r["panel_painted"] is not None]
    if panel:
        out["panel_painted"] = summary(panel)
        out["panel_work"] = summary([r["panel_work"] for r in records])
    return out


# --- Main ----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median); at least 5")
    parser.add_argument(
        "--only", default="startup,translation,reopen,long,notes", help="comma-separated sections"
    )
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument(
        "--against", type=Path, help="startup: also time another checkout's code, interleaved (git worktree add DIR REV)"
    )
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)  # Markdown from a --json file
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, path = args.child
        {"first-translation": child_first_translation, "breakdown": child_breakdown}[mode](Path(path))
        return
    if args.report:
        print(report(json.loads(args.report.read_text(encoding="utf-8"))))
        return
    if args.runs < 5:
        parser.error("use at least 5 runs")
    if not os.environ.get("DISPLAY"):
        raise SystemExit("No X display: start Xvfb and set DISPLAY (see the docstring).")
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    sections = set(args.only.split(","))
    work = Path(tempfile.mkdtemp(prefix="baca-bench-window-"))
    home = work / "home"
    private_env(home)  # fills the folders; this process uses them too
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "argos")
    results: dict = {
        "command": " ".join(shlex.quote(a) for a in [sys.executable, *sys.argv]),
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or _cpu()}; "
        f"Python {platform.python_version()}",
        "load": os.getloadavg(),
    }
    try:
        base_model = None
        if sections & {"startup", "translation"}:
            from models import build_base_package

            base_model = build_base_package(work / "models")
        if "startup" in sections:
            results["startup"] = bench_startup(args.runs, work, base_model, args.against)
            _print("startup", results["startup"])
        if "translation" in sections:
            results["translation"] = bench_translation(args.runs, work, base_model)
            _print("translation", results["translation"])
        if sections & {"reopen", "long", "notes"}:
            results["window"] = bench_in_window(args.runs, work, sections)
            _print("window", results["window"])
        results["load_after"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(report(results))


def report(results: dict) -> str:
    """The figures as Markdown tables: figure, target, met."""
    lines = [f"Command: `{results['command']}`", "",
             f"Machine: {results['machine']}; load average {results['load'][0]:.2f} before, "
             f"{results['load_after'][0]:.2f} after; {results['date']}.", ""]

    def row(label, seconds, target, unit="s", note=""):
        shown = f"{seconds:.3f} s" if unit == "s" else f"{seconds:.1f} ms"
        met = "" if target is None else ("met" if seconds < target else "**not met**")
        goal = "" if target is None else (f"< {target} s" if unit == "s" else f"< {target} ms")
        lines.append(f"| {label} | {shown} | {goal} | {met} | {note} |")

    def spread(figure):
        return f"min {figure['min']:.3f}, max {figure['max']:.3f}, {figure['runs']} runs"

    lines += ["| figure | median | target | met | note |", "|---|---:|---|---|---|"]
    startup = results.get("startup")
    if startup:
        for label, data in startup.items():
            if label == "scripts/run":
                if data:
                    row("scripts/run to first paint, no model installed", data["scripts_run"]["median"], None,
                        note=f"{spread(data['scripts_run'])}; {data['difference']:+.3f} s against the direct start "
                        f"(.venv/bin/reader), {data['direct']['median']:.3f} s in the same run; target within 0.3 s")
                continue
            heavy = ", ".join(data["heavy_before_first_paint"]) or "none"
            row(f"start to first paint, {label}", data["external"]["median"], 1.0,
                note=f"{spread(data['external'])}; {_against_bare(data)}"
                f"app's own figure {data['reported']['median']:.3f} s; "
                f"heavy modules imported before the first paint: {heavy}; first start on a new data "
                f"folder {data['first_start']:.3f} s")
            if data.get("against"):
                theirs = data["against"]
                row(f"  the same, the code in {theirs['tree']} (interleaved)", theirs["wall"]["median"], None,
                    note=f"{spread(theirs['wall'])}; CPU time to the first paint {theirs['cpu']['median']:.3f} s; "
                    f"{theirs['wall']['median'] / data['bare_window']['median']:.2f}× the bare label")
            if data.get("without_bytecode"):
                row("  the same, no bytecode cache (each start compiles Baca's modules)",
                    data["without_bytecode"]["median"], None, note=spread(data["without_bytecode"]))
    translation = results.get("translation")
    if translation:
        t = translation
        row("first paint to first translated paragraph painted (base-shaped model)",
            t["first_paint_to_first_block_painted"]["median"], 1.0, note=spread(t["first_paint_to_first_block_painted"]))
        row("first paint to every paragraph on screen translated", t["first_paint_to_visible_done_painted"]["median"],
            None, note=f"{spread(t['first_paint_to_visible_done_painted'])}; on screen at start: blocks "
            f"{t['visible_at_start']}, first chunk: blocks {t['first_blocks']} + title")
        row("  model loaded, after the first paint", t["first_paint_to_model_loaded"]["median"], None,
            note=f"Translator.load on its thread took {t['model_load_call']['median']:.3f} s (it starts once the post is painted)")
        row("  first chunk started, after the first paint", t["first_chunk_started_after_first_paint"]["median"], None)
        row(f"  first chunk's translate call ({t['first_chunk_sentences']} sentences)", t["first_chunk_call"]["median"], None)
        for name, seconds in t["breakdown"]["steps"].items():
            row(f"  cold, alone: {name}", seconds, None, note="one fresh process")
        for name, figure in t["breakdown"]["translate"].items():
            row(f"  alone: translate {name}", figure["median"], None, note=f"median of 3; first {figure['first']:.3f} s")
    window = results.get("window")
    if window:
        w = window
        if "reopen" in w:
            row("reopening the translated sample to bilingual and painted", w["reopen"]["to_painted"]["median"], 0.3,
                note=spread(w["reopen"]["to_painted"]))
        if "long_open" in w:
            steps = w["long_open"]["steps"]
            row("opening the 2,000-paragraph post, translations cached, to painted",
                w["long_open"]["to_painted"]["median"], None,
                note=f"{spread(w['long_open']['to_painted'])}; load_document {steps['load_document']:.3f} s (I/O thread), "
                f"view build {steps['view.show_session']:.3f} s")
            row("  laying all of it out (lazily, after the first paint)", w["long_layout"]["median"], None,
                note=f"{w['long_height']:.0f} px tall")
            for label, key in (("page steps", "long_scroll_page"), ("60 px wheel steps", "long_scroll_wheel")):
                data = w[key][0] if isinstance(w[key], list) else w[key]
                row(f"scrolling it, {label}: frame p95 ({data['frames']} frames)", data["frame"]["p95"], 16, unit="ms",
                    note=f"median {data['frame']['median']:.1f} ms, max {data['frame']['max']:.1f} ms; paintEvent "
                    f"alone p95 {data['paint']['p95']:.1f} ms")
        if "notes_open" in w:
            n = w["notes_open"]
            row("opening the post with 10,000 annotations, to bilingual, highlighted and painted",
                n["to_painted"]["median"], 1.0, note=f"{spread(n['to_painted'])}; GUI thread {n['on_gui_thread']['median']:.3f} s")
            row("  the notes panel's work (list, fill, first paint)", n["panel_work"]["median"], 0.5,
                note=f"{w['notes_rows']} rows; panel painted {n['panel_painted']['median']:.3f} s after the open began")
            for label, key in (("page steps", "notes_scroll_page"), ("60 px wheel steps", "notes_scroll_wheel")):
                data = w[key]
                row(f"scrolling it, {label}: frame p95 ({data['frames']} frames)", data["frame"]["p95"], 16, unit="ms",
                    note=f"median {data['frame']['median']:.1f} ms, max {data['frame']['max']:.1f} ms; paintEvent "
                    f"alone p95 {data['paint']['p95']:.1f} ms")
    return "\n".join(lines) + "\n"


def _against_bare(data: dict) -> str:
    if "bare_window" not in data:  # results from before the baseline was measured
        return ""
    text = ""
    for key, name in (("bare_main_window", "a bare QMainWindow with a label"), ("bare_window", "a bare label")):
        if key in data:
            ratio = data["external"]["median"] / data[key]["median"]
            text += f"{ratio:.2f}× {name}, {data[key]['median']:.3f} s in the same run"
            if "cpu" in data and f"{key}_cpu" in data:
                text += f" (CPU time {data['cpu']['median'] / data[key + '_cpu']['median']:.2f}×)"
            text += "; "
    if "cpu" in data:
        text += f"CPU time to the first paint {data['cpu']['median']:.3f} s; "
    return text


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown CPU"


def _print(section: str, data) -> None:
    print(f"## {section}")
    print(json.dumps(data, indent=1, default=str))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
