"""``attuned check-privacy``: flag likely identifying details in a trainee's written answers.

The course's ethics gate returns any reflection with an identifiable client or third-party
detail unscored. This check helps the trainee catch such details *before* submitting: personal
names, phone numbers, e-mail addresses, exact dates, an exact age together with a place, record
or ID numbers, street addresses, named institutions, social-media handles and initials.

It is a heuristic aid, not a guarantee: it reports *likely* details, the trainee decides. It runs
entirely on this machine with regular expressions and a local list of given names
(``content/_privacy/first_names.yaml``); nothing is sent anywhere, and it never imports a network
library. Measured on a labelled set of synthetic reflections: see docs/privacy-evaluation.md.

Course vignette clients (Tomás, Linh, ...) are fictional and shared by the whole cohort, so
naming them identifies no one and is not reported — unless the text treats the name as a real
person's: "my client Priya", "a patient called Linh", or the name with a surname after it.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

NAMES_FILE = Path(__file__).resolve().parents[1] / "content" / "_privacy" / "first_names.yaml"
NAMES_SCHEMA = "attuned.privacy-names/1"
PLACEHOLDER = "YOUR ANSWER HERE"
SNIPPET_CHARS = 60


class PrivacyCheckError(Exception):
    """A notebook could not be checked (missing, not a notebook). One line, for the trainee."""


@dataclass(frozen=True)
class Finding:
    """One likely identifying detail: where, why, and the words themselves."""

    kind: str
    reason: str
    snippet: str
    start: int = 0
    end: int = 0
    cell: str = ""

    def line(self, notebook: str) -> str:
        where = f"cell {self.cell}" if self.cell else "text"
        return f'{notebook}: {where}: {self.reason} ("{self.snippet}")'


# -- vocabulary ------------------------------------------------------------------------------
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
NUMBER_WORDS = ("eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                "thirteen|fourteen|fifteen|sixteen|seventeen")
ORDINALS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
            "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-\\w+|thirtieth|"
            "thirty-first")
AGE_WORD = rf"(?:(?:{NUMBER_WORDS})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev|Fr|Auntie|Aunty|Uncle|Nana|Nanna|Granny|Grandma|Grandad|Grandpa)"
ROLES = (r"(?:client|patient|supervisee|supervisor|service[- ]user|son|daughter|husband|wife|partner|boyfriend|"
         r"girlfriend|fianc[ée]e?|mother|father|mum|mom|dad|brother|sister|grandmother|grandfather|grandma|grandpa|"
         r"granny|aunt|uncle|cousin|friend|colleague|manager|boss|teacher|carer|foster carer|nephew|niece|child|"
         r"baby|stepfather|stepmother|stepson|stepdaughter|neighbour|neighbor|flatmate|housemate|ex)")
#: Capitalised words that are not names or places (checked after a role word or preposition).
COMMON = {
    "I", "I'm", "I've", "I'd", "I'll", "The", "A", "An", "This", "That", "These", "Those", "It", "My", "Our", "Her",
    "His", "Their", "Your", "We", "He", "She", "They", "You", "When", "What", "Where", "Why", "How", "Who", "In",
    "On", "At", "After", "Before", "During", "Over", "Around", "Next", "Last", "Then", "Now", "So", "But", "And",
    "Or", "If", "As", "Not", "No", "Yes", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "English", "British", "Black", "White", "Asian", "God", "Christmas", "Easter", "Ramadan", "Eid",
    "Diwali", "Hanukkah", "Passover", "Lent", "Covid", "NHS", "GP", "CBT", "DBT", "EFT", "EMDR", "IFS", "ACT",
    "PTSD", "ADHD", "OCD", "Module", "Session", "Plan", "Zoom", "Teams", "Skype", "WhatsApp", "Internet",
    "Composite", "Invented", "Part", "Chapter", "Vignette", "Supervisor", "Reflection", "Polyvagal", "Internal",
    "Family", "Systems", "University", "School", "Hospital", "Church", "Mosque", "Court", "Council", "Google",
    *re.split(r"\|", MONTHS),
}
INSTITUTIONS = (r"(?:Primary School|Secondary School|High School|Grammar School|Primary|Infants|Juniors|Nursery|"
                r"Academy|School|College|University|"
                r"Hospital|Infirmary|Medical Centre|Medical Center|Health Centre|Clinic|Surgery|Practice|Church|"
                r"Mosque|Synagogue|Temple|Gurdwara|Prison|Barracks|Care Home|Nursing Home|Hospice)")
STREETS = (r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Court|Ct|Crescent|Place|Pl|Terrace|"
           r"Gardens|Grove|Hill|Square|Sq|Boulevard|Blvd|Row|Mews|Walk|Park|Rise|View)")
#: Upper-case letters of Latin scripts (Ł, Ś, Ž, ...): `re` has no \p{Lu}, so the class is built once.
UPPER = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x250)) if ch.isupper())
WORD = rf"[{UPPER}][^\W\d_]*(?:['’-][^\W\d_]+)*"
CAP_WORD = re.compile(rf"(?<![\w'’-]){WORD}(?![\w'’-])")


# -- the rules -------------------------------------------------------------------------------
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)[^\s)\"']+")
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_][A-Za-z0-9_.]{2,29}(?<!\.)")
PHONE = re.compile(r"(?<![\w/.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,6}(?:[\s.-]\d{2,6}){1,4}(?![\w/])"
                   r"|(?<![\w/.])\+?\d{9,14}(?![\w/])")
DATES = [
    re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?\b(?:,?\s+\d{{4}})?"),
    re.compile(rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?!\s*(?:%|years?|minutes?|hours?|days?|weeks?))"
               rf"(?:,?\s+\d{{4}})?"),
    re.compile(rf"\b(?:{ORDINALS})\s+of\s+(?:{MONTHS})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{MONTHS})\s+(?:the\s+)?(?:{ORDINALS})\b"),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
]
ID_NUMBERS = [
    re.compile(r"\b(?:case|file|record|patient|client|hospital|NHS|MRN|ID|ref(?:erence)?|chart|member|policy|"
               r"insurance|SSN|social security|NI|national insurance|passport|licence|license|registration|"
               r"referral|account|student|pupil|staff|employee|payroll|tenant|customer|claim|benefit|court|"
               r"prisoner|ward|appeal|tribunal|docket|application|order)\b\.?(?:\s+(?:no\.?|number|num\.?|#|ID|"
               r"ref\.?))?\s*[:#]?\s*[A-Z]{0,4}[-/\s]?(?=(?:\d[\s/-]?){4})\d[\dA-Z/-]*(?:\s\d[\dA-Z/-]*){0,3}",
               re.IGNORECASE),
    re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),  # US social security format
    re.compile(r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"),  # UK National Insurance format
    re.compile(r"\b[A-Z]{1,4}[-/]?\d{4,}(?:/\d+)*\b"),  # AB123456, SG-48213, HB/2231/77 (below)
    re.compile(r"\b[A-Z]{1,4}/\d{2,}/\d{2,}\b"),
]
ADDRESS = [
    re.compile(rf"\b\d{{1,4}}[A-Za-z]?,?\s+(?:{WORD}\s+){{1,3}}{STREETS}\b"),
    re.compile(r"\b(?:Flat|Apartment|Apt|Unit)\s+\d+[A-Za-z]?\b"),
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b"),  # UK postcode
]
INSTITUTION = re.compile(rf"\b(?:(?:St\.?|Saint)\s+)?(?:{WORD}\s+){{1,4}}{INSTITUTIONS}\b")
TITLED = re.compile(rf"\b{TITLES}\.?\s+(?:[A-Z]\.|{WORD})")
INITIALS = [
    re.compile(rf"\b(?i:{ROLES})\s+[A-Z]\.(?:\s?[A-Z]\.)*"),
    re.compile(r"(?<![\w.])[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?(?![\w.])"),
]
ROLE_NAME = re.compile(rf"\b(?i:{ROLES})(?:'s)?,?\s+(?:(?i:named|called)\s+)?({WORD})")
NAMED = re.compile(rf"\b(?:named|called|name is|name was)\s+({WORD})")
NOT_INITIALS = {"U.K.", "U.S.", "A.M.", "P.M.", "E.U.", "U.N.", "B.A.", "M.A.", "B.S.", "M.S.", "P.S.", "Q.A."}
CITATION_AFTER = re.compile(r"^(?:'s)?\s*(?:\(\s*(?:19|20)\d\d|,\s*(?:19|20)\d\d|et al)")
AGE = [
    re.compile(r"\b\d{1,3}[- ](?:year|yr)s?[- ]old\b|\b\d{1,3}\s?(?:y/o|y\.o\.|yo)(?![\w/])", re.IGNORECASE),
    re.compile(rf"\b(?:aged?|turned|turning)\s+(?:\d{{1,3}}|{AGE_WORD})\b", re.IGNORECASE),
    re.compile(rf"\b(?:was|is|now|just)\s+(?:\d{{1,3}}|{AGE_WORD})\b(?!\s*(?:%|minutes?|hours?|days?|weeks?|months?|"
               rf"sessions?|times?|out of|/|points?|of\b))", re.IGNORECASE),
    re.compile(r",\s*\d{2},"),
    re.compile(r"\b\d{1,3}\s+(?:years?|yrs)\s+of\s+age\b", re.IGNORECASE),
]
PLACE = re.compile(rf"\b(?:in|from|near|at|outside|of)\s+(?:the\s+)?(?:(?:small|little|old)\s+)?(?:town|city|village)?\s*"
                   rf"({WORD}(?:\s+{WORD})?)")
SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
#: "the only Sikh firefighter in the county": a rare detail that singles one person out.
RARE = re.compile(r"\b(?:the|as the|is the|was the)\s+only\s+(?:[\w-]+\s+){1,4}(?:in|at|on|from)\s+(?:the|our|her|his|"
                  r"their|this|that)?\s*(?:county|town|village|city|school|ward|team|street|area|country|"
                  r"department|unit|office|company|region|island|estate|parish|congregation|community|year group|class)\b",
                  re.IGNORECASE)
#: "at the Tesco in Hull": a named employer or venue in a named town.
WORKPLACE = re.compile(rf"\b(?:at|for)\s+(?:the\s+)?({WORD}(?:\s+{WORD})?)\s+(?:in|near|outside)\s+({WORD})")
#: A capitalised word doing what people do ("Okonkwo came in late", "Josh told me").
PERSON_VERB = re.compile(r"\s+(?:(?:had|has|then|also|just|later|finally|suddenly)\s+)?(?:said|says|told|tells|asked|"
                         r"asks|came|comes|arrived|arrives|cried|cries|shouted|laughed|emailed|texted|phoned|rang|"
                         r"wrote|writes|admitted|disclosed|replied|smiled|sighed|apologi[sz]ed|mentioned|insisted|"
                         r"refused|cancelled|canceled|missed|stormed|whispered|snapped|confided|messaged|walked out|"
                         r"turned up|showed up|stopped coming)\b")
#: Religious and historical figures named with their honorific are not people in the client's life.
REVERED = re.compile(r"(?:Prophet|Saint|St\.?|Lord|Imam|Guru|Pope|King|Queen|Emperor)\s+$")



@lru_cache(maxsize=2)
def _names_data(path: Path) -> dict | None:
    """The names file, parsed once per process (it was parsed twice, by PyYAML's pure-Python
    loader: most of the privacy cell's time in every kernel). ``None`` if it cannot be read."""
    from attuned.model.content_cache import cached_content
    from attuned.model.course import CONTENT_ROOT
    from attuned.model.fields import read_yaml

    with cached_content(CONTENT_ROOT):
        data, problems = read_yaml(path, path.name)
    if not problems:
        return data if isinstance(data, dict) else None
    import yaml  # the strict reader refused it (a duplicate key?): read it as leniently as before

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


@lru_cache(maxsize=1)
def _name_lists() -> tuple[frozenset[str], frozenset[str]]:
    data = _names_data(NAMES_FILE)
    try:
        names = frozenset(str(n) for n in data.get("names", []))
        ambiguous = frozenset(str(n) for n in data.get("ambiguous", []))
    except (AttributeError, TypeError):
        names, ambiguous = frozenset(), frozenset()  # degrade to the context rules, never fail
    return names - ambiguous, ambiguous


@lru_cache(maxsize=1)
def _course_words() -> tuple[frozenset[str], frozenset[str]]:
    """(fictional vignette client names, author surnames from the module references)."""
    try:
        from attuned.model.course import get_course

        course = get_course()
        clients = {v.client.name for v in course.vignettes.values()}
        authors: set[str] = set()
        for module in course.modules.values():
            for reference in module.references:
                for part in re.split(r"[,&;]|\band\b", reference.split("(")[0]):
                    words = [w for w in part.split() if len(w) > 2 and w[0].isupper() and not w.endswith(".")]
                    authors.update(words[:2])
        return frozenset(clients), frozenset(authors)
    except Exception:  # noqa: BLE001 - the check must still run without the course content
        return frozenset(), frozenset()


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _word_after(text: str, end: int) -> str:
    match = re.match(rf"\s+({WORD})", text[end:])
    return match.group(1) if match else ""


def check_text(text: str) -> list[Finding]:
    """Every likely identifying detail in ``text``, in reading order, overlapping ones merged."""
    if not isinstance(text, str) or not text.strip():
        return []
    found: list[Finding] = []

    def add(kind: str, reason: str, start: int, end: int) -> None:
        found.append(Finding(kind, reason, _snippet(text[start:end]), start, end))

    for m in EMAIL.finditer(text):
        add("email", "an e-mail address", m.start(), m.end())
    for m in URL.finditer(text):
        add("url", "a web address", m.start(), m.end())
    for m in HANDLE.finditer(text):
        add("handle", "a social-media handle", m.start(), m.end())
    for rule in ID_NUMBERS:
        for m in rule.finditer(text):
            if _digits(m.group()) >= 4:
                add("id", "a record or ID number", m.start(), m.end())
    for m in PHONE.finditer(text):
        if 9 <= _digits(m.group()) <= 15:
            add("phone", "a phone number", m.start(), m.end())
    for rule in DATES:
        for m in rule.finditer(text):
            add("date", "an exact date", m.start(), m.end())
    for rule in ADDRESS:
        for m in rule.finditer(text):
            add("address", "a street address or postcode", m.start(), m.end())
    for m in INSTITUTION.finditer(text):
        first = m.group().split()[0]
        if first not in COMMON or first in ("St", "St.", "Saint"):
            add("institution", "a named school, workplace or service", m.start(), m.end())
    for m in RARE.finditer(text):
        add("rare", "a rare detail that could single someone out", m.start(), m.end())
    _names(text, add)
    _age_and_place(text, add)
    clients, authors = _course_words()
    for m in WORKPLACE.finditer(text):
        firsts = {m.group(1).split()[0], m.group(2)}
        if not firsts & (COMMON | set(clients) | set(authors)) and not re.match(r"\s+vignette", text[m.end():]):
            add("workplace", "a named workplace or venue in a named place", m.start(), m.end())
    return _merge(found)


def check_names_file(path: Path = NAMES_FILE, display: str | None = None) -> list:
    """`attuned validate` support: problems in the names file as ``file: field: reason``."""
    from attuned.model.fields import read_document
    from attuned.model.problems import Problem

    display = display or str(path)
    c, top = read_document(path, display, NAMES_SCHEMA, {"schema", "names", "ambiguous", "public_figures"})
    if top is None:
        return c.problems
    for key in ("names", "ambiguous", "public_figures"):
        for i, entry in enumerate(c.text_list(top, key, "", required=key == "names")):
            if not entry[0].isupper() or (any(ch.isspace() for ch in entry.strip()) and key != "public_figures"):
                c.add(f"{key}[{i}]", f"'{entry}' should be one capitalised name")
    return [Problem(p.file, p.field, p.reason) for p in c.problems]


def _plain(word: str) -> str:
    """Without diacritics or a possessive: "Sofía's" -> "Sofia"."""
    word = re.sub(r"['’]s$", "", word)
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def _names(text: str, add) -> None:
    names, ambiguous = _name_lists()
    clients, authors = _course_words()
    figures = _public_figures() | authors
    plain_clients = {_plain(c) for c in clients}
    flagged: set[int] = set()

    def known(word: str) -> bool:
        """A capitalised word that is not a person's name in the client's life."""
        plain = _plain(word)
        return plain in COMMON or word in COMMON or plain in figures

    def name(start: int, end: int, reason: str) -> None:
        if start in flagged:
            return
        flagged.add(start)
        surname = _word_after(text, end)
        if surname and not known(surname) and not re.match(r"\s+[Vv]ignette", text[end:]):
            end = end + len(text[end:]) - len(text[end:].lstrip()) + len(surname)
            reason = "a full name" if reason == "a personal name" else reason
        add("name", reason, start, end)

    def course_reference(start: int, end: int) -> bool:
        """ "the Tomás vignette", "Linh's reaction": a vignette character, not a real person."""
        return _plain(text[start:end]) in plain_clients and not re.match(rf"\s+(?!vignette){WORD}", text[end:])

    for m in TITLED.finditer(text):
        if not known(m.group().split()[-1]):
            name(m.start(), m.end(), "a name with a title")
    for rule in INITIALS:
        for m in rule.finditer(text):
            if m.group().replace(" ", "") not in NOT_INITIALS:
                add("initials", "initials of a person", m.start(), m.end())
    for rule in (ROLE_NAME, NAMED):
        for m in rule.finditer(text):
            if not known(m.group(1)):
                name(m.start(1), m.end(1), "a personal name")  # even a vignette name: "my client Priya"
    for m in CAP_WORD.finditer(text):
        word = _plain(m.group())
        before = text[: m.start()]
        if known(m.group()) or REVERED.search(before) or CITATION_AFTER.match(text[m.end():]):
            continue  # "Rogers (1957)", "the Prophet Muhammad", "Carl Rogers"
        surname = _word_after(text, m.end())
        if surname and _plain(surname) in figures:
            continue  # "Daniel Stern", "Anna Freud Centre": a public figure
        if course_reference(m.start(), m.end()):
            continue  # a course vignette character (see the module docstring)
        full = bool(surname) and not known(surname) and not re.match(r"\s+[Vv]ignette", text[m.end():])
        if word in names or (word in ambiguous and full):
            name(m.start(), m.end(), "a personal name")
        elif PERSON_VERB.match(text[m.end():]) and word not in ambiguous and not _sentence_start_word(word):
            name(m.start(), m.end(), "a personal name")
    if _casual(text):  # all lower case: case tells nothing, so look names up regardless of case
        for m in re.finditer(r"(?<![\w'’-])[a-z][a-z'’-]{2,}(?![\w'’-])", text):
            if m.group().capitalize() in names and len(m.group()) >= 4:
                name(m.start(), m.end(), "a personal name")


def _casual(text: str) -> bool:
    """Written without capitals ("i saw sarah ..."): lower-case "i" as a word, or no capitals at all."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(re.search(r"(?:^|\s)i(?:\s|'m|'ve|'d|$)", text)) or (
        len(letters) > 40 and not any(ch.isupper() for ch in letters))


def _sentence_start_word(word: str) -> bool:
    """Words that open sentences and do things but are not people ("Anxiety came back")."""
    return word.lower() in {"anxiety", "panic", "shame", "grief", "anger", "fear", "sadness", "everything",
                            "nothing", "something", "nobody", "everyone", "someone", "anyone", "supervision",
                            "therapy", "treatment", "time", "work", "life", "silence", "tension", "trust",
                            "news", "help", "change", "mum", "mom", "dad", "mother", "father", "one", "none"}


@lru_cache(maxsize=1)
def _public_figures() -> frozenset[str]:
    data = _names_data(NAMES_FILE)
    try:
        return frozenset(_plain(str(n)) for n in data.get("public_figures", []))
    except (AttributeError, TypeError):
        return frozenset()


def _age_and_place(text: str, add) -> None:
    clients, authors = _course_words()
    for sentence in SENTENCE.finditer(text):
        chunk = sentence.group()
        ages = [m for rule in AGE for m in rule.finditer(chunk)]
        if not ages:
            continue
        for m in PLACE.finditer(chunk):
            place = m.group(1)
            first = place.split()[0]
            if first in COMMON or _plain(first) in {_plain(c) for c in clients} or first in authors \
                    or re.match(r"\s+vignette", chunk[m.end():]):
                continue
            age = min(ages, key=lambda a: abs(a.start() - m.start()))
            start, end = min(age.start(), m.start(1)), max(age.end(), m.end(1))
            add("age_place", "an exact age together with a place", sentence.start() + start, sentence.start() + end)
            break


def _merge(found: list[Finding]) -> list[Finding]:
    """One finding per stretch of text: the earliest-added (most specific) rule wins an overlap."""
    kept: list[Finding] = []
    for finding in found:
        if any(finding.start < k.end and k.start < finding.end for k in kept):
            continue
        kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


# -- notebooks -------------------------------------------------------------------------------
def answer_cells(notebook: dict) -> list[tuple[str, str]]:
    """(grade_id, text) of every nbgrader solution cell a trainee wrote in."""
    out = []
    for index, cell in enumerate(notebook.get("cells", [])):
        meta = (cell.get("metadata") or {}).get("nbgrader") or {}
        if not meta.get("solution"):
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        if text.strip() == PLACEHOLDER:
            continue
        out.append((str(meta.get("grade_id") or f"#{index + 1}"), text))
    return out


def check_notebook(path: Path | str) -> list[Finding]:
    """Findings in the notebook's answer cells; raises PrivacyCheckError if it cannot be read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PrivacyCheckError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        notebook = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise PrivacyCheckError("is not a notebook (not valid notebook JSON)") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise PrivacyCheckError("is not a notebook (no list of cells)")
    findings = []
    for grade_id, text in answer_cells(notebook):
        findings += [Finding(f.kind, f.reason, f.snippet, f.start, f.end, grade_id) for f in check_text(text)]
    return findings


def check_log(path: Path | str) -> list[Finding]:
    """Findings in the trainee's own words saved in a response log (``own_words`` events).

    Those words are written into the vignette, not a notebook cell, so the notebook check alone
    would never see them. An unreadable log is the log's own problem (the grade cells report it);
    here it simply has nothing to check.
    """
    from attuned.notebook.responses import ResponseLog

    findings = []
    for event in ResponseLog(Path(path)).read().events:
        if event.kind == "own_words" and isinstance(event.value, str):
            findings += [Finding(f.kind, f.reason, f.snippet, f.start, f.end, f"own words for {event.item}")
                         for f in check_text(event.value)]
    return findings


def check_path(path: Path | str) -> list[Finding]:
    """A notebook's answer cells, or a response log's own words (by the file's name)."""
    return check_log(path) if str(path).endswith(".jsonl") else check_notebook(path)


def main(paths: list[str]) -> int:
    """CLI: one line per finding; exit 1 if any, 0 if none, 2 if a notebook could not be checked."""
    any_found = any_error = False
    for name in paths:
        try:
            findings = check_path(name)
        except PrivacyCheckError as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            any_error = True
            continue
        for finding in findings:
            print(finding.line(name))
        any_found = any_found or bool(findings)
    if not any_found and not any_error:
        print("No likely identifying details found.")
    return 2 if any_error else 1 if any_found else 0


def show_privacy_check(folder: Path | str | None = None) -> None:
    """For a notebook cell: check the saved notebook(s) in this folder and print the result.

    Never raises and never writes to stderr (a grade-free cell, but a trainee should never see a
    traceback from a privacy aid). Checks the *saved* file, so it asks the trainee to save first.
    """
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _show(Path(folder) if folder is not None else Path.cwd())
        except Exception as exc:  # noqa: BLE001 - an aid must never break the notebook
            print(f"The privacy check could not run ({type(exc).__name__}). Please re-read your answers for "
                  "names, dates, places and numbers yourself.")


def _show(folder: Path) -> None:
    # A link is never followed: at autograde this runs as the instructor, on a trainee's folder.
    notebooks = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith(".") and not p.is_symlink())
    if not notebooks:
        print("No saved notebook found in this folder to check.")
        return
    print("Checking the saved version of: " + ", ".join(p.name for p in notebooks)
          + " (press Ctrl+S first so your latest text is checked), and the own words you wrote in the vignettes. "
          "Nothing leaves this computer.")
    total = 0
    log = folder / "responses.jsonl"
    checked = [*notebooks, *([log] if log.is_file() and not log.is_symlink() else [])]
    for path in checked:
        try:
            findings = check_path(path)
        except PrivacyCheckError as exc:
            print(f"{path.name}: {exc}")
            continue
        for finding in findings:
            print(finding.line(path.name))
        total += len(findings)
    if total:
        print(f"{total} possible identifying detail{'s' if total != 1 else ''} found. Please change or remove "
              "them (use a composite or invented case), then run this cell again. This check can be wrong "
              "both ways: you decide.")
    else:
        print("No likely identifying details found. This check can miss things: please still re-read your "
              "answers for anything that could identify a real person.")
