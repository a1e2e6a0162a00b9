"""The job runner: long work in a worker with progress, Cancel, newest-wins and stale-drop."""
from __future__ import annotations

import threading

import pytest

from gdexplorer.app.jobs import JobRunner


@pytest.fixture
def runner(qapp):
    jobs = JobRunner()
    yield jobs
    jobs.cancel_all()
    jobs.wait_for_done(5000)


def counting_job(n: int, gate: threading.Event | None = None):
    """Reports n times and returns the sum 0 + 1 + ... + n-1; waits on ``gate`` after the first
    report (so a test can cancel it while it runs)."""
    def job(progress):
        total = 0
        for i in range(n):
            progress(i / n, f"step {i}")
            if gate is not None and i == 0:
                gate.wait(5)
            total += i
        return total
    return job


def test_a_job_reports_progress_and_its_result_on_the_ui_thread(qtbot, runner):
    seen = []
    runner.progress.connect(lambda kind, fraction, text: seen.append((kind, fraction, text)))
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.submit("sweep", counting_job(4))
    assert blocker.args == ["sweep", 0 + 1 + 2 + 3]
    qtbot.waitUntil(lambda: len(seen) == 4)
    assert seen[0] == ("sweep", 0.0, "step 0") and seen[-1] == ("sweep", 0.75, "step 3")
    assert not runner.busy


def test_cancel_stops_a_running_job_at_its_next_report_and_drops_its_result(qtbot, runner):
    gate = threading.Event()
    results = []
    runner.finished.connect(lambda kind, result: results.append(result))
    with qtbot.waitSignal(runner.progress, timeout=5000):
        runner.submit("basin", counting_job(1000, gate))
    with qtbot.waitSignal(runner.cancelled, timeout=1000) as blocker:
        runner.cancel("basin")
    assert blocker.args == ["basin"] and not runner.busy
    gate.set()  # the worker goes on, reports, and stops there
    assert runner.wait_for_done(5000)
    qtbot.wait(50)  # let any (wrongly) queued result arrive
    assert results == []


def test_a_newer_job_of_the_same_kind_wins(qtbot, runner):
    gate = threading.Event()
    results = []
    runner.finished.connect(lambda kind, result: results.append((kind, result)))
    runner.submit("sweep", counting_job(3, gate))
    with qtbot.waitSignal(runner.finished, timeout=5000):
        runner.submit("sweep", counting_job(5))  # the first is cancelled, this one delivered
        gate.set()
    runner.wait_for_done(5000)
    qtbot.wait(50)
    assert results == [("sweep", 10)]


def test_a_failing_job_is_reported_not_raised(qtbot, runner):
    def broken(progress):
        raise ValueError("the grid needs NX >= 2")

    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.submit("basin", broken)
    assert blocker.args[0] == "basin" and "the grid needs NX >= 2" in blocker.args[1]
    assert not runner.busy


def test_a_new_landscape_cancels_every_job(qtbot, explorer):
    """A sweep of the old function must not land on the new one."""
    session, jobs = explorer.session, explorer.jobs
    gate = threading.Event()
    with qtbot.waitSignal(jobs.progress, timeout=5000):
        jobs.submit("sweep", counting_job(1000, gate))
    with qtbot.waitSignal(jobs.cancelled, timeout=20_000):
        session.set_expression_text("x^2 + 2*y^2", debounce=False)
    gate.set()
    assert not jobs.busy
