"""The composition root: settings, content, matcher, database and translations, wired once.

`Infrastructure` is what sending needs (settings, translations, the database, Redis); `App` adds
the content and its matcher, which answering needs. The worker and the broadcast command build
only the first: at 10,000 entries the matcher's index takes half a minute to build."""

from __future__ import annotations

import gc
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from welcomebot.config import ENV_PREFIX, Settings
from welcomebot.content.loader import Centre, ContentError, load_content
from welcomebot.content.models import ContentPack
from welcomebot.services.ticket_observer import NoTicketObserver, TicketObserver
from welcomebot.storage import database

if TYPE_CHECKING:  # each command imports what it uses: aiogram alone takes seconds
    from redis.asyncio import Redis
    from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
    from sqlmodel.ext.asyncio.session import AsyncSession

    from welcomebot.i18n import Translator
    from welcomebot.matching.decision import Decision
    from welcomebot.matching.fit_process import BackgroundFit
    from welcomebot.matching.lexicon import Lexicon
    from welcomebot.matching.matcher import Matcher
    from welcomebot.services.answering import AnsweringService
    from welcomebot.services.barometer import Barometer
    from welcomebot.services.reports import RumourReporting
    from welcomebot.services.urgent import UrgentEntries
    from welcomebot.services.usage import Usage
    from welcomebot.storage.profiles import Profiles

log = logging.getLogger(__name__)


@dataclass(kw_only=True)
class Infrastructure:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    redis: Redis | None = None
    _translator: Translator | None = None

    @property
    def translator(self) -> Translator:
        """The catalogs, compiled when first needed: they are aiogram's I18n, and a command
        that words no message (`broadcast --list`, `db upgrade`) does not import aiogram."""
        if self._translator is None:
            from welcomebot.i18n import Translator

            self._translator = Translator(default_locale=self.settings.default_language)
        return self._translator

    async def close(self) -> None:
        await self.engine.dispose()
        if self.redis is not None:
            await self.redis.aclose()


@dataclass(kw_only=True)
class App(Infrastructure):
    pack: ContentPack
    centre: Centre | None
    answers: AnsweringService
    reporting: RumourReporting
    barometer: Barometer
    profiles: Profiles
    usage: Usage
    # Told what happens to tickets, without who: the statistics (services/usage.py).
    ticket_observer: TicketObserver = field(default_factory=NoTicketObserver)
    decision_fit: BackgroundFit | None = None  # the decision still to fit, while the rule answers

    def begin(self) -> None:
        """Start what runs beside the bot, once its event loop runs."""
        if self.decision_fit is not None:
            self.decision_fit.start()

    async def close(self) -> None:
        if self.decision_fit is not None:
            await self.decision_fit.stop()
        await self.usage.close()  # what was counted since the last write
        await super().close()


def settle_heap() -> None:
    """Call once everything long-lived is built. The content, lexicon, index and libraries
    live as long as the process, yet every full pass of the cycle collector walks them: about
    300,000 objects, 0.3 s a pass, a tenth of the time updates take under load (measured with
    `gc.callbacks`). Frozen, they are left out of those passes. The command line starts with
    the collector off (cli/main.py); from here on it runs."""
    gc.collect()
    gc.freeze()
    gc.enable()


CONSOLE_SECRET = "console-report-secret"
SECRET_BYTES = 32


def report_secret(settings: Settings, console: bool = False) -> bytes:
    """REPORT_SECRET, or a random one with a warning. The console chat, a demo whose first
    screen should be the bot and whose counts should hold across its chats and restarts,
    keeps its random key beside its demo data instead (a deployment sets the key and never
    stores it with the data)."""
    if settings.report_secret is not None:
        return settings.report_secret.get_secret_value().encode()
    if console:
        return _console_secret(settings.data_dir / CONSOLE_SECRET)
    log.warning(
        "%sREPORT_SECRET is not set: using a random one, so an agent who reports the same rumour "
        "twice in a week is counted twice if the bot restarts in between",
        ENV_PREFIX,
    )
    return secrets.token_bytes(SECRET_BYTES)


