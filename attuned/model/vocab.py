"""The fixed vocabularies every content file and report shares.

They live in code, not in content files, because the analytics compare patterns *across*
modules: if each author could coin a new stance or quality, cohort charts would stop adding up.
"""

from __future__ import annotations

#: The five relational qualities, in the order used for every rating (A-R-W-Rp-P).
QUALITIES: tuple[str, ...] = ("attunement", "respect", "warmth", "repair", "presence")
#: How repair is rated, said wherever ratings are shown (Option.ratings_in_words: the vignette
#: card, the grade cell's record, the portfolio), so a 2 with no strain is never a mystery and a
#: lower score is never read as a mark-down for something that could not happen. The rule is the
#: curriculum brief's (CURRICULUM.md, "Vignette scores").
REPAIR_RULE = ("Repair rates owning a misattunement; where nothing is strained yet, it is 2 when "
               "the response invites correction.")
QUALITY_ABBREVIATIONS: dict[str, str] = {
    "attunement": "A",
    "respect": "R",
    "warmth": "W",
    "repair": "Rp",
    "presence": "P",
}
MAX_RATING = 2

#: What kind of move a response is. Each option in a vignette carries exactly one.
STANCES: dict[str, str] = {
    "attuned": "follows the client's experience and pace",
    "directive-attuned": "offers structure or direction because the client needs it now",
    "repair": "notices and owns a misattunement, and invites correction",
    "fix": "jumps to advice, a plan or a technique",
    "interpret": "explains the client to themselves",
    "reassure": "soothes with a promise or a compliment",
    "explain": "teaches theory or evidence in place of meeting the moment",
    "defend": "protects the therapist's position or rules",
    "withdraw": "moves on, goes quiet or hands the work back without support",
    "self-focus": "brings the therapist's own feelings or story to the centre",
}

#: Families used by analytics: the urge-to-fix family is what Module 04 teaches trainees to notice.
STANCE_FAMILIES: dict[str, str] = {
    "attuned": "attuned",
    "directive-attuned": "attuned",
    "repair": "attuned",
    "fix": "fix",
    "interpret": "interpret",
    "reassure": "reassure",
    "explain": "fix",
    "defend": "other",
    "withdraw": "other",
    "self-focus": "other",
}

#: The fewest words a trainee's own first words to a client may have. Five is enough for one short
#: sentence that names what the client may feel and answers it ("That sounds heavy to carry today."),
#: and too many for a placeholder such as "ok" or "I hear you". It is a floor against skipping the
#: step, not a measure of quality: the instructor's four-point rubric judges the words themselves.
OWN_WORDS_MIN_WORDS = 5
#: Why, in words a trainee reads on screen before typing (completes "at least N words, because ...").
OWN_WORDS_WHY = "it takes a short sentence to name what the client may be feeling and how you would answer it"


def word_count(text: str) -> int:
    """Words as a reader counts them: runs between spaces holding a letter or digit ("it's" is one)."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def own_words_rule() -> str:
    """The rule as the trainee reads it before typing: the number and the reason, from here only."""
    return f"at least {OWN_WORDS_MIN_WORDS} words, because {OWN_WORDS_WHY}"


def own_words_problem(text: str, client: str) -> str | None:
    """Why ``text`` cannot be saved as own words to ``client`` (one sentence), or None if it can."""
    count = word_count(text)
    if not text.strip():
        return f"Write what you would say to {client} first: the box is empty, so nothing was saved."
    if count < OWN_WORDS_MIN_WORDS:
        shown = f"{count} word{'s' if count != 1 else ''}"
        return f"Not saved: your words to {client} have {shown}. Write {own_words_rule()}."
    return None
