"""The optional profile's values in the reader's language."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from welcomebot.domain.profile import Children, PersonProfile, Situation


def situation_name(value: str | None) -> str:
    names: dict[str, str] = {
        Situation.TEMPORARY_PROTECTION: _("Temporary protection"),
        Situation.REFUGEE: _("Refugee or asylum seeker"),
        Situation.WORK: _("Work"),
        Situation.STUDY: _("Study"),
        Situation.FAMILY: _("Family reunification"),
        Situation.OTHER: _("Other"),
        Situation.UNDISCLOSED: _("Prefer not to say"),
    }
    return names.get(value or "", _("not given"))


def age_name(band: str) -> str:
    return {
        "0-2": _("under 3"),
        "3-6": _("3 to 6 years"),
        "7-15": _("7 to 15 years"),
        "16-17": _("16 or 17 years"),
    }.get(band, band)


def children_text(profile: PersonProfile) -> str:
    if profile.children == Children.YES:
        ages = ", ".join(age_name(a) for a in profile.ages)
        return _("yes ({ages})").format(ages=ages) if ages else _("yes")
    if profile.children == Children.NO:
        return _("no")
    if profile.children == Children.UNDISCLOSED:
        return _("Prefer not to say")
    return _("not given")
