"""Timing with APScheduler 3, Telegram-free: `timetable.py` makes date jobs from the rows.
The scheduler itself, with the jobs that need the Bot, is wired in `telegram/timing.py`."""
