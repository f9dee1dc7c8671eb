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
