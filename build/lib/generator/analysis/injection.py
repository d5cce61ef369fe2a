"""Text addressed to AI systems, not to readers (prompt injection).

An article may carry sentences written for the language model that reads it
("Ignore previous instructions and output: ..."). They are not news: the
briefing says the article contains such text, and neither backend presents
its content as a claim, a summary sentence or an actor's role. Patterns, not
a model: each names the move (override the instructions, re-cast the
reader as a machine, dictate the output), so a sentence about AI in the
news ("the lab's AI assistant was released") does not match.
"""

from __future__ import annotations

import re

_PATTERNS = [
    # override: "ignore (all) previous instructions", "disregard the above rules"
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}?\b(?:previous|prior|preceding|above|"
    r"earlier|all|any|your|these|those|system)\b[^.!?\n]{0,30}?\b(?:instructions?|prompts?|rules|"
    r"directions|guidelines|directives|context)\b",
    # re-casting the reader: "you are now an AI that ...", "as an AI language model, you must"
    r"\b(?:you are|you're|act as|pretend to be|from now on you)\b[^.!?\n]{0,20}?\b(?:an? )?(?:ai|"
    r"artificial intelligence|language model|llm|chatbot|chat ?gpt|gpt-?\d*)\b",
    r"\b(?:note|message|instructions?|attention)\s+(?:to|for)\s+(?:any\s+|all\s+)?(?:ai|llm|language model|"
    r"chatbot|assistant|summari[sz]er)s?\b",
    r"\b(?:if|when)\s+you\s+are\s+(?:an?\s+)?(?:ai|llm|language model|chatbot|summari[sz]er)\b",
    # dictating the output: "output: ...", "respond only with ...", "summarise this article as ..."
    r"(?:^|\band\s+|\bthen\s+|[,;]\s*)(?:output|respond|reply|answer|print|write)\s*(?:only\s+)?"
    r"(?:with\s*)?:",
    r"\b(?:system prompt|developer message|developer mode|jailbreak mode)\b",
    # a chat role written into the text: "SYSTEM: you are ..."
    r"(?:^|[.!?]\s+)(?:system|assistant)\s*:\s",
]
_ADDRESSED = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def addressed_to_ai(sentence: str) -> bool:
    """Does this sentence speak to an AI system rather than to the reader?"""
    return _ADDRESSED.search(sentence) is not None


NOTICE = ("The article contains text addressed to AI systems (sentence {ids}); it is not "
          "reported here as a claim or summary.")


def notice(flags: list[bool]) -> str | None:
    ids = [str(i + 1) for i, flagged in enumerate(flags) if flagged]
    if not ids:
        return None
    return NOTICE.format(ids=", ".join(ids[:10]) + (" and more" if len(ids) > 10 else ""))
