"""How statistics, content gaps and the weekly digest read in Telegram, in the reader's
language: shared by /stats, /gaps and the digest's Composer."""

from __future__ import annotations

from datetime import timedelta
from html import escape

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext
from babel.dates import format_date, format_timedelta
from babel.numbers import format_percent

from welcomebot.content.models import ContentPack, pick
from welcomebot.i18n.quotes import quote
from welcomebot.services.digest import Digest
from welcomebot.services.gaps import Gap
from welcomebot.services.stats import Stats

TOP_PROPOSALS = 10


def stats_text(stats: Stats, pack: ContentPack, lang: str) -> str:
    def share(n: int) -> str:
        if not stats.questions:
            return str(n)
        return f"{n} ({format_percent(n / stats.questions, locale=lang)})"

    votes = stats.helpful + stats.not_helpful
    median = stats.median_reply_seconds
    period = _("{start} – {until}").format(
        start=format_date(stats.start, "medium", locale=lang),
        until=format_date(stats.until, "medium", locale=lang),
    )
    lines = [
        "<b>" + _("Statistics, {period}").format(period=period) + "</b>",
        _("Questions: {count}").format(count=stats.questions),
        "• " + _("answered directly: {share}").format(share=share(stats.answered)),
        "• "
        + _("answered through a suggestion: {share}").format(share=share(stats.via_suggestion)),
        "• " + _("not answered: {share}").format(share=share(stats.not_answered)),
        ngettext(
            "Helpful: {rate} of {count} vote", "Helpful: {rate} of {count} votes", votes
        ).format(rate=format_percent(stats.helpful / votes, locale=lang), count=votes)
        if votes
        else _("Helpful: no votes yet"),
        _(
            "Requests to a person: {opened} opened, {reopened} reopened, {answered} answered, {closed} closed"
        ).format(
            opened=stats.tickets_opened,
            reopened=stats.tickets_reopened,
            answered=stats.tickets_answered,
            closed=stats.tickets_closed,
        ),
    ]
    if median is not None:
        wait = format_timedelta(timedelta(seconds=median), locale=lang)
        lines.append(_("Median time to the first staff reply: {wait}").format(wait=wait))
    lines += ["", "<b>" + _("Questions by topic and language") + "</b>"]
    topics: dict[str, dict[str, int]] = {}
    for (topic, question_lang), n in stats.by_topic.items():
        topics.setdefault(topic, {})[question_lang] = n
    named = {
        topic: pick(pack.group_titles[topic], lang) if topic in pack.group_titles else topic
        for topic in topics
    }
    order = sorted((t for t in topics if t), key=lambda t: (-sum(topics[t].values()), named[t]))
    for topic in [*order, *([""] if "" in topics else [])]:
        title = escape(named[topic], quote=False) if topic else _("No answer")
        counts = ", ".join(f"{code} {n}" for code, n in sorted(topics[topic].items()))
        lines.append(f"• {title}: {counts}")
    if not topics:
        lines.append(_("No questions in this period."))
    lines += [
        "",
        "<b>" + _("Per week: questions · active people · rumour reports") + "</b>",
        *(f"{w.week}: {w.questions} · {w.active_people} · {w.rumour_reports}" for w in stats.weeks),
    ]
    if stats.checklist is not None:
        lines += ["", "<b>" + _("People who completed each first step, per week") + "</b>"]
        lines += [
            f"• {escape(pick(step.title, lang), quote=False)}: "
            + " · ".join(map(str, stats.checklist.row(step.id)))
            for step in stats.checklist.steps
        ]
    return "\n".join(lines)


def chart_titles() -> dict[str, str]:
    return {
        "questions": _("questions"),
        "active_people": _("active people"),
        "rumour_reports": _("rumour reports"),
    }


def gap_lines(gaps: list[Gap], pack: ContentPack, lang: str) -> list[str]:
    lines = []
    for gap in gaps:
        languages = ", ".join(f"{code} {n}" for code, n in gap.languages.items())
        head = ngettext("{count} question", "{count} questions", gap.size).format(count=gap.size)
        line = f"• <b>{head}</b> ({languages})"
        entry = pack.by_id.get(gap.shown) if gap.shown else None
        if entry is not None:
            shown = escape(pick(entry.headline, lang), quote=False)
            line += "\n  " + _("Offered, not picked: {entry}").format(entry=shown)
        lines.append(line)
        lines += [f"  {quote(escape(example, quote=False), lang)}" for example in gap.examples]
    return lines


def digest_text(digest: Digest, lang: str) -> str:
    pack = digest.pack
    lines = ["<b>" + _("Weekly digest, {week}").format(week=digest.week) + "</b>", ""]
    if digest.open_tickets is not None:
        lines += [
            ngettext(
                "Requests still open: {count}", "Requests still open: {count}", digest.open_tickets
            ).format(count=digest.open_tickets),
            "",
        ]
    if digest.gaps:
        lines.append(
            ngettext(
                "{count} question had no sure answer this week; the biggest groups:",
                "{count} questions had no sure answer this week; the biggest groups:",
                digest.gap_questions,
            ).format(count=digest.gap_questions)
        )
        lines += gap_lines(digest.gaps, pack, lang)
    else:
        lines.append(_("Every question had a sure answer this week."))
    lines.append("")
    if digest.proposals:
        count = len(digest.proposals)
        lines.append(
            ngettext(
                "{count} new variant proposed from what people confirmed "
                "(`welcomebot content propose` writes them for review):",
                "{count} new variants proposed from what people confirmed "
                "(`welcomebot content propose` writes them for review):",
                count,
            ).format(count=count)
        )
        for proposal in digest.proposals[:TOP_PROPOSALS]:
            entry = pack.by_id.get(proposal.entry_id)
            title = escape(pick(entry.headline, lang), quote=False) if entry else proposal.entry_id
            lines.append(
                f"• {quote(escape(proposal.variant, quote=False), lang)} → {title} "
                f"({proposal.confirmations})"
            )
    else:
        lines.append(_("No new variants proposed."))
    return "\n".join(lines)
