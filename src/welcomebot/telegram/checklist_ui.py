"""The arrival checklist in Telegram: the list with its progress, one step, the weekly nudge."""

from __future__ import annotations

from html import escape

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from welcomebot.content.models import ChecklistStep, Entry, pick
from welcomebot.domain.profile import StepState
from welcomebot.services.checklist import Progress
from welcomebot.telegram.callbacks import ChecklistAct, ChecklistAction, EntryChoice
from welcomebot.telegram.keyboards import column
from welcomebot.telegram.texts import button_label, headline_label

MARKS = {StepState.DONE: "✅", StepState.SKIPPED: "⏭", None: "▫️"}


def progress_text(progress: Progress) -> str:
    """ "3 of 8 steps done", with the plural of the total, and what was skipped."""
    done, total = progress.count(StepState.DONE), progress.total
    text = ngettext("{done} of {total} step done", "{done} of {total} steps done", total).format(
        done=done, total=total
    )
    skipped = progress.count(StepState.SKIPPED)
    if skipped:
        text += " · " + _("skipped: {count}").format(count=skipped)
    return text


def listing(progress: Progress, lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
    if not progress.total:
        return _("There is no list of first steps yet."), None
    lines = ["<b>" + _("Your first steps") + "</b>", progress_text(progress), ""]
    lines += [f"{MARKS[mark]} {escape(pick(step.title, lang))}" for step, mark in progress.steps]
    lines.append("")
    if progress.next_open is None:
        lines.append(_("Every step is ticked off or skipped. Well done!"))
    else:
        lines.append(_("Tap a step to see how to do it, and tick it off when it is done."))
    buttons = [
        (
            button_label(f"{MARKS[mark]} {pick(step.title, lang)}"),
            ChecklistAction(action=ChecklistAct.OPEN, step=step.id),
        )
        for step, mark in progress.steps
    ]
    if progress.reminding:
        buttons.append(
            (_("🔕 Stop the weekly reminder"), ChecklistAction(action=ChecklistAct.QUIET))
        )
    else:
        buttons.append((_("🔔 Remind me once a week"), ChecklistAction(action=ChecklistAct.REMIND)))
    return "\n".join(lines), column(*buttons)


def step_view(
    step: ChecklistStep, state: StepState | None, entries: list[Entry], lang: str
) -> tuple[str, InlineKeyboardMarkup]:
    said = {
        StepState.DONE: _("Done."),
        StepState.SKIPPED: _("Skipped."),
        None: _("Not done yet."),
    }[state]
    text = f"<b>{escape(pick(step.title, lang))}</b>\n{said}"
    if entries:
        text += "\n\n" + _("How to do it:")
    buttons: list[tuple[str, CallbackData]] = [
        (headline_label(entry, lang), EntryChoice(id=entry.id)) for entry in entries
    ]
    if state is None:
        buttons += [
            (_("✅ Done"), ChecklistAction(action=ChecklistAct.DONE, step=step.id)),
            (_("⏭ Skip"), ChecklistAction(action=ChecklistAct.SKIP, step=step.id)),
        ]
    else:
        buttons.append((_("↩️ Undo"), ChecklistAction(action=ChecklistAct.UNDO, step=step.id)))
    buttons.append((_("« All steps"), ChecklistAction(action=ChecklistAct.LIST)))
    return text, column(*buttons)


def nudge(step: ChecklistStep, progress: Progress, lang: str) -> tuple[str, InlineKeyboardMarkup]:
    """The weekly reminder; words it in the current locale."""
    text = (
        "🧭 "
        + _("Your next first step: {step}").format(step=f"<b>{escape(pick(step.title, lang))}</b>")
        + "\n"
        + progress_text(progress)
        + "\n\n"
        + _("I remind you once a week until every step is ticked off or skipped.")
    )
    markup = column(
        (_("Open this step"), ChecklistAction(action=ChecklistAct.OPEN, step=step.id)),
        (_("🔕 Stop the weekly reminder"), ChecklistAction(action=ChecklistAct.QUIET)),
    )
    return text, markup
