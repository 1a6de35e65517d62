"""`manage.py chase_information_requests [--every SECONDS]`: remind agencies of requests near
their due time and escalate overdue ones (see `frontdoor.enquiries.chasing`).

It runs once and prints one line of counts, e.g. "Checked 12 requests: 2 reminders,
1 escalation." It is idempotent and safe to overlap with another run, so schedule it often.

From cron, every 5 minutes:

    */5 * * * * cd /srv/frontdoor && .venv/bin/python manage.py chase_information_requests

With a systemd timer, a oneshot service plus a timer:

    # frontdoor-chase.service
    [Service]
    Type=oneshot
    WorkingDirectory=/srv/frontdoor
    EnvironmentFile=/etc/frontdoor/env
    ExecStart=/srv/frontdoor/.venv/bin/python manage.py chase_information_requests

    # frontdoor-chase.timer
    [Timer]
    OnBootSec=1min
    OnUnitActiveSec=5min
    [Install]
    WantedBy=timers.target

Or as a long-running process (the demo does this): `--every 300` runs, sleeps 300 seconds and
runs again until interrupted. Ctrl-C or SIGTERM ends it with exit code 0; a SIGTERM during a
run lets that run finish first.
"""

import signal
from time import sleep
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections, connection

from frontdoor.core.actors import Actor
from frontdoor.enquiries.chasing import chase_information_requests


class _Stop:
    """SIGTERM handler: stop now while sleeping, or after the run in progress."""

    def __init__(self) -> None:
        self.running = False
        self.requested = False

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        if not self.running:
            raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Remind agencies of information requests due soon and escalate overdue ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running: chase, then wait this many seconds, until interrupted",
        )

    def handle(self, *args: Any, every: int | None, **options: Any) -> None:
        actor = Actor.system("chase_information_requests")
        if every is None:
            self.stdout.write(chase_information_requests(by=actor).line())
            return
        if every < 1:
            raise CommandError("--every needs a number of seconds of 1 or more")
        stop = _Stop()
        previous = signal.signal(signal.SIGTERM, stop)
        try:
            while not stop.requested:
                stop.running = True
                self._run_once(actor, every)
                stop.running = False
                if not stop.requested:
                    sleep(every)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write("Stopped chasing information requests.")

    def _run_once(self, actor: Actor, every: int) -> None:
        """One run; a database that is down for a moment is tried again next time."""
        if not connection.in_atomic_block:  # a caller's transaction keeps its connection
            close_old_connections()  # a long-lived process must not keep a dead connection
        try:
            self.stdout.write(chase_information_requests(by=actor).line())
        except DatabaseError as error:
            self.stderr.write(
                f"Chasing failed ({type(error).__name__}); trying again in {every} seconds."
            )
        self.stdout.flush()  # one line per run reaches a log file at once
        self.stderr.flush()