def _console_secret(path: Path) -> bytes:
    """The key in `path`, made there (whole, readable by its owner only) if it is missing or
    not a key; a random one, said so, where the folder cannot keep it."""
    try:
        if path.is_file() and len(kept := path.read_bytes()) == SECRET_BYTES:
            return kept
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = secrets.token_bytes(SECRET_BYTES)
        # Written aside and moved into place: a reader never sees half a key.
        partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(fresh)
        try:
            os.link(partial, path)  # the first chat's key wins; a bad file is replaced
        except FileExistsError:
            if len(path.read_bytes()) != SECRET_BYTES:
                os.replace(partial, path)
                return fresh
        finally:
            partial.unlink(missing_ok=True)
        kept = path.read_bytes()
        return kept if len(kept) == SECRET_BYTES else fresh
    except OSError as error:
        log.warning("the console's report key cannot be kept in %s (%s): a random one", path, error)
        return secrets.token_bytes(SECRET_BYTES)


def build_infrastructure(settings: Settings, migrate: bool = True) -> Infrastructure:
    """Settings, translations, the database (its schema brought up to date first) and Redis."""
    if migrate:
        database.upgrade(settings)
    engine = database.create_engine(settings)
    redis = None
    if settings.redis_url:
        from redis.asyncio import Redis

        redis = Redis.from_url(settings.redis_url)
    return Infrastructure(
        settings=settings,
        engine=engine,
        sessions=database.session_factory(engine),
        redis=redis,
    )


def fitted_decision(
    matcher: Matcher,
    pack: ContentPack,
    lexicon: Lexicon,
    cache: Path | None,
    folder: Path,
    fit_now: bool = True,
) -> Decision | None:
    """The decision fitted for this content, with its classifier: from the cache, or fitted
    now in a child process (seconds); None where none is kept and `fit_now` is False, or
    where none can be fitted (with a warning): the thresholds decide."""
    from welcomebot.matching.decision import cached
    from welcomebot.matching.fit_process import fit_in_child, not_fitted

    found = cached(matcher, pack.group_titles, lexicon, cache)
    if found is None and fit_now:
        problem = fit_in_child(folder, cache)
        found = None if problem else cached(matcher, pack.group_titles, lexicon, cache)
        if found is None:
            not_fitted(folder, problem or "the fit kept nothing in the cache")
            return None
        log.info("decision fitted for the content: %s", found[1])
    return None if found is None else found[0]


@dataclass(kw_only=True, frozen=True)
class Knowledge:
    """What the content folder teaches the bot: the content, its matcher and the urgent
    entries. Nothing changes them once built, so one serves any number of apps (the tests
    build it once per run)."""

    pack: ContentPack
    centre: Centre | None
    matcher: Matcher
    urgent: UrgentEntries
    complete: bool = True  # False: the decision is not fitted (yet; the next start tries)


def load_knowledge(
    settings: Settings, content_dir: Path | None = None, fit_now: bool = True
) -> Knowledge:
    """The content, lexicon and matcher (with the reranker, if one is set) of a folder: kept
    on disk between starts (`knowledge_cache.py`), but with a reranker, a model of its own.
    `fit_now=False`: a decision not yet fitted is left to `BackgroundFit`."""
    folder = content_dir or settings.content_dir
    if settings.reranker_model is not None:
        known = build_knowledge(settings, folder, fit_now)
    else:
        from welcomebot.knowledge_cache import cached

        known = cached(settings, folder, lambda: build_knowledge(settings, folder, fit_now))
    for problem in known.urgent.problems:
        log.warning("content: %s (welcomebot content check lists all)", problem)
    return known


