"""Kela's notices to social welfare: the code set `kela_notice_type`, and the time the law gives.

Kela (Kansaneläkelaitos) decides basic social assistance (perustoimeentulotuki) since 1.1.2017 and passes
notices to the county's social welfare through its electronic service (eTotu, integrated with Kelmu). Kela
names the notices it can pass (https://www.kela.fi/sosiaalihuollon-tarpeesta-ilmoittaminen-kelasta-kuntaan,
read 2026-12): the need for social work; the notices under the acts on rehabilitative work activity and on
the promotion of integration; the client's wish for a personal talk with the social welfare authority; and
the information that comes automatically with a decision that reduces the basic amount. THL's working paper
26/2019 (Jokela, Kivipelto, Ylikännö: "Toimeentulotuelta sosiaalityön asiakkaaksi", URN:ISBN:978-952-343-
392-2) counts the same kinds among Kela's notices of 2017-2018 (basic-amount reductions 20 %, long-term
unemployed over 25 under the rehabilitative work activity act 10 %, need for social work 9 %).

The codes below are Polku's own. Kela's own codes in eTotu are not public (not found in any public source):
an integration maps Kela's message to these codes, and these codes are NOT presented as Kela's values.
The Finnish and Swedish names follow the laws' own words; the section of each act under which Kela
notifies is given where verified, otherwise marked unverified.

The time limit: a client's wish to talk with a social worker must be met at the latest on the seventh
weekday after the request (toimeentulotukilaki 1412/1997 14 e §, as worded by 299/2016 in force since
1.1.2017: https://www.finlex.fi/sv/laki/alkup/2016/20160299 — whether HE 127/2022 vp later renumbered or
reworded it was not verified). The request reaches the county on the day Kela's notice arrives, so the
seventh weekday is counted from that day (polku.core.weekdays: Finnish public holidays, Christmas Eve and
Midsummer Eve are not weekdays). For a basic-amount reduction (toimeentulotukilaki 10 §) and the other
notices no day limit was found in the law: the initiation's SHL 36 due dates apply as to every contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from polku.core.weekdays import add_weekdays

CODE_SET = "kela_notice_type"


@dataclass(frozen=True)
class NoticeType:
    code: str
    fi: str
    sv: str
    en: str
    source: str
    # The weekdays the law gives social welfare to act, counted from the day the notice arrives; None when
    # the law sets no day limit (the initiation's SHL 36 dates apply).
    weekdays: int | None = None
    due_what_fi: str = ""
    due_what_sv: str = ""
    due_what_en: str = ""

    def label(self, language: str | None = None) -> str:
        language = (language or get_language() or "fi")[:2]
        return {"fi": self.fi, "sv": self.sv}.get(language, self.en)

    def due_what(self, language: str | None = None) -> str:
        language = (language or get_language() or "fi")[:2]
        return {"fi": self.due_what_fi, "sv": self.due_what_sv}.get(language, self.due_what_en)


NOTICE_TYPES: dict[str, NoticeType] = {
    t.code: t
    for t in (
        NoticeType(
            code="social_work_need",
            fi="Sosiaalityön tarve",
            sv="Behov av socialt arbete",
            en="Need for social work",
            source="SHL 1301/2014 35 §; Kela: sosiaalihuollon tarpeesta ilmoittaminen",
        ),
        NoticeType(
            code="rehabilitative_work_activity",
            fi="Kuntouttavasta työtoiminnasta annetun lain mukainen ilmoitus",
            sv="Anmälan enligt lagen om arbetsverksamhet i rehabiliteringssyfte",
            en="Notice under the Act on Rehabilitative Work Activity",
            source="Laki kuntouttavasta työtoiminnasta 189/2001 (the section of Kela's notice not verified); "
            "Kela",
        ),
        NoticeType(
            code="integration",
            fi="Kotoutumisen edistämisestä annetun lain mukainen ilmoitus",
            sv="Anmälan enligt lagen om främjande av integration",
            en="Notice under the Act on the Promotion of Integration",
            source="Kotoutumislaki 1386/2010, from 1.1.2025 681/2023 (section not verified); Kela",
        ),
        NoticeType(
            code="wish_to_talk",
            fi="Asiakas toivoo henkilökohtaista keskustelua sosiaalityöntekijän kanssa",
            sv="Klienten önskar ett personligt samtal med en socialarbetare",
            en="The client wishes to talk with a social worker",
            source="Toimeentulotukilaki 1412/1997 14 e § (299/2016); Kela",
            weekdays=7,
            due_what_fi="henkilökohtainen keskustelu (toimeentulotukilaki 14 e §)",
            due_what_sv="personligt samtal (lagen om utkomststöd 14 e §)",
            due_what_en="personal talk (Social Assistance Act 14 e §)",
        ),
        NoticeType(
            code="basic_amount_reduction",
            fi="Perusosan alentaminen",
            sv="Nedsättning av grunddelen",
            en="Reduction of the basic amount",
            source="Toimeentulotukilaki 1412/1997 10 §; Kela: the information comes automatically with "
            "the decision",
        ),
    )
}

NOTICE_TYPE_CHOICES = [(t.code, t.en) for t in NOTICE_TYPES.values()]


def notice_type_label(code: str, language: str | None = None) -> str:
    """The notice type's name in the page's language; "" for a contact without one."""
    notice = NOTICE_TYPES.get(code)
    return notice.label(language) if notice else ""


def notice_choices(language: str | None = None) -> list[tuple[str, str]]:
    return [(t.code, t.label(language)) for t in NOTICE_TYPES.values()]


def unknown_notice_type(code: str) -> str | None:
    """Why `code` is refused, naming the code set, or None when it is in it."""
    if code in NOTICE_TYPES:
        return None
    return _("'%(code)s' is not in the code set %(code_set)s. Use one of: %(codes)s.") % {
        "code": code,
        "code_set": CODE_SET,
        "codes": ", ".join(NOTICE_TYPES),
    }


def notice_due(code: str, received_on: date) -> date | None:
    """The day by which social welfare must act on a notice that arrived on `received_on`, where the law
    sets a day limit (see the module's docstring); None otherwise."""
    notice = NOTICE_TYPES.get(code)
    if notice is None or notice.weekdays is None:
        return None
    return add_weekdays(received_on, notice.weekdays)
