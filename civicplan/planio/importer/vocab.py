"""Vocabularies and the splitters that use them on run-together cells.

The document prints posts and partner bodies with no separator ("Police Voluntary Sector Change
Grow Live"). We split with a vocabulary (posts the document names cleanly elsewhere, a small
default list of partner bodies) plus role-noun heuristics; a split we cannot be sure of is kept
whole and flagged.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Posts complete in themselves.
FIXED_POSTS = ("deputy chief executive", "chief executive", "monitoring officer")
# Posts that name a department after them: "Head of …", "Assistant Director - …".
DEPARTMENT_HEADS = (
    "head of",
    "assistant director",
    "deputy director",
    "executive director",
    "strategic director",
    "corporate director",
    "director of",
    "independent chair of",
    "chair of",
)
# Nouns that end a post: "Licensing Manager", "Communities Officer".
ROLE_NOUNS = _words(
    "manager officer coordinator co-ordinator lead adviser advisor commissioner director "
    "inspector solicitor accountant surveyor analyst administrator practitioner worker "
    "warden supervisor leader chair clerk engineer planner consultant specialist"
)
# Role nouns that may be followed by a specialism: "Communities Officer Children and Young People".
SPECIALISM_NOUNS = _words("officer coordinator co-ordinator adviser advisor practitioner worker")

# Common UK partner bodies (national names, plus the Nottinghamshire domestic-abuse charities that
# the family of plans names; a caller may pass more).
PARTNER_BODIES = (
    "Police",
    "Police and Crime Commissioner",
    "Office of the Police and Crime Commissioner",
    "Voluntary Sector",
    "Community and Voluntary Sector",
    "Change Grow Live",
    "County Council",
    "City Council",
    "District Council",
    "Borough Council",
    "Parish Council",
    "Town Council",
    "Fire",
    "Fire and Rescue",
    "Fire and Rescue Service",
    "Health",
    "Public Health",
    "NHS",
    "Integrated Care Board",
    "Probation",
    "Probation Service",
    "Schools",
    "Food Standards Agency",
    "Health and Safety Executive",
    "Environment Agency",
    "Violence Reduction Partnership",
    "Violence Reduction Unit",
    "Trading Standards",
    "Home Office",
    "Housing Associations",
    "Registered Providers",
    "Youth Justice Service",
    "Victim Support",
    "Crimestoppers",
    "Neighbourhood Watch",
    "Women's Aid",
    "Citizens Advice",
    "Department for Work and Pensions",
    "Jobcentre Plus",
    "Juno",
    "Equation",
)
# Nouns that end a body's name ("Anti-fraud Partnership", "Broxtowe Women's Project").
BODY_NOUNS = _words(
    "council partnership police agency service services trust board unit sector project "
    "team commissioner standards authority authorities office association group network "
    "forum aid hub panel society foundation charity partners constabulary commission "
    "department centre alliance providers college university"
)
# Nouns that may follow a body and belong to it ("Fire Service").
_BODY_SUFFIXES = _words(
    "service services agency partnership unit board trust authority team office department hub"
)
NONE_WORDS = frozenset({"", "none", "n/a", "na", "nil", "-", "–", "not applicable", "no partners"})
_CONNECTORS = frozenset({"and", "&", "of", "the", "-", "–", "for"})


_CUT_SHORT = re.compile(r"(?:\s[-–—&]|,|\s(?:of|and|the|for|to|with|in))\s*$", re.I)


def looks_cut_short(text: str) -> bool:
    """A name or title that stops on a dash, a comma or "of"/"and" was cut short in the source."""
    return bool(_CUT_SHORT.search(text))


def name_key(text: str) -> str:
    """Spelling-insensitive key: case, commas, full stops and dashes ignored."""
    return " ".join(re.sub(r"[,.;:–—-]", " ", text.lower()).split())


def _norm(token: str) -> str:
    return token.lower().strip(",.;:")


@dataclass(slots=True)
class Split:
    """The names read from a cell and the pieces whose boundaries we could not be sure of."""

    names: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)


class PhraseIndex:
    """Longest-match lookup of known phrases, indexed by first word so a scan stays linear."""

    def __init__(self, phrases: Iterable[str] = ()) -> None:
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self.phrases: list[str] = []
        for phrase in phrases:
            self.add(phrase)

    def add(self, phrase: str) -> None:
        words = tuple(_norm(word) for word in phrase.split() if _norm(word))
        if not words:
            return
        bucket = self._by_first.setdefault(words[0], [])
        if words not in bucket:
            self.phrases.append(phrase)
            bucket.append(words)
            bucket.sort(key=len, reverse=True)

    def match(self, words: list[str], at: int) -> int:
        """Length of the longest known phrase starting at ``at`` (0 when none)."""
        for phrase in self._by_first.get(words[at], ()):
            if tuple(words[at : at + len(phrase)]) == phrase:
                return len(phrase)
        return 0


_FIXED = PhraseIndex(FIXED_POSTS)
_HEADS = PhraseIndex(DEPARTMENT_HEADS)


class PostSplitter:
    """Splits cells that run post titles together, learning posts the document names cleanly."""

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.known = PhraseIndex(known)

    def learn(self, posts: Iterable[str]) -> None:
        """Remember posts for later cells; a cut-short one would split its full form in two."""
        for post in posts:
            if not looks_cut_short(post):
                self.known.add(post)

    def split(self, text: str) -> Split:
        """Every post in a cell such as "Deputy Chief Executive Assistant Director - Finance"."""
        tokens = text.split()
        words = [_norm(token) for token in tokens]
        result, at = Split(), 0
        while at < len(tokens):
            end, certain = self._post_end(words, tokens, at)
            name = _join(tokens[at:end])
            if name:
                result.names.append(name)
                if not certain:
                    result.uncertain.append(name)
            at = end
        return result

    def leading(self, text: str) -> tuple[list[str], str]:
        """Posts at the start of an owner cell, and the comment that follows them."""
        tokens = text.split()
        words = [_norm(token) for token in tokens]
        posts, at = [], 0
        while at < len(tokens):
            end = self._leading_end(words, tokens, at)
            if end <= at:
                break
            posts.append(_join(tokens[at:end]))
            at = end
        return posts, " ".join(tokens[at:]).lstrip(".;:-– ")

    def _leading_end(self, words: list[str], tokens: list[str], at: int) -> int:
        """End of a post at ``at`` in an owner cell (``at`` when none): a comment follows the
        posts, so only a known post, a role head up to the comment's first sentence, or a short
        capitalised phrase ending in a role noun counts."""
        known = self.known.match(words, at) or _FIXED.match(words, at)
        if known:
            return at + known
        head = _HEADS.match(words, at)
        stop = min(len(tokens), at + head + 8)
        for k in range(at + head, stop):
            if not (tokens[k][:1].isupper() or words[k] in _CONNECTORS):
                return k if head and k > at + head else at
            nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
            if head and k > at + head and _sentence_start(tokens[k], nxt):
                return k
            if not head and words[k] in ROLE_NOUNS and k > at:
                return k + 1
        return len(tokens) if head and stop == len(tokens) else at

    def _boundary(self, words: list[str], tokens: list[str], start: int) -> int:
        """Next place a new post may begin: a known post, a role head, or after a full stop."""
        for k in range(start, len(tokens)):
            if tokens[k - 1].endswith((".", ";")):
                return k
            if self.known.match(words, k) or _FIXED.match(words, k) or _HEADS.match(words, k):
                return k
        return len(tokens)

    def _post_end(self, words: list[str], tokens: list[str], at: int) -> tuple[int, bool]:
        """End of the post starting at ``at`` and whether the boundary is certain."""
        length = self.known.match(words, at) or _FIXED.match(words, at)
        if length:
            return at + length, True
        head = _HEADS.match(words, at)
        if head:
            end = self._boundary(words, tokens, at + head + 1)
            return end, not _has_role(words, at + head, end)
        limit = self._boundary(words, tokens, at + 1)
        for k in range(at, limit):
            if words[k] not in ROLE_NOUNS:
                continue
            if k + 1 < limit and words[k + 1] == "of":
                return limit, not _has_role(words, k + 2, limit)
            if words[k] in SPECIALISM_NOUNS:
                return limit, not _has_role(words, k + 1, limit)
            return k + 1, True
        return limit, True


def _has_role(words: list[str], start: int, end: int) -> bool:
    return any(word in ROLE_NOUNS for word in words[start:end])


def _sentence_start(token: str, following: str) -> bool:
    """A capitalised word followed by a lower-case word starts a comment ("An incident of …")."""
    return token[:1].isupper() and following[:1].islower() and _norm(following) not in _CONNECTORS


def _join(tokens: list[str]) -> str:
    return " ".join(tokens).strip(" ,.;:")


class PartnerSplitter:
    """Splits a partnership cell into bodies: commas, "and" between bodies, run-together names."""

    def __init__(self, bodies: Iterable[str] = PARTNER_BODIES) -> None:
        self.bodies = PhraseIndex(bodies)
        self.places: set[str] = set()

    def learn(self, bodies: Iterable[str]) -> None:
        for body in bodies:
            self.bodies.add(body)

    def split(self, text: str) -> Split:
        if text.strip().lower().rstrip(".") in NONE_WORDS:
            return Split()
        result = Split()
        for part in re.split(r"\s*[,;/]\s*", text):
            if part.strip():
                self._segment(part.split(), result)
        return result

    def _segment(self, tokens: list[str], result: Split) -> None:
        words = [_norm(token) for token in tokens]
        at, start = 0, None
        found: list[str] = []
        while at < len(tokens):
            if start is None and words[at] in {"and", "&"} and found:
                at += 1
                continue
            length = self.bodies.match(words, at)
            if not length and _is_acronym(tokens[at]) and start is None:
                length = 1
            if not length and words[at] in BODY_NOUNS and start is not None:
                length = 1
            if length:
                end = at + length
                while end < len(tokens) and _continues_body(tokens[end], words[end]):
                    end += 1
                first = at if start is None else start
                if start is not None and at - start == 1:
                    self.places.add(words[start])
                found.append(_join(tokens[first:end]))
                at, start = end, None
                continue
            start = at if start is None else start
            at += 1
        if start is not None:
            self._leftover(tokens[start:], found, result)
        result.names.extend(found)

    def _leftover(self, tokens: list[str], found: list[str], result: Split) -> None:
        """Words after the last recognised body: a place suffix, a body of its own, or unsure."""
        text = _join(tokens)
        if found and len(tokens) == 1 and _is_place(tokens[0], self.places):
            found[-1] = f"{found[-1]} {text}"
            return
        found.append(text)
        if sum(token[:1].isupper() for token in tokens) >= 2:
            result.uncertain.append(text)


def _continues_body(token: str, word: str) -> bool:
    """ "Service" after "Fire", or lower-case words ("authority partners") belong to the body."""
    return word in _BODY_SUFFIXES or (token[:1].islower() and word not in _CONNECTORS)


def _is_acronym(token: str) -> bool:
    letters = token.strip(",.;:")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha()


def _is_place(token: str, places: set[str]) -> bool:
    word = _norm(token)
    return word.endswith("shire") or word in places


class Names:
    """One spelling per post, partner or department: the most used one (the first on a tie).

    Names are noted as the document is read and resolved at the end, so the outcome does not
    depend on row order. A spelling that differs only in case or punctuation is replaced; one that
    is merely close (≥ 0.9 similar) is kept as printed. Both are reported with the line.
    """

    def __init__(self, what: str) -> None:
        self.what = what
        self._seen: dict[str, dict[str, list[int | None]]] = {}  # key → spelling → lines

    def note(self, name: str, line: int | None) -> str:
        self._seen.setdefault(name_key(name), {}).setdefault(name, []).append(line)
        return name

    def known(self) -> list[str]:
        return [spelling for spellings in self._seen.values() for spelling in spellings]

    def resolve(self) -> tuple[dict[str, str], list[dict]]:
        """The spelling to use for each printed one, and the findings about the others."""
        mapping: dict[str, str] = {}
        findings: list[dict] = []
        chosen: dict[str, str] = {}
        for key, spellings in self._seen.items():
            best = max(spellings, key=lambda spelling: len(spellings[spelling]))
            chosen[key] = best
            for spelling, lines in spellings.items():
                if spelling != best:
                    mapping[spelling] = best
                    findings += [self._finding(spelling, best, line, True) for line in lines]
        buckets: dict[str, list[str]] = {}
        for key in self._seen:
            bucket = buckets.setdefault(key.split(" ")[0], [])
            close = difflib.get_close_matches(key, bucket, n=1, cutoff=0.9)
            if close:
                rare, common = sorted((key, close[0]), key=self._uses)
                findings += [
                    self._finding(spelling, chosen[common], line, False)
                    for spelling, lines in self._seen[rare].items()
                    for line in lines
                ]
            bucket.append(key)
        return mapping, findings

    def _uses(self, key: str) -> int:
        return sum(len(lines) for lines in self._seen[key].values())

    def _finding(self, name: str, other: str, line: int | None, used: bool) -> dict:
        return _written_differently(self.what, name, other, line, used)


def _written_differently(what: str, name: str, first: str, line: int | None, used: bool) -> dict:
    action = f"read as '{first}'" if used else "kept as printed; check which is right"
    return {
        "kind": "name_written_differently",
        "line": line,
        "message": f"{what} '{name}' is written '{first}' elsewhere in the plan; {action}.",
        "suggestion": first,
    }
