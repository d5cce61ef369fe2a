"""Web-page furniture that is not the article: dropped when a file is read.

Media-player notices, share bars, image credits and captions, bylines ("By
Jane Doe, BBC News"), "Last updated" stamps, "Read more", "Follow us on
Twitter", newsletter and e-mail calls to action. General page patterns only:
what trafilatura leaves in, and what pasted text carries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# --------------------------------------------------------------------------

# Inline leftovers of web pages: removed wherever they occur.  General page
# furniture only (players, share bars, credits, bylines, timestamps).
_INLINE_BOILERPLATE = [
    r"Media playback is (?:not supported|unsupported) on (?:this|your) device",
    r"Share this with(?: (?:Email|Facebook|Messenger|Twitter|Pinterest|WhatsApp|LinkedIn|Reddit|Google\+?))*",
    r"Copy this link",
    r"These are external links and will open in a new window",
    # the credit ends at a known credit word, else after one word (text has no line breaks)
    r"Image copyright (?:(?:[A-Z][\w&.'/-]*|of|and) ){0,3}?(?:Images?|Photos?|Pictures?|PA|AFP|EPA|AP|Reuters|BBC|Getty)\b",
    r"Image copyright(?: [A-Z][\w&.'/-]*)?",
    r"(?:Image|Photo|Picture) caption [^.!?]*[.!?]?",
    r"(?:[A-Z]{2,5}/)?Getty Images",
    r"(?:\d{1,2} \w+ \d{4} )?Last updated at \d{1,2}:\d{2}(?: [AP]M)?(?: [A-Z]{2,4})?",
    r"Scroll down for video",
    r"\(CNN\)\s*(?:--|—|-)?",
    r"\bBy \. [^.]{1,60} \. (?:PUBLISHED: \. [^|]{1,60}\| \. )?(?:UPDATED: \. [^.]{1,60}\. )?",
    r"Advertisement(?= [A-Z])",
    r"^\((?:[A-Z][\w&.'-]*\s?){1,4}\)\s*(?:--|—|-)?",  # "(The Hollywood Reporter)" source credit
]
_NOT_A_PLACE = r"(?!(?:The|A|An|This|That|It|He|She|They|In|On|At|But|When|After)\b)"
# "By Katy Watson, BBC News, Mexico City" / "By Brian Milligan, personal finance reporter, BBC News."
_BYLINE = (
    r"\bBy (?:[A-Z][\w'’-]+ ){1,3}?[A-Z][\w'’-]+,(?: [a-z][\w ]{0,40}?,)? "
    r"(?:BBC|CNN|Reuters|AP|Associated Press|Daily Mail|Sky|\w+) News\b"
    rf"(?:, {_NOT_A_PLACE}[A-Z][\w'’-]+(?: {_NOT_A_PLACE}[A-Z][\w'’-]+)?)?\.?"
)
_INLINE_RE = re.compile("|".join(f"(?:{p})" for p in _INLINE_BOILERPLATE + [_BYLINE]))

# Whole sentences that are page furniture (calls to action, newsletters...).
_SENTENCE_BOILERPLATE = re.compile(
    r"^(?:Follow (?:us|@\w+|\w+ \w+) on\b|Subscribe to\b|Sign up (?:for|to)\b|Click here\b|"
    r"Like us on\b|Find us on\b|Get news from\b|Download the\b.{0,40}\bapp\b)"
    r"|[\w.+-]+@[\w-]+\.[\w.]+"  # an e-mail address ("Email haveyoursay@...")
    r"|\bcontact(?:ed)? (?:us|by a \w+ journalist)\b"
    r"|^(?:Email|Share|Print|Comments?)$"
    r"|^(?:More|Related|See also|Watch|Video|Read more)\s*:",  # link lines
    re.I,
)
# "Read more ..." runs into the next sentence when the page lost its line
# breaks: drop it up to a word that typically starts a sentence.
_READ_MORE = re.compile(
    r"\bRead more\b:?(?:\s+(?!(?:The|A|An|In|On|At|It|He|She|They|This|There|But|Police|Mr|Mrs|Ms|Dr)\b)"
    r"[^\s\"“]+){0,14}",
)
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’]))\s+(?=[\"“'‘]?[A-Z0-9£$€])")
"""Where a sentence-like piece ends: after final punctuation and any closing quotation
mark, which stays with its sentence."""


def clean_boilerplate(text_or_paragraphs: str | Sequence[str]) -> str | list[str]:
    """Remove web-page furniture from an article before it is parsed.

    Accepts one string (paragraph breaks lost, as in XSum) or a list of
    paragraphs, and returns the same shape.  Only general page patterns are
    used: media-player notices, share bars, image credits and captions,
    bylines ("By Jane Doe, BBC News"), "Last updated" stamps, "Read more",
    "Follow us on Twitter", newsletter / e-mail calls to action.  Paragraphs
    (or, for a single string, sentence-like pieces) that consist only of such
    furniture are dropped; inline leftovers are cut out.
    """
    if isinstance(text_or_paragraphs, str):
        return _clean_text(text_or_paragraphs)
    out = []
    for para in text_or_paragraphs:
        cleaned = _clean_text(para)
        if cleaned:
            out.append(cleaned)
    return out


def _clean_text(text: str) -> str:
    text = _INLINE_RE.sub(" ", text)
    text = _READ_MORE.sub(" ", text)
    pieces = [p for p in _SENTENCE_END.split(text) if p.strip()]
    kept = [p.strip() for p in pieces if not _SENTENCE_BOILERPLATE.search(p.strip())]
    return re.sub(r"\s{2,}", " ", " ".join(kept)).strip()