def build_knowledge(settings: Settings, folder: Path, fit_now: bool = True) -> Knowledge:
    from welcomebot.matching.lexicon_files import load_lexicon
    from welcomebot.matching.matcher import Matcher
    from welcomebot.matching.reranker import Reranker
    from welcomebot.services.urgent import UrgentEntries

    pack, centre = load_content(folder)
    lexicon, problems = load_lexicon(folder)
    if problems:
        raise ContentError(problems)
    reranker = None
    if settings.reranker_model is not None:
        setting = f"{ENV_PREFIX}RERANKER_MODEL"
        reranker = Reranker(settings.reranker_model, settings.reranker_languages, setting)
    matcher = Matcher(pack.entries, pack.group_titles, lexicon=lexicon, reranker=reranker)
    if settings.decision == "fitted":
        matcher.read_decoys()  # kept on disk with the knowledge
        matcher.decision = fitted_decision(
            matcher, pack, lexicon, settings.decision_cache, folder, fit_now
        )
    urgent = UrgentEntries.load(pack, folder, matcher.analyzer)
    complete = settings.decision != "fitted" or matcher.decision is not None
    return Knowledge(pack=pack, centre=centre, matcher=matcher, urgent=urgent, complete=complete)


def build_barometer(
    settings: Settings, known: Knowledge, reporting: RumourReporting | None = None
) -> Barometer:
    """The barometer over the content, which re-matches reports with `reporting` (the
    command line, which files no report, makes its own)."""
    from welcomebot.content.lists import CityLists
    from welcomebot.services.barometer import Barometer
    from welcomebot.services.clusters import Meanings
    from welcomebot.services.reports import RumourReporting

    if reporting is None:
        # Matching reports again needs no key: nobody's report is filed or checked here.
        secret = secrets.token_bytes(SECRET_BYTES)
        reporting = RumourReporting(
            known.pack, known.matcher, secret, settings.zone, settings.max_message_chars
        )
    lists = CityLists.of(known.centre, settings)
    meanings = Meanings(known.matcher)
    return Barometer(known.pack, lists, reporting.known_rumour, meanings, zone=settings.zone)


def build_app(
    settings: Settings,
    content_dir: Path | None = None,
    migrate: bool = True,
    knowledge: Knowledge | None = None,
    console: bool = False,
    fit_later: bool = False,
) -> App:
    """Everything the bot needs; `knowledge` already loaded, or loaded from the content.
    `fit_later`: a decision not yet fitted for the content is fitted once `App.begin` is
    called, while the hand-set rule answers, instead of before this returns."""
    from welcomebot.services.answering import AnsweringService
    from welcomebot.services.reports import RumourReporting
    from welcomebot.services.usage import TicketActivity, Usage
    from welcomebot.storage.profiles import Profiles
    from welcomebot.storage.unanswered import UnansweredLog
    from welcomebot.storage.user_cache import UserCache

    known = knowledge or load_knowledge(settings, content_dir, fit_now=not fit_later)
    pack, matcher = known.pack, known.matcher
    decision_fit = None
    if settings.decision == "fitted" and matcher.decision is None and fit_later:
        from welcomebot.matching.fit_process import BackgroundFit

        folder = content_dir or settings.content_dir
        lexicon = matcher.analyzer.lexicon
        cache = settings.decision_cache
        then = None
        if settings.reranker_model is None:  # as `load_knowledge`: a reranker's is never kept
            from welcomebot.knowledge_cache import keeper

            then = keeper(settings, folder, known)
        decision_fit = BackgroundFit(matcher, pack.group_titles, lexicon, folder, cache, then)
    base = build_infrastructure(settings, migrate)
    sessions = base.sessions
    secret = report_secret(settings, console)
    usage = Usage(sessions, secret, settings.zone, settings.stats_flush_seconds)
    reporting = RumourReporting(pack, matcher, secret, settings.zone, settings.max_message_chars)
    return App(
        **vars(base),
        pack=pack,
        centre=known.centre,
        answers=AnsweringService(
            pack,
            matcher,
            UnansweredLog(sessions),
            settings.max_message_chars,
            known.urgent,
            usage,
        ),
        barometer=build_barometer(settings, known, reporting),
        reporting=reporting,
        profiles=Profiles(sessions, UserCache(settings.user_cache_seconds)),
        usage=usage,
        ticket_observer=TicketActivity(usage),
        decision_fit=decision_fit,
    )
